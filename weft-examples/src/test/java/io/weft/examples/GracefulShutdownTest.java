package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GracefulShutdown: SIGTERM cancels the serving group, the open connection is closed by its
 * handler, and the program ends normally (the test JVM survives the TERM it sent itself).
 */
class GracefulShutdownTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sigtermStopsTheServerCleanly(Backend backend) {
        assumeFalse(
                IgnoredSignals.ignored(15),
                "this JVM started with SIGTERM ignored (under nohup?), so it never receives it");
        assertThat(Output.of(GracefulShutdown::run, backend))
                .containsExactly(
                        "Server listening",
                        "Client received: HELLO",
                        "SIGTERM received: stopping the server",
                        "Connection closed by shutdown",
                        "Server stopped cleanly",
                        "Exited normally");
    }
}
