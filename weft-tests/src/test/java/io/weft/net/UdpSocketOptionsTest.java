package io.weft.net;

import static io.weft.net.NetTesting.b;
import static io.weft.net.NetTesting.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;

/**
 * {@link UdpSocketOptions}: the family and SO_REUSEPORT of UDP sockets. Ports of AnyIO's {@code
 * tests/test_sockets.py}: {@code TestUDPSocket::test_reuse_port}, {@code
 * TestConnectedUDPSocket::test_reuse_port}, and {@code TestUDPSocket::test_create_unbound_socket}
 * with a family and no host. AnyIO's checks of its {@code ValueError} for neither a family nor a
 * host are here too.
 */
class UdpSocketOptionsTest {

    private static ProtocolFamily familyOf(String loopback) {
        return loopback.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    // AnyIO: test_sockets.py::TestUDPSocket::test_reuse_port
    @WeftTest
    void twoSocketsWithReusePortShareAPortAndWithoutItTheSecondFails() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            UdpSocketOptions reuse =
                    UdpSocketOptions.defaults().family(familyOf(host)).reusePort(true);
            try (UdpSocket first = Net.createUdpSocket(host, 0, reuse)) {
                int port = first.extra(SocketAttribute.LOCAL_PORT);
                assertThat(port).isPositive();
                try (UdpSocket second = Net.createUdpSocket(host, port, reuse)) {
                    assertThat(second.extra(SocketAttribute.LOCAL_PORT)).isEqualTo(port);
                }
                assertThatThrownBy(() -> Net.createUdpSocket(host, port))
                        .isInstanceOf(BindException.class);
            }
        }
    }

    // AnyIO: test_sockets.py::TestConnectedUDPSocket::test_reuse_port
    @WeftTest
    void twoConnectedSocketsWithReusePortShareALocalPort() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            UdpSocketOptions reuse =
                    UdpSocketOptions.defaults().family(familyOf(host)).reusePort(true);
            try (ConnectedUdpSocket first =
                    Net.createConnectedUdpSocket(host, 6000, host, 0, reuse)) {
                int port = first.extra(SocketAttribute.LOCAL_PORT);
                assertThat(port).isPositive();
                try (ConnectedUdpSocket second =
                        Net.createConnectedUdpSocket(host, 6001, host, port, reuse)) {
                    assertThat(second.extra(SocketAttribute.LOCAL_PORT)).isEqualTo(port);
                    assertThat(second.extra(SocketAttribute.REMOTE_PORT)).isEqualTo(6001);
                }
            }
        }
    }

    // AnyIO: test_sockets.py::TestUDPSocket::test_create_unbound_socket, with a family
    @WeftTest
    void withAFamilyAndNoHostTheSocketIsOnThatFamilysWildcard() throws Exception {
        try (UdpSocket v4 =
                Net.createUdpSocket(
                        null, 0, UdpSocketOptions.defaults().family(StandardProtocolFamily.INET))) {
            assertThat(v4.localAddress().getAddress())
                    .isInstanceOf(Inet4Address.class)
                    .matches(a -> a.isAnyLocalAddress());
            assertThat(v4.extra(SocketAttribute.FAMILY)).isEqualTo(StandardProtocolFamily.INET);
            assertThat(v4.localAddress().getPort()).isPositive();
        }
        if (NetTesting.IPV6) {
            try (UdpSocket v6 =
                    Net.createUdpSocket(
                            null,
                            0,
                            UdpSocketOptions.defaults().family(StandardProtocolFamily.INET6))) {
                assertThat(v6.localAddress().getAddress())
                        .isInstanceOf(Inet6Address.class)
                        .matches(a -> a.isAnyLocalAddress());
            }
        }
    }

    @WeftTest
    void anIpv4SocketReachesAPeerByNameAndMovesDatagrams() throws Exception {
        UdpSocketOptions v4 = UdpSocketOptions.defaults().family(StandardProtocolFamily.INET);
        try (UdpSocket server = Net.createUdpSocket("localhost", 0, v4);
                ConnectedUdpSocket client =
                        Net.createConnectedUdpSocket(
                                "localhost",
                                server.extra(SocketAttribute.LOCAL_PORT),
                                null, // no local host: the OS picks the port
                                0,
                                v4)) {
            assertThat(server.localAddress().getAddress()).isInstanceOf(Inet4Address.class);
            assertThat(client.extra(SocketAttribute.LOCAL_PORT)).isPositive();
            client.send(b("ping"));
            Datagram got = server.receive();
            assertThat(s(got.data())).isEqualTo("ping");
            server.send(new Datagram(b("pong"), got.address()));
            assertThat(s(client.receive())).isEqualTo("pong");
        }
    }

    @WeftTest
    void badOptionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Net.createUdpSocket(null, 0, UdpSocketOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("either a local host or an address family must be given");
        assertThatThrownBy(() -> UdpSocketOptions.defaults().family(StandardProtocolFamily.UNIX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not UNIX");
        UdpSocketOptions v6 = UdpSocketOptions.defaults().family(StandardProtocolFamily.INET6);
        assertThatThrownBy(() -> Net.createUdpSocket("127.0.0.1", 0, v6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("127.0.0.1 is an INET address, not INET6");
        assertThatThrownBy(() -> Net.createUdpSocket("127.0.0.1", 70000, v6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
        if (!NetTesting.hostHasIpv6("localhost")) {
            assertThatThrownBy(() -> Net.createUdpSocket("localhost", 0, v6))
                    .isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("localhost has no INET6 address");
        }
    }
}
