package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S7 CancellingATaskGroup: cancelling the group's scope cancels every task in it. */
class CancellingATaskGroupTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void bothWaitersAreCancelled(Backend backend) {
        List<String> lines = Output.of(CancellingATaskGroup::run, backend);
        if (backend == Backend.SERIAL) {
            // AnyIO's exact order: the cancel wakes the waiters in the order they were started.
            assertThat(lines).containsExactly("Waiter 1 cancelled", "Waiter 2 cancelled");
        }
        assertThat(lines).containsExactlyInAnyOrder("Waiter 1 cancelled", "Waiter 2 cancelled");
    }
}
