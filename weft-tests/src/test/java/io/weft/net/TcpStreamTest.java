package io.weft.net;

import static io.weft.net.NetTesting.b;
import static io.weft.net.NetTesting.reversed;
import static io.weft.net.NetTesting.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.BrokenResourceError;
import io.weft.BusyResourceError;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.ConnectionFailed;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.internal.WeftRuntime;
import io.weft.internal.net.HappyEyeballs;
import io.weft.internal.net.Poller;
import io.weft.junit.WeftTest;
import io.weft.testing.StreamPair;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Ports of AnyIO's {@code tests/test_sockets.py::TestTCPStream}, each over IPv4 and, where the
 * machine has it, IPv6 (AnyIO's {@code family} fixture), with Weft streams on both ends (AnyIO's
 * server threads would block the SERIAL backend):
 *
 * <ul>
 *   <li>{@code test_extra_attributes[ipv4, ipv6]}, {@code test_send_receive}, {@code
 *       test_send_large_buffer}, {@code test_send_eof}, {@code test_iterate}, {@code
 *       test_socket_options} (TCP_NODELAY)
 *   <li>{@code test_happy_eyeballs[ipv4, ipv6]} (by literal address), and the IPv6-first order of
 *       {@code [dualstack]} on the interleaving itself (this machine's {@code localhost} has one
 *       address, and a JVM's resolver cannot be replaced per test as AnyIO monkeypatches it)
 *   <li>{@code test_connection_refused[single]} through {@code connectTcp}, {@code [multi]} through
 *       the same race over both loopback addresses
 *   <li>{@code test_receive_timeout} (on virtual time), {@code test_concurrent_send}, {@code
 *       test_concurrent_receive}, {@code test_receive_after_close}, {@code test_send_after_close},
 *       {@code test_send_after_peer_closed}
 *   <li>{@code test_unretrieved_future_exception_server_crash}: its point, a peer that resets the
 *       connection makes {@code receive} a {@link BrokenResourceError}
 * </ul>
 *
 * {@code test_close_during_receive} is in {@link SocketStreamTest}. Not ported here: {@code
 * test_connect_tcp_with_tls} and {@code test_connect_tcp_with_tls_cert_check_fail} (TLS over {@code
 * connectTcp} belongs to the TLS tests), and the asyncio-only part of the server-crash test
 * (unretrieved futures do not exist in Weft).
 */
class TcpStreamTest {

    // AnyIO: TestTCPStream::test_extra_attributes[ipv4, ipv6]
    @WeftTest
    void theAttributesDescribeBothEndsInEachFamily() throws Exception {
        NetTesting.withTcpPairPerFamily((host, client, server) -> {
            SocketChannel raw = (SocketChannel) client.extra(SocketAttribute.RAW_SOCKET);
            assertThat(client.extra(SocketAttribute.FAMILY))
                    .isEqualTo(
                            host.contains(":")
                                    ? StandardProtocolFamily.INET6
                                    : StandardProtocolFamily.INET);
            assertThat(client.extra(SocketAttribute.LOCAL_ADDRESS))
                    .isEqualTo(raw.getLocalAddress());
            assertThat(client.extra(SocketAttribute.LOCAL_PORT))
                    .isEqualTo(((InetSocketAddress) raw.getLocalAddress()).getPort());
            assertThat(client.extra(SocketAttribute.REMOTE_ADDRESS))
                    .isEqualTo(server.extra(SocketAttribute.LOCAL_ADDRESS));
            assertThat(client.extra(SocketAttribute.REMOTE_PORT))
                    .isEqualTo(server.extra(SocketAttribute.LOCAL_PORT));
            assertThat(
                            ((InetSocketAddress) client.extra(SocketAttribute.REMOTE_ADDRESS))
                                    .getAddress())
                    .isEqualTo(InetAddress.getByName(host));
        });
    }

    // AnyIO: TestTCPStream::test_send_receive
    @WeftTest
    void whatIsSentIsReceived() throws Exception {
        NetTesting.withTcpPairPerFamily((host, client, server) -> {
            client.send(b("blah"));
            server.send(reversed(server.receive(100)));
            assertThat(s(client.receive())).isEqualTo("halb");
        });
    }

    // AnyIO: TestTCPStream::test_send_large_buffer (more than the kernel's send buffer)
    @WeftTest
    void aBufferLargerThanTheKernelsArrivesWhole() throws Exception {
        byte[] buffer = new byte[1 << 20];
        Arrays.fill(buffer, (byte) 0xff);
        NetTesting.withTcpPair((client, server) ->
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        server.send(buffer);
                        server.close();
                    });
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    while (got.size() < buffer.length) { // bounded: each chunk is at least a byte
                        got.writeBytes(client.receive());
                    }
                    assertThat(got.toByteArray()).isEqualTo(buffer);
                }));
    }

    // AnyIO: TestTCPStream::test_send_eof
    @WeftTest
    void sendEofLetsThePeerReadToTheEndAndReply() throws Exception {
        NetTesting.withTcpPairPerFamily((host, client, server) ->
                TaskGroup.run(tg -> {
                    NetTesting.assertEofAnsweredReversed(tg, client, server);
                    assertThatThrownBy(() -> client.send(b("more")))
                            .isInstanceOf(ClosedResourceError.class)
                            .hasMessageContaining("sendEof");
                }));
    }

    // AnyIO: TestTCPStream::test_iterate
    @WeftTest
    void iteratingYieldsChunksUntilTheEnd() throws Exception {
        NetTesting.withTcpPair((client, server) ->
                assertThat(NetTesting.iterateTwoSends(client, server)).containsExactly("bl", "ah"));
    }

    // AnyIO: TestTCPStream::test_socket_options
    @WeftTest
    void bothEndsHaveNoDelayOn() throws Exception {
        NetTesting.withTcpPairPerFamily((host, client, server) -> {
            for (SocketStream s : List.of(client, server)) {
                SocketChannel raw = (SocketChannel) s.extra(SocketAttribute.RAW_SOCKET);
                assertThat(raw.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
                assertThat(raw.isBlocking()).isFalse();
            }
        });
    }

    // AnyIO: TestTCPStream::test_happy_eyeballs[ipv4, ipv6]
    @WeftTest
    void connectingToALiteralUsesItsFamily() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (SocketListener listener = Net.createTcpListener(host, 0);
                    SocketStream client = Net.connectTcp(host, listener.localAddress().getPort());
                    SocketStream accepted = listener.accept()) {
                assertThat(
                                ((InetSocketAddress) accepted.extra(SocketAttribute.REMOTE_ADDRESS))
                                        .getAddress())
                        .isEqualTo(InetAddress.getByName(host));
                assertThat(client.extra(SocketAttribute.REMOTE_PORT))
                        .isEqualTo(listener.localAddress().getPort());
            }
        }
    }

    // AnyIO: TestTCPStream::test_happy_eyeballs[dualstack]: IPv6 is tried first (RFC 8305)
    @WeftTest
    void theAddressesAreTriedIpv6FirstThenAlternating() throws Exception {
        InetAddress a4 = InetAddress.getByName("127.0.0.1");
        InetAddress b4 = InetAddress.getByName("127.0.0.2");
        InetAddress a6 = InetAddress.getByName("::1");
        InetAddress b6 = InetAddress.getByName("::2");
        assertThat(Resolver.interleave(new InetAddress[] {a4, b4, a6, b6}))
                .containsExactly(a6, a4, b6, b4);
        assertThat(Resolver.interleave(new InetAddress[] {a4, b4, a6})).containsExactly(a6, a4, b4);
        assertThat(Resolver.interleave(new InetAddress[] {a4})).containsExactly(a4);
    }

    // AnyIO: TestTCPStream::test_connection_refused[single]
    @WeftTest
    void aRefusedConnectionToOneAddressIsOneFailedAttempt() throws Exception {
        int port = NetTesting.freePort("127.0.0.1");
        Throwable e = catchThrowable(() -> Net.connectTcp("127.0.0.1", port));
        assertThat(e)
                .isInstanceOf(ConnectionFailed.class)
                .hasMessageContaining("all connection attempts to 127.0.0.1:" + port + " failed");
        assertThat(((ConnectionFailed) e).attempts())
                .singleElement()
                .isInstanceOf(ConnectException.class);
    }

    // AnyIO: TestTCPStream::test_connection_refused[multi]: the same race over both families
    @WeftTest
    void whenEveryAddressRefusesEachAttemptIsListed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(NetTesting.IPV6, "needs IPv6");
        int port = NetTesting.freePort("::1");
        Poller poller = WeftRuntime.current().poller();
        List<InetAddress> both =
                Resolver.interleave(
                        new InetAddress[] {
                            InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")
                        });
        Throwable e =
                catchThrowable(() ->
                        HappyEyeballs.race(
                                both,
                                TcpConnectOptions.DEFAULT_HAPPY_EYEBALLS_DELAY,
                                a -> Net.connect(poller, new InetSocketAddress(a, port), null),
                                "localhost:" + port));
        assertThat(e).isInstanceOf(ConnectionFailed.class);
        assertThat(((ConnectionFailed) e).attempts())
                .hasSize(2)
                .allSatisfy(a -> assertThat(a).isInstanceOf(ConnectException.class));
    }

    // AnyIO: TestTCPStream::test_receive_timeout
    @WeftTest(clock = WeftTest.Clock.AUTOJUMP)
    void aTimeoutEndsAReceiveThatGetsNothing() throws Exception {
        NetTesting.withTcpPair((client, server) -> {
            CancelScope scope =
                    Weft.moveOnAfter(
                            Duration.ofMillis(100),
                            s -> {
                                client.receive(1);
                                throw new AssertionError("the timeout was not respected");
                            });
            assertThat(scope.cancelledCaught()).isTrue();
            server.send(b("x")); // and the stream still works
            assertThat(s(client.receive(1))).isEqualTo("x");
        });
    }

    // AnyIO: TestTCPStream::test_concurrent_send
    @WeftTest
    void aSecondSenderIsBusy() throws Exception {
        NetTesting.withTcpPair((client, server) ->
                TaskGroup.run(tg -> {
                    NetTesting.startFillingSendBuffers(tg, client);
                    Weft.waitAllTasksBlocked();
                    assertThatThrownBy(() -> client.send(b("foo")))
                            .isInstanceOf(BusyResourceError.class)
                            .hasMessageContaining("already writing to");
                    tg.cancel();
                }));
    }

    // AnyIO: TestTCPStream::test_concurrent_receive
    @WeftTest
    void aSecondReceiverIsBusy() throws Exception {
        NetTesting.withTcpPair((client, server) ->
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> client.receive());
                    Weft.waitAllTasksBlocked();
                    try {
                        assertThatThrownBy(() -> client.receive())
                                .isInstanceOf(BusyResourceError.class)
                                .hasMessageContaining("already reading from");
                    } finally {
                        tg.cancel();
                    }
                }));
    }

    // AnyIO: TestTCPStream::test_receive_after_close / test_send_after_close
    @WeftTest
    void aClosedStreamNeitherReceivesNorSends() throws Exception {
        StreamPair<SocketStream, SocketStream> p = NetTesting.tcpPair("127.0.0.1");
        try (var server = p.second()) {
            SocketStream client = p.first();
            client.close();
            assertThatThrownBy(() -> client.receive())
                    .isInstanceOf(ClosedResourceError.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> client.send(b("foo"))).isInstanceOf(ClosedResourceError.class);
            client.close(); // idempotent
            assertThatThrownBy(() -> server.receive()).isInstanceOf(EndOfStream.class);
        }
    }

    // AnyIO: TestTCPStream::test_send_after_peer_closed
    @WeftTest
    void sendingToAPeerThatClosedBreaksTheStream() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            var p = NetTesting.tcpPair(host);
            try (var client = p.first()) {
                p.second().close();
                assertThatThrownBy(() -> client.receive()).isInstanceOf(EndOfStream.class);
                // The first send reaches the closed socket, which answers with a reset; a later
                // one finds the connection broken (AnyIO sends up to 1,000 times too).
                assertThatThrownBy(
                                () -> {
                                    for (int i = 0; i < 1000; i++) {
                                        client.send(b("foo"));
                                    }
                                })
                        .isInstanceOf(BrokenResourceError.class)
                        .hasMessageContaining("the connection broke")
                        .hasCauseInstanceOf(java.io.IOException.class);
            }
        }
    }

    // AnyIO: TestTCPStream::test_unretrieved_future_exception_server_crash (its point: a reset)
    @WeftTest
    void aPeerThatResetsTheConnectionBreaksAReceive() throws Exception {
        var p = NetTesting.tcpPair("127.0.0.1");
        try (var client = p.first()) {
            SocketStream server = p.second();
            client.send(b("GET"));
            ((SocketChannel) server.extra(SocketAttribute.RAW_SOCKET))
                    .setOption(StandardSocketOptions.SO_LINGER, 0); // close sends a RST
            server.close();
            assertThatThrownBy(() -> client.receive())
                    .isInstanceOf(BrokenResourceError.class)
                    .hasMessageContaining("the connection broke");
        }
    }
}
