package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.TaskGroup;
import io.weft.junit.WeftTest;
import io.weft.stream.MultiListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** MultiListener: several listeners served into one group, closed together. */
class MultiListenerTest {

    // AnyIO: test_sockets.py::TestMultiListener::test_extra_attributes and serving
    @WeftTest
    void connectionsToEveryListenerAreServedAndCloseEndsServing() throws Exception {
        SocketListener a = Net.createTcpListener("127.0.0.1", 0);
        SocketListener b = Net.createTcpListener("127.0.0.2", a.localAddress().getPort());
        MultiListener<SocketStream> both = new MultiListener<>(List.of(a, b));
        Set<String> served = ConcurrentHashMap.newKeySet();
        assertThat(both.extra(SocketAttribute.LOCAL_PORT)).isEqualTo(a.localAddress().getPort());
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        both.serve(conn -> {
                            try (conn) {
                                served.add(new String(conn.receive(), StandardCharsets.UTF_8));
                            }
                        })); // returns once both listeners are closed
                for (String host : new String[] {"127.0.0.1", "127.0.0.2"}) {
                    try (SocketStream s = Net.connectTcp(host, a.localAddress().getPort())) {
                        s.send(host.getBytes(StandardCharsets.UTF_8));
                        s.sendEof();
                        s.receive(); // waits for the handler's close: EndOfStream or a byte
                    } catch (io.weft.EndOfStream served1) {
                        // the handler took the message and closed
                    }
                }
                both.close();
            });
        } finally {
            both.close();
        }
        assertThat(served).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
        assertThat(new MultiListener<>(List.of(both)).listeners()).hasSize(2);
        assertThatThrownBy(() -> new MultiListener<SocketStream>(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // AnyIO: test_sockets.py::TestTCPListener::test_accept / test_bind_dual_stack
    @WeftTest
    void createTcpListenersBindsEveryAddressOfAHostOnOnePort() throws Exception {
        MultiListener<SocketStream> any = Net.createTcpListeners(null, 0);
        try (MultiListener<SocketStream> local = Net.createTcpListeners("localhost", 0)) {
            assertThat(local.listeners()).isNotEmpty();
            int port = local.extra(SocketAttribute.LOCAL_PORT);
            assertThat(local.listeners())
                    .allSatisfy(
                            l -> assertThat(l.extra(SocketAttribute.LOCAL_PORT)).isEqualTo(port));
            int anyPort = any.extra(SocketAttribute.LOCAL_PORT);
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        any.serve(conn -> {
                            try (conn) {
                                conn.send("any".getBytes(StandardCharsets.UTF_8));
                            }
                        }));
                try (SocketStream s = Net.connectTcp("127.0.0.1", anyPort)) { // IPv4 reaches it
                    assertThat(new String(s.receive(), StandardCharsets.UTF_8)).isEqualTo("any");
                }
                any.close();
            });
        } finally {
            any.close();
        }
    }
}
