package io.weft.examples;

import io.weft.CancelScope;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.process.CalledProcessError;
import io.weft.process.CompletedProcess;
import io.weft.process.ProcessOptions;
import io.weft.process.Processes;
import io.weft.process.WeftProcess;
import io.weft.stream.ByteReceiveStream;
import io.weft.stream.TextReceiveStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Child processes as Weft resources (issue 15): {@code run} one, {@code check} its exit status,
 * pipe a process's output through a text stream line by line while another task feeds its input,
 * and cancel a long-running one.
 *
 * <p>Expected output:
 *
 * <pre>
 * run: exit status 0, output: hello from a child process
 * check: exit status 3, stderr: no space left on device
 * check(false): exit status 3
 * line 1: apple
 * line 2: fig
 * line 3: pear
 * sort exited with 0
 * sleep 60 cancelled: true, children left: 0
 * </pre>
 *
 * It takes about 0.2 s.
 */
public final class RunningProcesses {
    public static void main(String[] args) throws IOException {
        run(Examples.options(args), System.out);
    }

    /** Runs the four parts, printing what each shows. */
    public static void run(RunOptions options, PrintStream out) throws IOException {
        Weft.run(
                options,
                () -> {
                    // run: start it, collect its output, wait for its exit.
                    CompletedProcess r =
                            Processes.run(List.of("echo", "hello from a child process"));
                    out.println(
                            "run: exit status "
                                    + r.returnCode()
                                    + ", output: "
                                    + r.stdoutText().strip());

                    // check (the default): a non-zero exit is a CalledProcessError, an
                    // IOException that carries the status and the captured output.
                    try {
                        Processes.runShell("echo 'no space left on device' >&2; exit 3");
                    } catch (CalledProcessError e) {
                        out.println(
                                "check: exit status "
                                        + e.returnCode()
                                        + ", stderr: "
                                        + new String(e.stderr(), StandardCharsets.UTF_8).strip());
                    }
                    CompletedProcess unchecked =
                            Processes.runShell("exit 3", ProcessOptions.defaults().check(false));
                    out.println("check(false): exit status " + unchecked.returnCode());

                    // A filter: one task feeds sort's input, this one reads its output by lines.
                    try (WeftProcess sort = Processes.open(List.of("sort"))) {
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                sort.stdin()
                                        .send(
                                                "pear\napple\nfig\n"
                                                        .getBytes(StandardCharsets.UTF_8));
                                sort.stdin().close(); // sort writes once its input has ended
                            });
                            printLines(sort.stdout(), out);
                        });
                        out.println("sort exited with " + sort.waitFor());
                    }

                    // Cancel a long-running one: the run kills it and waits for it to be gone.
                    CancelScope scope =
                            Weft.moveOnAfter(
                                    Duration.ofMillis(100),
                                    () -> Processes.run(List.of("sleep", "60")));
                    out.println(
                            "sleep 60 cancelled: "
                                    + scope.cancelledCaught()
                                    + ", children left: "
                                    + ProcessHandle.current().children().count());
                });
    }

    /**
     * Prints {@code stream} line by line, numbered. A {@link TextReceiveStream} yields the text as
     * it arrives, in pieces that need not end at a line's end, so the pieces are joined first.
     */
    static void printLines(ByteReceiveStream stream, PrintStream out) {
        StringBuilder pending = new StringBuilder();
        int n = 0;
        for (String text : new TextReceiveStream(stream)) {
            pending.append(text);
            for (int nl; (nl = pending.indexOf("\n")) >= 0; ) {
                out.println("line " + ++n + ": " + pending.substring(0, nl));
                pending.delete(0, nl + 1);
            }
        }
        if (!pending.isEmpty()) {
            out.println("line " + ++n + ": " + pending);
        }
    }
}
