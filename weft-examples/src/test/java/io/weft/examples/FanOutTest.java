package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.testing.MockClock;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FanOut: all results in order; the first failure cancels the other fetches and comes out in an
 * ExceptionGroup; the first answer of a race wins. On virtual time, so every delay is exact.
 */
class FanOutTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theFirstFailureCancelsTheOtherFetches(Backend backend) {
        RunOptions options =
                RunOptions.defaults()
                        .backend(backend)
                        .clock(new MockClock().autojumpThreshold(Duration.ZERO));
        assertThat(Output.of(FanOut::run, options))
                .containsExactly(
                        "all three: [page /a, page /b, page /c]",
                        "failed: unhandled errors in a TaskGroup (1 sub-exception)",
                        "  member: java.io.IOException: 503 Service Unavailable: /broken",
                        "  /a: CANCELLED",
                        "  /broken: FAILED",
                        "  /c: CANCELLED",
                        "first answer: page /mirror-2");
    }
}
