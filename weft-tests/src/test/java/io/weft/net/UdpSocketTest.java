package io.weft.net;

import static io.weft.net.NetTesting.b;
import static io.weft.net.NetTesting.reversed;
import static io.weft.net.NetTesting.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BusyResourceError;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * UDP sockets, unconnected and connected, over the poller: send/receive, cancel, close, Busy. Ports
 * of AnyIO's {@code tests/test_sockets.py}, over IPv4 and, where the machine has it, IPv6:
 *
 * <ul>
 *   <li>{@code TestUDPSocket}: {@code test_extra_attributes}, {@code test_send_receive}, {@code
 *       test_iterate}, {@code test_concurrent_receive}, {@code test_close_during_receive}, {@code
 *       test_receive_after_close}, {@code test_send_after_close}, {@code
 *       test_create_unbound_socket} (bound to the wildcard, as Weft always names the local host)
 *   <li>{@code TestConnectedUDPSocket}: {@code test_extra_attributes}, {@code test_send_receive},
 *       {@code test_iterate}, {@code test_concurrent_receive}, {@code test_close_during_receive},
 *       {@code test_receive_after_close}, {@code test_send_after_close}
 *   <li>{@code test_reuse_port} of both: in {@link UdpSocketOptionsTest}
 * </ul>
 *
 * Not ported, and why:
 *
 * <ul>
 *   <li>{@code TestUNIXDatagramSocket} and {@code TestConnectedUNIXDatagramSocket} (all their
 *       tests): the JDK's {@code DatagramChannel} does not support the UNIX family ("Protocol
 *       family not supported"), so Weft has no UNIX datagram sockets (see docs/networking.md).
 * </ul>
 */
class UdpSocketTest {

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

