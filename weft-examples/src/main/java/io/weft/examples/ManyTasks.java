package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Scenario S5, many tasks: the first example of AnyIO's "Creating and managing tasks" page
 * (tasks.rst).
 *
 * <p>Expected output: ten lines, {@code Task N running} and {@code Task N finished} for N = 0 to 4,
 * each task's {@code running} before its {@code finished}, then {@code All tasks finished!}. The
 * tasks sleep concurrently, so it takes about 1 s, not 5 s.
 */
public final class ManyTasks {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void sometask(PrintStream out, int num) {
        out.println("Task " + num + " running");
        Weft.sleep(Duration.ofSeconds(1));
        out.println("Task " + num + " finished");
    }

    /** Five tasks run concurrently; the code after the group runs once all have finished. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    TaskGroup.run(tg -> {
                        for (int n = 0; n < 5; n++) {
                            int num = n;
                            tg.startSoon(() -> sometask(out, num));
                        }
                    });
                    out.println("All tasks finished!");
                });
    }
}
