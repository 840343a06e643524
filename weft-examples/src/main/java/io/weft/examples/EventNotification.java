package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Event;
import java.io.PrintStream;

/**
 * Scenario S13, first part, events: "Events" on AnyIO's "Using synchronization primitives" page
 * (synchronization.rst).
 *
 * <p>Expected output: {@code Received notification!}.
 */
public final class EventNotification {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void notifier(Event event) {
        event.set();
    }

    /** A child task sets an event; the host, waiting on it, wakes up. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    Event event = new Event();
                    TaskGroup.run(tg -> {
                        tg.startSoon(() -> notifier(event));
                        event.await();
                        out.println("Received notification!");
                    });
                });
    }
}