    private static StandardProtocolFamily familyOf(String host) {
        return host.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    // AnyIO: TestUDPSocket::test_extra_attributes[ipv4, ipv6]
    @WeftTest
    void anUnconnectedSocketHasLocalAttributesOnly() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (UdpSocket udp = Net.createUdpSocket(host, 0)) {
                DatagramChannel raw = (DatagramChannel) udp.extra(SocketAttribute.RAW_SOCKET);
                assertThat(raw.isBlocking()).isFalse();
                assertThat(udp.extra(SocketAttribute.FAMILY)).isEqualTo(familyOf(host));
                assertThat(udp.extra(SocketAttribute.LOCAL_ADDRESS))
                        .isEqualTo(raw.getLocalAddress());
                assertThat(udp.extra(SocketAttribute.LOCAL_PORT))
                        .isEqualTo(((InetSocketAddress) raw.getLocalAddress()).getPort());
                NetTesting.assertLacks(
                        udp, SocketAttribute.REMOTE_ADDRESS, SocketAttribute.REMOTE_PORT);
            }
        }
    }

    // AnyIO: TestUDPSocket::test_send_receive[ipv4, ipv6] (a socket sending to itself)
    @WeftTest
    void aSocketCanSendToItself() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (UdpSocket sock = Net.createUdpSocket(host, 0)) {
                int port = sock.localAddress().getPort();
                sock.sendTo(b("blah"), host, port);
                Datagram request = sock.receive();
                assertThat(s(request.data())).isEqualTo("blah");
                assertThat(request.address()).isEqualTo(sock.extra(SocketAttribute.LOCAL_ADDRESS));
                sock.sendTo(b("halb"), host, port);
                Datagram response = sock.receive();
                assertThat(s(response.data())).isEqualTo("halb");
                assertThat(response.address()).isEqualTo(new InetSocketAddress(host, port));
            }
        }
    }

    /** Sends two datagrams to {@code host:port}: each comes back reversed, the first from there. */
    private static void assertEachAnsweredReversed(UdpSocket client, String host, int port)
            throws java.io.IOException {
        client.sendTo(b("FOOBAR"), host, port);
        Datagram d = client.receive();
        assertThat(s(d.data())).isEqualTo("RABOOF");
        assertThat(d.address()).isEqualTo(new InetSocketAddress(host, port));
        client.sendTo(b("123456"), host, port);
        assertThat(s(client.receive().data())).isEqualTo("654321");
    }

    // AnyIO: TestUDPSocket::test_iterate[ipv4, ipv6]
    @WeftTest
    void aServerIteratingOverDatagramsAnswersEach() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (UdpSocket server = Net.createUdpSocket(host, 0);
                    UdpSocket client = Net.createUdpSocket(host, 0)) {
                int port = server.localAddress().getPort();
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        for (Datagram d : server) {
                            server.send(new Datagram(reversed(d.data()), d.address()));
                        }
                    });
                    assertEachAnsweredReversed(client, host, port);
                    tg.cancel();
                });
            }
        }
    }

    // AnyIO: TestUDPSocket::test_receive_after_close / test_send_after_close
    @WeftTest
    void aClosedSocketNeitherReceivesNorSends() throws Exception {
        UdpSocket udp = Net.createUdpSocket("127.0.0.1", 0);
        int port = udp.localAddress().getPort();
        udp.close();
        assertThatThrownBy(udp::receive)
                .isInstanceOf(ClosedResourceError.class)
                .hasMessage("this UDP socket is closed");
        assertThatThrownBy(() -> udp.sendTo(b("foo"), "127.0.0.1", port))
                .isInstanceOf(ClosedResourceError.class);
        udp.close(); // idempotent
    }

    // AnyIO: TestUDPSocket::test_create_unbound_socket (regression test for AnyIO #360)
    @WeftTest
    void aSocketOnTheWildcardGetsAPort() throws Exception {
        try (UdpSocket udp = Net.createUdpSocket("0.0.0.0", 0)) {
            assertThat(udp.localAddress().getPort()).isPositive();
        }
    }

    /** An empty datagram is sent once (the channel reports 0 bytes for it, as for "no room"). */
    @WeftTest
    void anEmptyDatagramIsSentOnce() throws Exception {
        try (UdpSocket a = Net.createUdpSocket("127.0.0.1", 0);
                UdpSocket b = Net.createUdpSocket("127.0.0.1", 0)) {
            a.send(new Datagram(new byte[0], b.localAddress()));
            a.send(new Datagram(b("after"), b.localAddress()));
            assertThat(b.receive().data()).isEmpty();
            assertThat(s(b.receive().data())).isEqualTo("after");
        }
    }

    // AnyIO: TestConnectedUDPSocket::test_extra_attributes[ipv4, ipv6]
    @WeftTest
    void aConnectedSocketHasItsPeersAttributes() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (ConnectedUdpSocket udp = Net.createConnectedUdpSocket(host, 5000, host, 0)) {
                DatagramChannel raw = (DatagramChannel) udp.extra(SocketAttribute.RAW_SOCKET);
                assertThat(udp.extra(SocketAttribute.FAMILY)).isEqualTo(familyOf(host));
                assertThat(udp.extra(SocketAttribute.LOCAL_ADDRESS))
                        .isEqualTo(raw.getLocalAddress());
                assertThat(udp.extra(SocketAttribute.LOCAL_PORT))
                        .isEqualTo(((InetSocketAddress) raw.getLocalAddress()).getPort());
                assertThat(udp.extra(SocketAttribute.REMOTE_ADDRESS))
                        .isEqualTo(raw.getRemoteAddress());
                assertThat(udp.extra(SocketAttribute.REMOTE_PORT)).isEqualTo(5000);
            }
        }
    }

    /** A body given a loopback host, a UDP socket on it, and a socket connected to that one. */
    @FunctionalInterface
    interface ConnectedPairBody {
        /** Runs with the host and the two sockets. */
        void run(String host, UdpSocket udp1, ConnectedUdpSocket udp2) throws Exception;
    }

    /** Runs {@code body} once per loopback family with a fresh connected pair, closed after. */
    private static void withConnectedPairPerFamily(ConnectedPairBody body) throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (UdpSocket udp1 = Net.createUdpSocket(host, 0);
                    ConnectedUdpSocket udp2 =
                            Net.createConnectedUdpSocket(
                                    host, udp1.localAddress().getPort(), host, 0)) {
                body.run(host, udp1, udp2);
            }
        }
    }

    // AnyIO: TestConnectedUDPSocket::test_send_receive[ipv4, ipv6]
    @WeftTest
    void aConnectedSocketTalksToItsPeerInEachFamily() throws Exception {
        withConnectedPairPerFamily((host, udp1, udp2) -> {
            udp2.send(b("blah"));
            Datagram request = udp1.receive();
            assertThat(s(request.data())).isEqualTo("blah");
            assertThat(request.address()).isEqualTo(udp2.extra(SocketAttribute.LOCAL_ADDRESS));
            udp1.sendTo(b("halb"), host, request.address().getPort());
            assertThat(s(udp2.receive())).isEqualTo("halb");
        });
    }

    // AnyIO: TestConnectedUDPSocket::test_iterate[ipv4, ipv6]
    @WeftTest
    void aConnectedSocketIteratingOverDatagramsAnswersEach() throws Exception {
        withConnectedPairPerFamily((host, udp1, udp2) -> {
            int port = udp2.extra(SocketAttribute.LOCAL_PORT);
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    for (byte[] packet : udp2) {
                        udp2.send(reversed(packet));
                    }
                });
                assertEachAnsweredReversed(udp1, host, port);
                tg.cancel();
            });
        });
    }

    // AnyIO: TestConnectedUDPSocket::test_concurrent_receive, test_close_during_receive,
    // test_receive_after_close, test_send_after_close
    @WeftTest
    void aConnectedSocketIsBusyForASecondReceiverAndClosedAfterClose() throws Exception {
        ConnectedUdpSocket udp = Net.createConnectedUdpSocket("127.0.0.1", 5000, "127.0.0.1", 0);
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        assertThatThrownBy(udp::receive).isInstanceOf(ClosedResourceError.class));
                Weft.waitAllTasksBlocked();
                assertThatThrownBy(udp::receive)
                        .isInstanceOf(BusyResourceError.class)
                        .hasMessageContaining("already reading from");
                udp.close(); // wakes the first receive
            });
            assertThatThrownBy(udp::receive).isInstanceOf(ClosedResourceError.class);
            assertThatThrownBy(() -> udp.send(b("foo"))).isInstanceOf(ClosedResourceError.class);
        } finally {
            udp.close();
        }
    }
}
