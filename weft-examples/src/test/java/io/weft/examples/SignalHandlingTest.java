package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

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
