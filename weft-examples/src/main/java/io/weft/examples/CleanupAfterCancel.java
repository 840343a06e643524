package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.io.PrintStream;

/**
 * Scenario S4, a task cancelled before it ran still gets to clean up: the third example of AnyIO's
 * "Why AnyIO" page (why.rst).
 *
 * <p>The group is cancelled right after the task is started, before it can have run. The task still
 * runs: it opens its resource, meets the cancellation at its first checkpoint, and closes the
 * resource on the way out. Expected output: {@code closed}.
 */
public final class CleanupAfterCancel {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** A resource whose {@code close()} is the cleanup the task must get to do. */
    record Resource(PrintStream out) implements AutoCloseable {
        @Override
        public void close() {
            // Here would be the code that cleanly closes the resource
            out.println("closed");
        }
    }

    /**
     * A task started into an already cancelled group is never silently skipped: its body runs, and
     * its try-with-resources closes what it opened.
     */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                try (var _ = new Resource(out)) {
                                    Weft.checkpoint();
                                }
                            });
                            tg.cancelScope().cancel();
                        }));
    }
}
