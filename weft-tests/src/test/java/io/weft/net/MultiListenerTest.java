package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.TaskGroup;
import io.weft.junit.WeftTest;
import io.weft.stream.Listener;
import io.weft.stream.MultiListener;
import io.weft.sync.Event;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * MultiListener: several listeners served into one group, closed together. Ports of AnyIO's {@code
 * tests/test_sockets.py::test_multi_listener} (a TCP and a UNIX listener served as one) and, for
 * {@code create_tcp_listener}, {@code TestTCPListener::test_accept} over the resolved addresses.
 */
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

    // AnyIO: test_sockets.py::test_multi_listener
    @WeftTest
    void aTcpAndAUnixListenerAreServedAsOne() throws Exception {
        Path dir = Files.createTempDirectory("weft-multi");
        Path path = dir.resolve("socket");
        List<SocketAddress> clientAddresses = new CopyOnWriteArrayList<>();
        List<SocketAddress> expected = new ArrayList<>();
        AtomicReference<Event> handled = new AtomicReference<>();
        MultiListener<SocketStream> multi =
                new MultiListener<>(
                        List.of(
                                Net.createTcpListener("127.0.0.1", 0),
                                Net.createUnixListener(path)));
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        multi.serve(stream -> {
                            clientAddresses.add(stream.extra(SocketAttribute.REMOTE_ADDRESS));
                            handled.get().set();
                            stream.close();
                        }));
                for (Listener<SocketStream> listener : multi.listeners()) {
                    handled.set(new Event());
                    SocketStream stream =
                            listener.extra(SocketAttribute.FAMILY) == StandardProtocolFamily.UNIX
                                    ? Net.connectUnix(path)
                                    : Net.connectTcp(
                                            "127.0.0.1",
                                            listener.extra(SocketAttribute.LOCAL_PORT));
                    try {
                        expected.add(stream.extra(SocketAttribute.LOCAL_ADDRESS));
                        handled.get().await();
                    } finally {
                        stream.close();
                    }
                }
                tg.cancel();
            });
        } finally {
            multi.close();
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
        assertThat(clientAddresses).hasSize(2).isEqualTo(expected);
    }
}
