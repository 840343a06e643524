package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S8 Timeouts: moveOnAfter moves on at the deadline, failAfter throws with its reason. */
class TimeoutsTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theDeadlineCutsTheSleepShort(Backend backend) {
        assertThat(Output.of(Timeouts::run, backend))
                .containsExactly(
                        "Starting sleep",
                        "Exited cancel scope, cancelled = true",
                        "Starting sleep",
                        "Caught java.util.concurrent.TimeoutException, reason: the sleep took too"
                                + " long");
    }
}
