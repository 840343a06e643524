package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.testing.MockClock;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TimeLimits: failAfter's value and TimeoutException, moveOnAfter, a value or null, nested limits,
 * a timeout failing its group, shielded cleanup. On virtual time, so every deadline is exact.
 */
class TimeLimitsTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyFormOfTimeLimitBehavesAsDocumented(Backend backend) {
        RunOptions options =
                RunOptions.defaults()
                        .backend(backend)
                        .clock(new MockClock().autojumpThreshold(Duration.ZERO));
        assertThat(Output.of(TimeLimits::run, options))
                .containsExactly(
                        "1. failAfter returned: page /fast",
                        "2. failAfter threw java.util.concurrent.TimeoutException: /slow took"
                                + " longer than 500 ms",
                        "3. moveOnAfter: cancelledCaught = true",
                        "   CancelScope.call with a deadline returned: null",
                        "4. the outer deadline fired: outer cancelledCaught = true, inner"
                                + " TimeoutException = false",
                        "5. the group failed: [java.util.concurrent.TimeoutException: deadline"
                                + " exceeded]",
                        "6. cleanup slept 100 ms under a shield after the timeout",
                        "   moveOnAfter: cancelledCaught = true");
    }
}
