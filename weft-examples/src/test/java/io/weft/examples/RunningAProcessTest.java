package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S16 Running a process: the {@code ps} listing three ways (its processes vary, so the test checks
 * each title and the header that follows it), no child left after the {@code open} block, and a
 * {@code sleep 30} cancelled by its timeout and gone.
 */
class RunningAProcessTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void psRunsThreeWaysAndTheCancelledSleepIsGone(Backend backend) {
        List<String> lines =
                Output.of(
                        (options, out) -> {
                            try {
                                RunningAProcess.run(options, out);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        backend);
        for (String title :
                List.of("ps, run directly:", "ps, through the shell:", "ps, read while it runs:")) {
            int at = lines.indexOf(title);
            assertThat(at).as(title).isNotNegative();
            assertThat(lines.get(at + 1).split("\\s+"))
                    .as("the header after " + title)
                    .contains("PID", "CMD");
        }
        assertThat(lines.indexOf("ps, run directly:"))
                .isLessThan(lines.indexOf("ps, through the shell:"));
        assertThat(lines.indexOf("ps, through the shell:"))
                .isLessThan(lines.indexOf("ps, read while it runs:"));
        assertThat(lines.subList(lines.size() - 3, lines.size()))
                .containsExactly(
                        "children of the JVM after the block: 0",
                        "sleep 30 cancelled: true",
                        "sleep 30 still running: false");
    }
}
