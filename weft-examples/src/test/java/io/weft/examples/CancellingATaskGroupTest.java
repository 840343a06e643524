package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S7 CancellingATaskGroup: cancelling the group's scope cancels every task in it. */
class CancellingATaskGroupTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void bothWaitersAreCancelled(Backend backend) {
        // SERIAL: Waiter 1 cancelled, Waiter 2 cancelled
        assertThat(Output.of(CancellingATaskGroup::run, backend))
                .containsExactlyInAnyOrder("Waiter 1 cancelled", "Waiter 2 cancelled");
    }
}
