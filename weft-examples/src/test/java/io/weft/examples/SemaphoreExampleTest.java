package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.testing.MockClock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S13 SemaphoreExample: ten tasks, two at a time, five seconds (of virtual time). */
class SemaphoreExampleTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tenTasksWorkTwoAtATime(Backend backend) {
        MockClock clock = new MockClock().autojumpThreshold(Duration.ZERO);
        Occupancy inside = new Occupancy();
        List<String> lines =
                Output.of(
                        (options, out) -> SemaphoreExample.run(options, out, inside),
                        RunOptions.defaults().backend(backend).clock(clock));
        List<String> expected =
                IntStream.range(0, 10)
                        .mapToObj(n ->
                                "Task number " + n + " is now working with the shared resource")
                        .toList();
        if (backend == Backend.SERIAL) {
            // AnyIO's exact order: the tasks queue in the order they were started, and each
            // release hands the semaphore to the longest-waiting task.
            assertThat(lines).containsExactlyElementsOf(expected);
        }
        assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(inside.most()).as("holders at once").isEqualTo(2);
        // Five rounds of two one-second sleeps: exactly 5 s, since the clock only jumps when
        // every task waits.
        assertThat(Duration.ofNanos(clock.now())).isEqualTo(Duration.ofSeconds(5));
    }
}
