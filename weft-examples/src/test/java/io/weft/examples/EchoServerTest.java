package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * EchoServer: the clients get their echoes; cancelling the server's task group ends the listener
 * and the handler of a connection still open, which closes that connection.
 */
class EchoServerTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void cancellingTheGroupStopsTheListenerAndEveryHandler(Backend backend) {
        assertThat(Output.of(EchoServer::run, backend))
                .containsExactly(
                        "client 1 got: hello",
                        "client 1 got: world",
                        "client 2 got: ping",
                        "server stopped: its task group has returned",
                        "client 2: the server closed the connection");
    }
}
