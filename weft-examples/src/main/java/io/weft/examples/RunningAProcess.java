package io.weft.examples;

import io.weft.CancelScope;
import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.process.CompletedProcess;
import io.weft.process.Processes;
import io.weft.process.WeftProcess;
import io.weft.stream.TextReceiveStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Scenario S16, running a process: AnyIO's "Using subprocesses" page (subprocesses.rst).
 *
 * <p>{@code ps} three ways: run to its end directly, run through the shell, and opened so that its
 * output is read as text while it runs; then a {@code sleep 30} cut short by a 200 ms timeout,
 * which kills it. Expected output: each listing after its title line ({@code ps, run directly:},
 * {@code ps, through the shell:}, {@code ps, read while it runs:}), each listing starting with the
 * {@code PID TTY TIME CMD} header (the processes vary); then
 *
 * <pre>
 * children of the JVM after the block: 0
 * sleep 30 cancelled: true
 * sleep 30 still running: false
 * </pre>
 *
 * It takes about 0.3 s.
 */
public final class RunningAProcess {
    public static void main(String[] args) throws IOException {
        run(Examples.options(args), System.out);
    }

    /**
     * Runs {@code ps} with {@code Processes.run}, {@code runShell} and {@code open}, then cancels a
     * {@code run} of {@code sleep 30} after 200 ms and shows that it is gone.
     */
    public static void run(RunOptions options, PrintStream out) throws IOException {
        Weft.run(
                options,
                () -> {
                    // One call: start, collect the output, wait for the exit.
                    CompletedProcess r = Processes.run(List.of("ps"));
                    out.println("ps, run directly:");
                    out.print(r.stdoutText());

                    // A string command line goes through /bin/sh -c.
                    CompletedProcess s = Processes.runShell("ps");
                    out.println("ps, through the shell:");
                    out.print(s.stdoutText());

                    // Open it and read its output as text while it runs; close() waits for it.
                    out.println("ps, read while it runs:");
                    try (WeftProcess p = Processes.open(List.of("ps"))) {
                        for (String text : new TextReceiveStream(p.stdout())) {
                            out.print(text);
                        }
                    }
                    out.println(
                            "children of the JVM after the block: "
                                    + ProcessHandle.current().children().count());

                    // A cancelled run kills its process and waits for it before it returns.
                    CancelScope scope =
                            Weft.moveOnAfter(
                                    Duration.ofMillis(200),
                                    () -> Processes.run(List.of("sleep", "30")));
                    out.println("sleep 30 cancelled: " + scope.cancelledCaught());

                    String jvm = String.valueOf(ProcessHandle.current().pid());
                    List<String> children =
                            Processes.run(List.of("ps", "-o", "args=", "--ppid", jvm))
                                    .stdoutText()
                                    .lines()
                                    .map(String::strip)
                                    .toList();
                    out.println("sleep 30 still running: " + children.contains("sleep 30"));
                });
    }
}
