package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** VirtualTime: autojump and manual jumps give exact times, in no real time. */
class VirtualTimeTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anHourAndAHalfOfSleepsTakesNoRealTime(Backend backend) {
        long start = System.nanoTime();
        assertThat(Output.of(VirtualTime::run, backend))
                .containsExactly(
                        "worker 1 done at PT10M",
                        "worker 2 done at PT20M",
                        "worker 3 done at PT30M",
                        "timed out at PT1H30M: true",
                        "jumping 5 minutes",
                        "sleeper woke at PT5M");
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
    }
}
