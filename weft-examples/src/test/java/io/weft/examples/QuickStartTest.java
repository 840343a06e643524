package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S1 QuickStart: concurrent tasks in a group, a timeout that moves on, a worker thread. */
public class QuickStartTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void bothTasksRunConcurrentlyAndTheTimeoutMovesOn(Backend backend) {
        List<String> lines = Output.of(QuickStart::run, backend);
        // In parallel the two tasks may print "starting" in either order. That both start before
        // either is done, and that B (0.5 s) is done before A (1.0 s), rests on the 0.5 s between
        // the sleeps, not on a measurement of time.
        if (backend == Backend.SERIAL) {
            // AnyIO's exact order: the tasks start in the order they were spawned, once the host
            // waits in the group's exit. The sleeps are on real time, but their deadlines are
            // 0.5 s apart, so the order of the "done" lines is still deterministic.
            assertThat(lines)
                    .containsExactly(
                            "task-A: starting",
                            "task-B: starting",
                            "task-B: done after 0.5s",
                            "task-A: done after 1.0s",
                            "timed out (moved on)",
                            lines.get(5));
        }
        assertPrintsWhatS1Prints(lines);
    }

    /**
     * {@code lines} are what S1 prints, in an order any backend may give (the README's copy of the
     * program prints the same, checked by {@code SmallPagesTest}).
     */
    public static void assertPrintsWhatS1Prints(List<String> lines) {
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(0, 2))
                .containsExactlyInAnyOrder("task-A: starting", "task-B: starting");
        assertThat(lines.subList(2, 5))
                .containsExactly(
                        "task-B: done after 0.5s",
                        "task-A: done after 1.0s",
                        "timed out (moved on)");
        assertThat(lines.get(5)).matches("wall-clock time from thread: \\d\\d:\\d\\d:\\d\\d.*");
    }
}
