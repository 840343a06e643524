package io.weft.examples.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.weft.TaskGroup;
import io.weft.process.CompletedProcess;
import io.weft.process.ProcessOptions;
import io.weft.process.Processes;
import io.weft.process.WeftProcess;
import io.weft.stream.TextReceiveStream;
import java.io.IOException;
import java.util.List;

/**
 * The code samples of docs/processes.md (see {@code DocSamples}); {@code ProcessesPageTest} runs
 * them on every backend.
 */
public final class ProcessesPage {
    private ProcessesPage() {}

    /** Three commands run to their end. */
    public static void run() throws IOException {
        // region run
        CompletedProcess r = Processes.run(List.of("git", "rev-parse", "HEAD"));
        String head = r.stdoutText().strip();

        CompletedProcess sorted = Processes.run(List.of("sort"),
                ProcessOptions.defaults().input("pear\napple\n".getBytes(UTF_8)));   // "apple\npear\n"

        Processes.runShell("git log --oneline 2>&1 | head -5");    // through /bin/sh -c
        // endregion
        System.out.println(head.length() + " " + sorted.stdoutText().replace("\n", " "));
    }

    /** Feeds a running sort and reads what it writes. */
    public static void open() throws IOException {
        // region open
        try (WeftProcess p = Processes.open(List.of("sort"))) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    p.stdin().send("pear\napple\n".getBytes(UTF_8));
                    p.stdin().close();                    // sort writes once its input has ended
                });
                for (String text : new TextReceiveStream(p.stdout())) {
                    System.out.print(text);               // pieces as they arrive, not lines
                }
            });
            System.out.println("sort exited with " + p.waitFor());
        }
        // endregion
    }
}
