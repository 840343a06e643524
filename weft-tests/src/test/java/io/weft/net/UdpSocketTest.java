package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BusyResourceError;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** UDP sockets, unconnected and connected, over the poller: send/receive, cancel, close, Busy. */
class UdpSocketTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // AnyIO: test_sockets.py::TestUDPSocket::test_send_receive
    @WeftTest
    void datagramsGoToAnAddressAndComeBackWithTheirSender() throws Exception {
        try (UdpSocket a = Net.createUdpSocket("127.0.0.1", 0);
                UdpSocket b = Net.createUdpSocket("127.0.0.1", 0)) {
            InetSocketAddress bAddr = b.localAddress();
            a.sendTo(b("hi"), "127.0.0.1", bAddr.getPort());
            Datagram got = b.receive();
            assertThat(s(got.data())).isEqualTo("hi");
            assertThat(got.address()).isEqualTo(a.localAddress());
            b.send(new Datagram(b("back"), got.address())); // reply to the sender
            assertThat(s(a.receive().data())).isEqualTo("back");
            assertThat(a.extra(SocketAttribute.LOCAL_PORT)).isEqualTo(a.localAddress().getPort());
            assertThat(a.extra(SocketAttribute.REMOTE_PORT, -1)).isEqualTo(-1);
        }
    }

    // AnyIO: test_sockets.py::TestUDPSocket::test_iterate
    @WeftTest
    void iteratingReceivesDatagramsUntilTheSocketIsClosed() throws Exception {
        UdpSocket b = Net.createUdpSocket("127.0.0.1", 0);
        try (UdpSocket a = Net.createUdpSocket("127.0.0.1", 0)) {
            List<String> got = new ArrayList<>();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    try {
                        for (Datagram d : b) {
                            got.add(s(d.data()));
                            if (got.size() == 3) {
                                b.close(); // the next receive ends the loop with Closed
                            }
                        }
                    } catch (ClosedResourceError closed) {
                        // closed: the iteration is over
                    }
                });
                for (String word : new String[] {"one", "two", "three"}) {
                    a.sendTo(b(word), "127.0.0.1", b.localAddress().getPort());
                }
            });
            assertThat(got).containsExactly("one", "two", "three"); // loopback keeps the order
        } finally {
            b.close();
        }
    }

    @WeftTest
    void aCancelledReceiveLosesNoDatagramAndCloseWakesAReceive() throws Exception {
        try (UdpSocket a = Net.createUdpSocket("127.0.0.1", 0)) {
            UdpSocket b = Net.createUdpSocket("127.0.0.1", 0);
            CancelScope scope = new CancelScope();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    Weft.waitAllTasksBlocked();
                    scope.cancel();
                });
                scope.run(x -> b.receive());
            });
            assertThat(scope.cancelledCaught()).isTrue();
            a.sendTo(b("kept"), "127.0.0.1", b.localAddress().getPort());
            assertThat(s(b.receive().data())).isEqualTo("kept");
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        assertThatThrownBy(b::receive).isInstanceOf(ClosedResourceError.class));
                tg.startSoon(() -> {
                    Weft.waitAllTasksBlocked();
                    assertThatThrownBy(b::receive).isInstanceOf(BusyResourceError.class);
                    b.close();
                });
            });
            assertThatThrownBy(() -> b.sendTo(b("x"), "127.0.0.1", 9))
                    .isInstanceOf(ClosedResourceError.class);
        }
    }

    // AnyIO: test_sockets.py::TestConnectedUDPSocket::test_send_receive
    @WeftTest
    void aConnectedSocketTalksToItsPeerOnly() throws Exception {
        try (UdpSocket server = Net.createUdpSocket("127.0.0.1", 0);
                ConnectedUdpSocket client =
                        Net.createConnectedUdpSocket(
                                "127.0.0.1", server.localAddress().getPort(), "127.0.0.1", 0)) {
            client.send(b("hello"));
            Datagram d = server.receive();
            assertThat(s(d.data())).isEqualTo("hello");
            server.send(new Datagram(b("world"), d.address()));
            assertThat(s(client.receive())).isEqualTo("world");
            assertThat(client.extra(SocketAttribute.REMOTE_PORT))
                    .isEqualTo(server.localAddress().getPort());
        }
        assertThatThrownBy(() -> Net.createConnectedUdpSocket("127.0.0.1", 0, "127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
