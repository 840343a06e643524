package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Event;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The task tree of a running program (docs/observability.md): a worker parked on an event, a ticker
 * sleeping under a 90-second deadline, and the tree {@link Weft#dumpTaskTree()} prints for them.
 */
public final class TaskTreeDump {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** Starts the two tasks, prints the tree once both are parked, then cancels them. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    // region tree
                    Event ready = new Event();
                    TaskGroup.run(tg -> {
                        tg.startSoon("worker", ready::await);
                        tg.startSoon("ticker", () -> Weft.moveOnAfter(Duration.ofSeconds(90), s -> tick()));
                        Weft.waitAllTasksBlocked();
                        out.print(Weft.dumpTaskTree());
                        tg.cancel();
                    });
                    // endregion
                });
    }

    private static void tick() {
        while (true) {
            Weft.sleep(Duration.ofSeconds(60));
        }
    }
}
