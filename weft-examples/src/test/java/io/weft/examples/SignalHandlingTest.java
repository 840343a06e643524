package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.weft.Backend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S19 SignalHandling: HUP reloads, TERM cancels the group, the server's shielded cleanup runs, and
 * the program ends normally (the test JVM survives the TERM it sent itself).
 */
class SignalHandlingTest {
    /** What S19 prints. */
    private static final List<String> PRINTED =
            List.of(
                    "Server running",
                    "Reloading configuration",
                    "Terminated!",
                    "Server: cleaning up",
                    "Server: cleanup done",
                    "Exited normally");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void hupReloadsAndTermShutsDownCleanly(Backend backend) {
        assumeFalse(
                IgnoredSignals.ignored(1) || IgnoredSignals.ignored(15),
                "this JVM started with SIGHUP or SIGTERM ignored (under nohup?), so it never"
                        + " receives it");
        assertThat(Output.of(SignalHandling::run, backend)).containsExactlyElementsOf(PRINTED);
    }

    /** As its own program, as S19 runs it: the same output and exit status 0. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void asItsOwnProgramItExitsWithStatusZero(Backend backend) throws Exception {
        assumeFalse(
                IgnoredSignals.ignored(1) || IgnoredSignals.ignored(15),
                "signals this JVM ignores are ignored by its children too");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                SignalHandling.class.getName(),
                                backend.name())
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.DISCARD.file())
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("exit status; it printed:%n%s", output).isZero();
        assertThat(output.lines()).containsExactlyElementsOf(PRINTED);
    }
}
