package io.weft.examples;

import io.weft.Cancelled;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Scenario S7, cancelling a task group: the first example of AnyIO's "Cancellation and timeouts"
 * page (cancellation.rst).
 *
 * <p>Expected output: {@code Waiter 1 cancelled} and {@code Waiter 2 cancelled}, in either order
 * (the waiters run in parallel). The run ends after about 0.1 s, not 1 s.
 */
public final class CancellingATaskGroup {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void waiter(PrintStream out, int index) {
        try {
            Weft.sleep(Duration.ofSeconds(1));
        } catch (Cancelled c) {
            out.println("Waiter " + index + " cancelled");
            throw c;
        }
    }

    /**
     * Cancelling a group's scope cancels every task in the group; each can react (here: print) and
     * must rethrow the {@link Cancelled}.
     */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () ->
                        TaskGroup.run(tg -> {
                            // Start a couple of tasks and wait until they are blocked
                            tg.startSoon(() -> waiter(out, 1));
                            tg.startSoon(() -> waiter(out, 2));
                            Weft.sleep(Duration.ofMillis(100));

                            // Cancel the scope and exit the task group
                            tg.cancelScope().cancel();
                        }));
    }
}
