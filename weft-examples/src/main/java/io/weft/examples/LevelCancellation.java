package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Scenario S2, level cancellation: the first example of AnyIO's "Why AnyIO" page (why.rst, cancel
 * scopes versus asyncio's edge cancellation).
 *
 * <p>The task swallows the first cancellation and then sleeps forever; because cancellation is
 * level-triggered, that second sleep is cancelled too, and the program ends. Expected output:
 * {@code done}.
 */
public final class LevelCancellation {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /**
     * A task that catches (and so swallows) its cancellation still cannot go on waiting: while it
     * is inside the cancelled scope, every checkpoint throws again.
     */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    TaskGroup.run(tg -> {
                        tg.startSoon(() -> {
                            try {
                                Weft.sleep(Duration.ofSeconds(1));
                            } catch (Throwable swallowed) {
                                // the first cancellation is caught here
                            }
                            Weft.sleepForever(); // cancelled again: the scope is still cancelled
                        });
                        Weft.waitAllTasksBlocked(); // the task has reached its first sleep
                        tg.cancelScope().cancel();
                    });
                    out.println("done");
                });
    }
}
