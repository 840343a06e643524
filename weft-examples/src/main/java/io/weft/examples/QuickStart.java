package io.weft.examples;

import io.weft.CancelScope;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.thread.ToThread;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;

/**
 * Scenario S1, the quick start: AnyIO's package summary (its README and documentation index: task
 * groups, timeouts, worker threads) in Java.
 *
 * <p>Expected output: both {@code starting} lines, then {@code task-B: done after 0.5s} before
 * {@code task-A: done after 1.0s} (the tasks run concurrently), then {@code timed out (moved on)},
 * then the time of day as a worker thread read it. It takes about 3 s in all (1 s for the group, 2
 * s for the timeout), not 6.5 s.
 */
public final class QuickStart {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void fetch(PrintStream out, String name, double delay) throws Exception {
        out.println(name + ": starting");
        Weft.sleep(Duration.ofMillis((long) (delay * 1000)));
        out.println(name + ": done after " + delay + "s");
    }

    /**
     * Runs two tasks concurrently in a task group, which waits for both; then bounds a 5 s sleep by
     * a 2 s timeout that moves on instead of failing; last, reads the time in a worker thread.
     */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    TaskGroup.run(tg -> {
                        tg.startSoon(() -> fetch(out, "task-A", 1.0));
                        tg.startSoon(() -> fetch(out, "task-B", 0.5));
                    });
                    CancelScope scope =
                            Weft.moveOnAfter(
                                    Duration.ofSeconds(2), s -> Weft.sleep(Duration.ofSeconds(5)));
                    if (scope.cancelledCaught()) out.println("timed out (moved on)");
                    String t = ToThread.runSync(() -> LocalTime.now().toString());
                    out.println("wall-clock time from thread: " + t);
                });
    }
}
