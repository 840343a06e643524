package io.weft.examples;

import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.RunOptions;
import io.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Scenario S10, the reason for a cancellation: "Specifying the reason for cancellation" on AnyIO's
 * "Cancellation and timeouts" page (cancellation.rst).
 *
 * <p>Expected output: the {@link Cancelled} message, which contains the reason {@code Testing
 * cancellation} and the name of the task that called {@code cancel} (here the root task), but not
 * the second reason; then {@code cancelled caught: true}. For example:
 *
 * <pre>
 * Cancelled via cancel scope 1b6d3586 by task 'io.weft.examples.CancellationReason.lambda'; reason: Testing cancellation
 * cancelled caught: true
 * </pre>
 */
public final class CancellationReason {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /**
     * {@code cancel(reason)} records the reason and the cancelling task in the message of the
     * {@link Cancelled} the scope's code gets; cancelling an already cancelled scope changes
     * nothing.
     */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    CancelScope scope = new CancelScope();
                    scope.run(s -> {
                        s.cancel("Testing cancellation");
                        s.cancel("Another reason"); // does not change the cancel message
                        try {
                            Weft.sleep(Duration.ofSeconds(1));
                        } catch (Cancelled exc) {
                            out.println(exc.getMessage()); // Print the cancellation message
                            throw exc; // Always rethrow cancellations!
                        }
                    });
                    out.println("cancelled caught: " + scope.cancelledCaught());
                });
    }
}
