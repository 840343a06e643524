package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.CapacityLimiter;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Scenario S13, capacity limiters: "Capacity limiters" on AnyIO's "Using synchronization
 * primitives" page (synchronization.rst), and the rule that a borrower holds at most one token.
 *
 * <p>Expected output: {@code Task number N is now working with the shared resource} for N = 0 to 9,
 * each once, never more than two at a time (about 5 s; in AnyIO's order, 0 to 9, on the SERIAL
 * backend), then {@code Borrowing a second token failed: IllegalStateException}.
 */
public final class CapacityLimiterExample {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void useResource(int tasknum, CapacityLimiter limiter, PrintStream out, Occupancy in) {
        try (var _ = limiter.acquire()) {
            in.enter();
            out.println("Task number " + tasknum + " is now working with the shared resource");
            Weft.sleep(Duration.ofSeconds(1));
            in.leave();
        }
    }

    /** Ten tasks share a limiter of two tokens; then one task tries to borrow a second token. */
    public static void run(RunOptions options, PrintStream out) {
        run(options, out, new Occupancy());
    }

    /** As {@link #run(RunOptions, PrintStream)}, counting the borrowers in {@code inside}. */
    static void run(RunOptions options, PrintStream out, Occupancy inside) {
        Weft.run(
                options,
                () -> {
                    CapacityLimiter limiter = new CapacityLimiter(2);
                    TaskGroup.run(tg -> {
                        for (int num = 0; num < 10; num++) {
                            int n = num;
                            tg.startSoon(() -> useResource(n, limiter, out, inside));
                        }
                    });

                    // One token per borrower: the task holding one cannot borrow another.
                    try (var _ = limiter.acquire()) {
                        try {
                            limiter.acquire();
                        } catch (IllegalStateException e) {
                            out.println(
                                    "Borrowing a second token failed: "
                                            + e.getClass().getSimpleName());
                        }
                    }
                });
    }
}
