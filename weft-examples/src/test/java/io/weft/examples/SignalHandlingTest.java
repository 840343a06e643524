package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S19 SignalHandling: HUP reloads, TERM cancels the group, the server's shielded cleanup runs, and
 * the program ends normally (the test JVM survives the TERM it sent itself).
 */
class SignalHandlingTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void hupReloadsAndTermShutsDownCleanly(Backend backend) {
        assumeFalse(
                IgnoredSignals.ignored(1) || IgnoredSignals.ignored(15),
                "this JVM started with SIGHUP or SIGTERM ignored (under nohup?), so it never"
                        + " receives it");
        assertThat(Output.of(SignalHandling::run, backend))
                .containsExactly(
                        "Server running",
                        "Reloading configuration",
                        "Terminated!",
                        "Server: cleaning up",
                        "Server: cleanup done",
                        "Exited normally");
    }
}
