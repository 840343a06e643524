package io.weft.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the jcstress tests of this module (the core's races, in {@code io.weft.internal}: the wait
 * primitive and the spin lock of memory object streams) in quick mode, in a JVM of their own as
 * jcstress requires, and fails if any outcome was forbidden or a test errored, or if a test did not
 * run at all.
 */
@Tag("jcstress")
class JcstressTest {
    private static final List<String> TESTS =
            List.of(
                    "WaiterVersusCancel.Grant",
                    "WaiterVersusCancel.Claim",
                    "WaiterVersusCancel.ClaimFor",
                    "WaiterParkVersusResume.Resume",
                    "WaiterParkVersusResume.Claim",
                    "WaiterParkVersusResume.ClaimFor",
                    "WaiterGrantVersusDeadline",
                    "SpinLockExclusion");

    @Test
    void theWaitPrimitivesRacesHaveOnlyAcceptableOutcomes() throws Exception {
        Path results = Files.createDirectories(Path.of("target", "jcstress"));
        Path log = results.resolve("output.txt");
        Process p =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "org.openjdk.jcstress.Main",
                                "-m",
                                System.getProperty("weft.jcstress.mode", "quick"),
                                "-v",
                                "-t",
                                "io.weft.internal.(Waiter|SpinLock)",
                                "-r",
                                results.toString())
                        .directory(results.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("jcstress finished").isTrue();
        String out = read(log);
        assertThat(p.exitValue()).as("jcstress's exit code; see %s", log).isZero();
        assertThat(out).contains("Failed tests: No matches.").contains("Error tests: No matches.");
        for (String test : TESTS) {
            assertThat(out).as("%s ran", test).contains("[OK] io.weft.internal." + test);
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
