package io.weft.examples;

import io.weft.CancelScope;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.TaskStatus;
import io.weft.Weft;
import io.weft.process.Processes;
import io.weft.signal.SignalReceiver;
import io.weft.signal.Signals;
import io.weft.sync.Event;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Scenario S19, signals and graceful shutdown: "Handling KeyboardInterrupt and SystemExit" on
 * AnyIO's "Receiving operating system signals" page (signals.rst).
 *
 * <p>A server task and a signal task share a task group. The signal task receives {@code INT},
 * {@code TERM} and {@code HUP}: {@code HUP} reloads the configuration, {@code INT} or {@code TERM}
 * cancels the group, so the server stops and runs its cleanup (shielded, so the cleanup may wait)
 * and the program ends normally, with status 0, instead of being killed by the JVM's own handler.
 *
 * <p>To be runnable unattended, the program sends the signals to its own JVM with {@code kill}:
 * {@code HUP} once the receiver is open, then {@code TERM} once the reload is done (two signals
 * sent at once could reach the receiver in either order). {@code TERM} is only ever sent while the
 * receiver is open. Expected output: {@code Server running}, {@code Reloading configuration},
 * {@code Terminated!}, {@code Server: cleaning up}, {@code Server: cleanup done}, {@code Exited
 * normally}.
 */
public final class SignalHandling {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** The signal task: reports ready once its receiver is open, then acts on each signal. */
    static void signalHandler(
            TaskGroup group, Event reloaded, TaskStatus<Void> status, PrintStream out) {
        try (SignalReceiver signals = Signals.open("INT", "TERM", "HUP")) {
            status.started(null);
            for (String sig : signals) {
                if (sig.equals("HUP")) {
                    out.println("Reloading configuration");
                    reloaded.set();
                } else {
                    out.println(sig.equals("INT") ? "Ctrl+C pressed!" : "Terminated!");
                    group.cancelScope().cancel();
                    return;
                }
            }
        }
    }

    /** The server: runs until cancelled, then cleans up in a shielded scope. */
    static void server(TaskStatus<Void> status, PrintStream out) {
        out.println("Server running");
        status.started(null);
        try {
            Weft.sleepForever();
        } finally {
            // The task is cancelled here: without the shield, the sleep below would throw at once.
            CancelScope.shielded()
                    .run(() -> {
                        out.println("Server: cleaning up");
                        Weft.sleep(Duration.ofMillis(10)); // closing connections, flushing logs...
                        out.println("Server: cleanup done");
                    });
        }
    }

    /** Sends {@code signal} to this JVM, as an operator's {@code kill -HUP <pid>} would. */
    static void kill(String signal) throws IOException {
        long pid = ProcessHandle.current().pid();
        Processes.run(List.of("kill", "-" + signal, Long.toString(pid)));
    }

    /** Runs the server and the signal task, and plays the operator who sends HUP, then TERM. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () ->
                        TaskGroup.run(tg -> {
                            Event reloaded = new Event();
                            tg.<Void>start(status -> server(status, out));
                            tg.<Void>start(status -> signalHandler(tg, reloaded, status, out));
                            kill("HUP");
                            reloaded.await();
                            kill("TERM");
                        }));
        out.println("Exited normally");
    }
}
