package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CancellingBlockingCode: a task blocked in a JDK call is interrupted and the interrupt does not
 * outlive its scope; a worker thread stops at its cancellation check; an abandoned worker runs on
 * while its caller moves on.
 */
class CancellingBlockingCodeTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void blockingCodeIsCancelledByInterruptByCheckOrByAbandoning(Backend backend) {
        assertThat(Output.of(CancellingBlockingCode::run, backend))
                .containsExactly(
                        "1. take() was interrupted at the deadline: cancelledCaught = true",
                        "   interrupt flag after the scope: false",
                        "2. worker: stopped at FromThread.checkCancelled()",
                        "   the caller's runSync threw Cancelled, and the group swallowed it",
                        "3. abandoned at the deadline: cancelledCaught = true, the worker is"
                                + " still blocked",
                        "   the abandoned function has returned since; its result was dropped");
    }
}
