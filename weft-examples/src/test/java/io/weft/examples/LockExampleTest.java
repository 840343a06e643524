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

/** S13 LockExample: four tasks, one at a time, and a release by a non-owner fails. */
class LockExampleTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void fourTasksTakeTurnsAndOnlyTheOwnerMayRelease(Backend backend) {
        MockClock clock = new MockClock().autojumpThreshold(Duration.ZERO);
        Occupancy inside = new Occupancy();
        List<String> lines =
                Output.of(
                        (options, out) -> LockExample.run(options, out, inside),
                        RunOptions.defaults().backend(backend).clock(clock));
        List<String> working =
                IntStream.range(0, 4)
                        .mapToObj(n ->
                                "Task number " + n + " is now working with the shared resource")
                        .toList();
        if (backend == Backend.SERIAL) {
            // AnyIO's exact order: the tasks queue in the order they were started.
            assertThat(lines.subList(0, 4)).containsExactlyElementsOf(working);
        }
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(0, 4)).containsExactlyInAnyOrderElementsOf(working);
        assertThat(lines.getLast())
                .isEqualTo("Releasing the lock from another task failed: IllegalStateException");
        assertThat(inside.most()).as("holders at once").isEqualTo(1);
        assertThat(Duration.ofNanos(clock.now())).isEqualTo(Duration.ofSeconds(4));
    }
}
