package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.process.Processes;
import io.weft.process.WeftProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RunningProcesses: run, check, a filter read line by line, a cancelled long-running process; and
 * the line splitting on its own, with lines split across the pieces a text stream yields.
 */
class RunningProcessesTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void runCheckFilterAndCancel(Backend backend) {
        assertThat(
                        Output.of(
                                (options, out) -> {
                                    try {
                                        RunningProcesses.run(options, out);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                },
                                backend))
                .containsExactly(
                        "run: exit status 0, output: hello from a child process",
                        "check: exit status 3, stderr: no space left on device",
                        "check(false): exit status 3",
                        "line 1: apple",
                        "line 2: fig",
                        "line 3: pear",
                        "sort exited with 0",
                        "sleep 60 cancelled: true, children left: 0");
    }

    /** Lines written in pieces that cut them anywhere, and a last line without its newline. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void linesCutAcrossPiecesComeOutWhole(Backend backend) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Weft.run(
                    RunOptions.defaults().backend(backend),
                    () -> {
                        // Each printf is a separate write: "on", "e\ntw", "o\nthr", "ee".
                        String script = "printf on; printf 'e\\ntw'; printf 'o\\nthr'; printf ee";
                        try (WeftProcess p = Processes.openShell(script)) {
                            RunningProcesses.printLines(p.stdout(), out);
                        }
                    });
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList())
                .isEqualTo(List.of("line 1: one", "line 2: two", "line 3: three"));
    }
}
