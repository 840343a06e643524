package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S6 TaskHandles: cancelling one task, waiting for one task, statuses and results. */
class TaskHandlesTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theCancelledTaskIsTheOnlyOneWithoutAResult(Backend backend) {
        assertThat(Output.of(TaskHandles::run, backend))
                .containsExactly("2", "Tasks finished: 0, 2, 3, 4");
    }
}
