package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Lock;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Scenario S13, locks: "Locks" on AnyIO's "Using synchronization primitives" page
 * (synchronization.rst), and the rule that only the owner may release a lock.
 *
 * <p>Expected output: {@code Task number N is now working with the shared resource} for N = 0 to 3,
 * each once, one task at a time (about 4 s; in AnyIO's order, 0 to 3, on the SERIAL backend), then
 * {@code Releasing the lock from another task failed: IllegalStateException}.
 */
public final class LockExample {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void useResource(int tasknum, Lock lock, PrintStream out, Occupancy inside) {
        try (var _ = lock.acquire()) {
            inside.enter();
            out.println("Task number " + tasknum + " is now working with the shared resource");
            Weft.sleep(Duration.ofSeconds(1));
            inside.leave();
        }
    }

    /** Four tasks take turns with a lock; then a task that does not hold it tries to release it. */
    public static void run(RunOptions options, PrintStream out) {
        run(options, out, new Occupancy());
    }

    /** As {@link #run(RunOptions, PrintStream)}, counting the holders in {@code inside}. */
    static void run(RunOptions options, PrintStream out, Occupancy inside) {
        Weft.run(
                options,
                () -> {
                    Lock lock = new Lock();
                    TaskGroup.run(tg -> {
                        for (int num = 0; num < 4; num++) {
                            int n = num;
                            tg.startSoon(() -> useResource(n, lock, out, inside));
                        }
                    });

                    // Only the task that acquired a lock may release it.
                    try (var _ = lock.acquire()) {
                        TaskGroup.run(tg ->
                                tg.startSoon(() -> {
                                    try {
                                        lock.release();
                                    } catch (IllegalStateException e) {
                                        out.println(
                                                "Releasing the lock from another task failed: "
                                                        + e.getClass().getSimpleName());
                                    }
                                }));
                    }
                });
    }
}
