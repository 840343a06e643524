package io.weft.examples.docs;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.process.Processes;
import io.weft.signal.SignalReceiver;
import io.weft.signal.Signals;
import java.io.IOException;
import java.util.List;

/** The code sample of docs/signals.md (see {@code DocSamples}); {@code SignalsPageTest} runs it. */
public final class SignalsPage {
    private SignalsPage() {}

    /**
     * The application: once the signal task waits, it sends this JVM a {@code SIGHUP} and then a
     * {@code SIGTERM}, as an operator would, and works until the {@code SIGTERM} stops it.
     */
    static void serve() throws IOException {
        Weft.waitAllTasksBlocked();
        kill("HUP");
        Weft.waitAllTasksBlocked();
        kill("TERM");
        Weft.sleepForever();
    }

    private static void kill(String signal) throws IOException {
        long pid = ProcessHandle.current().pid();
        Processes.run(List.of("kill", "-" + signal, Long.toString(pid)));
    }

    static void reloadConfiguration() {
        System.out.println("configuration reloaded");
    }

    /** Runs the application until a {@code SIGTERM}. Call it outside any runtime. */
    public static void receiving() {
        // region receiving
        Weft.run(() -> TaskGroup.run(tg -> {
            tg.startSoon(() -> serve());                      // the application
            tg.startSoon(() -> {
                try (SignalReceiver signals = Signals.open("TERM", "HUP")) {
                    for (String sig : signals) {
                        if (sig.equals("HUP")) {
                            reloadConfiguration();
                        } else {                             // TERM: stop everything, cleanly
                            tg.cancelScope().cancel();
                            return;
                        }
                    }
                }
            });
        }));
        // endregion
        System.out.println("stopped cleanly");
    }
}
