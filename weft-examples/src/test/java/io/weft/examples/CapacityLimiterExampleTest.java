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

/** S13 CapacityLimiterExample: ten borrowers, two tokens, and no borrowing twice. */
class CapacityLimiterExampleTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tenTasksWorkTwoAtATimeAndNoneBorrowsTwice(Backend backend) {
        MockClock clock = new MockClock().autojumpThreshold(Duration.ZERO);
        Occupancy inside = new Occupancy();
        List<String> lines =
                Output.of(
                        (options, out) -> CapacityLimiterExample.run(options, out, inside),
                        RunOptions.defaults().backend(backend).clock(clock));
        List<String> working =
                IntStream.range(0, 10)
                        .mapToObj(n ->
                                "Task number " + n + " is now working with the shared resource")
                        .toList();
        String borrowTwice = "Borrowing a second token failed: IllegalStateException";
        if (backend == Backend.SERIAL) {
            // AnyIO's exact order: FIFO, as for the semaphore.
            assertThat(lines.subList(0, 10)).containsExactlyElementsOf(working);
        }
        assertThat(lines).hasSize(11);
        assertThat(lines.subList(0, 10)).containsExactlyInAnyOrderElementsOf(working);
        assertThat(lines.getLast()).isEqualTo(borrowTwice);
        assertThat(inside.most()).as("borrowers at once").isEqualTo(2);
        assertThat(Duration.ofNanos(clock.now())).isEqualTo(Duration.ofSeconds(5));
    }
}
