package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Semaphore;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Scenario S13, semaphores: "Semaphores" on AnyIO's "Using synchronization primitives" page
 * (synchronization.rst).
 *
 * <p>Expected output: {@code Task number N is now working with the shared resource} for N = 0 to 9,
 * each once; never more than two tasks hold the semaphore at once, so it takes about 5 s. On the
 * SERIAL backend the lines come in AnyIO's order, 0 to 9.
 */
public final class SemaphoreExample {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void useResource(int tasknum, Semaphore semaphore, PrintStream out, Occupancy inside) {
        try (var _ = semaphore.acquire()) {
            inside.enter();
            out.println("Task number " + tasknum + " is now working with the shared resource");
            Weft.sleep(Duration.ofSeconds(1));
            inside.leave();
        }
    }

    /** Ten tasks share a semaphore of two: two at a time work with the resource. */
    public static void run(RunOptions options, PrintStream out) {
        run(options, out, new Occupancy());
    }

    /** As {@link #run(RunOptions, PrintStream)}, counting the holders in {@code inside}. */
    static void run(RunOptions options, PrintStream out, Occupancy inside) {
        Weft.run(
                options,
                () -> {
                    Semaphore semaphore = new Semaphore(2);
                    TaskGroup.run(tg -> {
                        for (int num = 0; num < 10; num++) {
                            int n = num;
                            tg.startSoon(() -> useResource(n, semaphore, out, inside));
                        }
                    });
                });
    }
}
