package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S14 ExceptionGroups: what a task group throws, and handling part of a group. */
class ExceptionGroupsTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void groupsHoldEveryFailureAndAnOuterCancellationStaysSingle(Backend backend) {
        List<String> lines = Output.of(ExceptionGroups::run, backend);
        assertThat(lines).hasSize(10);
        assertThat(lines.subList(0, 4))
                .containsExactly(
                        "1. unhandled errors in a TaskGroup (1 sub-exception)",
                        "   member: java.lang.IllegalArgumentException: bad argument",
                        "   collapsed: java.lang.IllegalArgumentException: bad argument",
                        "2. unhandled errors in a TaskGroup (2 sub-exceptions)");
        if (backend == Backend.SERIAL) {
            // AnyIO's order: the children run, and fail, in the order they were started.
            assertThat(lines.subList(4, 6))
                    .containsExactly(
                            "   member: java.lang.IllegalArgumentException: child 1 failed while"
                                    + " cancelled",
                            "   member: java.lang.IllegalStateException: child 2 failed while"
                                    + " cancelled");
        }
        assertThat(lines.subList(4, 6))
                .containsExactlyInAnyOrder(
                        "   member: java.lang.IllegalArgumentException: child 1 failed while"
                                + " cancelled",
                        "   member: java.lang.IllegalStateException: child 2 failed while"
                                + " cancelled");
        assertThat(lines.subList(6, 10))
                .containsExactly(
                        "3. TaskGroup.run threw a single Cancelled, not an ExceptionGroup",
                        "   the outer scope swallowed it: cancelledCaught = true",
                        "4. handled: [java.lang.IllegalArgumentException: bad value]",
                        "   propagated: [java.lang.IllegalStateException: bad state]");
    }
}
