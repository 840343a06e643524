package io.weft.examples;

import io.weft.CancelScope;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Scenario S8, timeouts: "Timeouts" on AnyIO's "Cancellation and timeouts" page (cancellation.rst),
 * with {@code moveOnAfter} as there and a {@code failAfter} variant.
 *
 * <p>Expected output:
 *
 * <pre>
 * Starting sleep
 * Exited cancel scope, cancelled = true
 * Starting sleep
 * Caught java.util.concurrent.TimeoutException, reason: the sleep took too long
 * </pre>
 *
 * and never {@code This should never be printed}. It takes about 2 s.
 */
public final class Timeouts {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /**
     * {@code moveOnAfter} cuts its body short at the deadline and returns the scope ({@code
     * cancelledCaught()} tells whether the timeout was reached); {@code failAfter} does the same
     * but then throws {@link TimeoutException}, carrying the reason it was given.
     */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    TaskGroup.run(tg -> {
                        CancelScope scope =
                                Weft.moveOnAfter(
                                        Duration.ofSeconds(1),
                                        s -> {
                                            out.println("Starting sleep");
                                            Weft.sleep(Duration.ofSeconds(2));
                                            out.println("This should never be printed");
                                        });

                        // cancelledCaught() is true if the timeout was reached
                        out.println("Exited cancel scope, cancelled = " + scope.cancelledCaught());
                    });

                    // The failAfter variant: reaching the deadline throws instead of moving on.
                    try {
                        Weft.failAfter(
                                Duration.ofSeconds(1),
                                "the sleep took too long",
                                () -> {
                                    out.println("Starting sleep");
                                    Weft.sleep(Duration.ofSeconds(2));
                                    out.println("This should never be printed");
                                });
                    } catch (TimeoutException e) {
                        out.println(
                                "Caught " + e.getClass().getName() + ", reason: " + e.getMessage());
                    }
                });
    }
}
