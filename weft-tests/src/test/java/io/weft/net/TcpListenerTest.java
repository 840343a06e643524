package io.weft.net;

import static io.weft.net.NetTesting.b;
import static io.weft.net.NetTesting.reversed;
import static io.weft.net.NetTesting.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.TypedAttributeLookupError;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.stream.Listener;
import io.weft.stream.MultiListener;
import io.weft.sync.Event;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;

/**
 * TCP listeners and their options. Ports of AnyIO's {@code tests/test_sockets.py::TestTCPListener},
 * over IPv4 and, where the machine has it, IPv6:
 *
 * <ul>
 *   <li>{@code test_extra_attributes[ipv4, ipv6]}, {@code test_accept[ipv4, ipv6, both]} ("both":
 *       both loopback addresses on one port), {@code test_accept_after_close}, {@code
 *       test_socket_options} (SO_REUSEADDR, a settable receive buffer; accepted streams
 *       non-blocking, of the family, TCP_NODELAY), {@code test_reuse_port}, {@code
 *       test_close_from_other_task} (in Weft closing ends {@code serve} normally instead of with a
 *       {@code ClosedResourceError} group), {@code test_send_after_eof}, {@code
 *       test_eof_after_send}
 * </ul>
 *
 * Not ported: {@code test_bind_link_local}: it needs a link-local address on a real interface, and
 * these tests stay on loopback. The listener options (family, backlog, reusePort) and the same-port
 * retry for port 0 are tested beyond AnyIO, here and in {@link SamePortBinderTest}.
 */
class TcpListenerTest {

    private static ProtocolFamily familyOf(String host) {
        return host.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static TcpListenerOptions of(String host) {
        return TcpListenerOptions.defaults().family(familyOf(host));
    }

    // AnyIO: TestTCPListener::test_extra_attributes[ipv4, ipv6]
    @WeftTest
    void aListenerHasItsLocalAttributesAndNoRemoteOnes() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (MultiListener<SocketStream> multi = Net.createTcpListeners(host, 0, of(host))) {
                assertThat(multi.extra(SocketAttribute.FAMILY)).isEqualTo(familyOf(host));
                for (Listener<SocketStream> listener : multi.listeners()) {
                    ServerSocketChannel raw =
                            (ServerSocketChannel) listener.extra(SocketAttribute.RAW_SOCKET);
                    assertThat(listener.extra(SocketAttribute.FAMILY)).isEqualTo(familyOf(host));
                    assertThat(listener.extra(SocketAttribute.LOCAL_ADDRESS))
                            .isEqualTo(raw.getLocalAddress());
                    assertThat(listener.extra(SocketAttribute.LOCAL_PORT))
                            .isEqualTo(((InetSocketAddress) raw.getLocalAddress()).getPort());
                    assertThatThrownBy(() -> listener.extra(SocketAttribute.REMOTE_ADDRESS))
                            .isInstanceOf(TypedAttributeLookupError.class);
                    assertThatThrownBy(() -> listener.extra(SocketAttribute.REMOTE_PORT))
                            .isInstanceOf(TypedAttributeLookupError.class);
                }
            }
        }
    }

    private static void echoReversedOnce(SocketListener listener) throws Exception {
        InetSocketAddress at = listener.localAddress();
        try (SocketStream client = Net.connectTcp(at.getAddress().getHostAddress(), at.getPort());
                SocketStream stream = listener.accept()) {
            client.send(b("blah"));
            stream.send(reversed(stream.receive()));
            assertThat(s(client.receive(100))).isEqualTo("halb");
        }
    }

    // AnyIO: TestTCPListener::test_accept[ipv4, ipv6]
    @WeftTest
    void eachListenerAcceptsAConnection() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (MultiListener<SocketStream> multi = Net.createTcpListeners(host, 0, of(host))) {
                for (Listener<SocketStream> l : multi.listeners()) {
                    echoReversedOnce((SocketListener) l);
                }
            }
        }
    }

    // AnyIO: TestTCPListener::test_accept[both]: one listener per family, on one port
    @WeftTest
    void bothFamiliesListenOnOnePortAndAccept() throws Exception {
        Assumptions.assumeTrue(NetTesting.IPV6, "needs IPv6");
        List<InetAddress> both =
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
        try (MultiListener<SocketStream> multi =
                Listening.listenAll(both, 0, TcpListenerOptions.defaults())) {
            assertThat(multi.listeners()).hasSize(2);
            assertThat(multi.listeners())
                    .extracting(l -> l.extra(SocketAttribute.FAMILY))
                    .containsExactlyInAnyOrder(
                            StandardProtocolFamily.INET, StandardProtocolFamily.INET6);
            assertThat(multi.listeners())
                    .extracting(l -> l.extra(SocketAttribute.LOCAL_PORT))
                    .containsOnly(multi.extra(SocketAttribute.LOCAL_PORT));
            for (Listener<SocketStream> l : multi.listeners()) {
                echoReversedOnce((SocketListener) l);
            }
        }
    }

    // AnyIO: TestTCPListener::test_accept_after_close
    @WeftTest
    void aClosedListenerDoesNotAccept() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (MultiListener<SocketStream> multi = Net.createTcpListeners(host, 0, of(host))) {
                for (Listener<SocketStream> l : multi.listeners()) {
                    l.close();
                    assertThatThrownBy(((SocketListener) l)::accept)
                            .isInstanceOf(ClosedResourceError.class)
                            .hasMessage("this listener is closed");
                }
            }
        }
    }

    // AnyIO: TestTCPListener::test_socket_options
    @WeftTest
    void listenersReuseTheAddressAndAcceptedStreamsAreSetUp() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (SocketListener listener = Net.createTcpListener(host, 0, of(host))) {
                ServerSocketChannel raw =
                        (ServerSocketChannel) listener.extra(SocketAttribute.RAW_SOCKET);
                assertThat(raw.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
                raw.setOption(StandardSocketOptions.SO_RCVBUF, 80000);
                assertThat(raw.getOption(StandardSocketOptions.SO_RCVBUF)).isIn(80000, 160000);
                try (SocketStream client = Net.connectTcp(host, listener.localAddress().getPort());
                        SocketStream stream = listener.accept()) {
                    SocketChannel accepted =
                            (SocketChannel) stream.extra(SocketAttribute.RAW_SOCKET);
                    assertThat(accepted.isBlocking()).isFalse();
                    assertThat(stream.extra(SocketAttribute.FAMILY))
                            .isEqualTo(listener.extra(SocketAttribute.FAMILY));
                    assertThat(accepted.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
                    assertThat(stream.extra(SocketAttribute.REMOTE_PORT))
                            .isEqualTo(client.extra(SocketAttribute.LOCAL_PORT));
                }
            }
        }
    }

    // AnyIO: TestTCPListener::test_reuse_port
    @WeftTest
    void withReusePortTwoListenersShareAnAddress() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            TcpListenerOptions reuse = of(host).reusePort(true);
            try (MultiListener<SocketStream> first = Net.createTcpListeners(host, 0, reuse)) {
                assertThat(first.listeners()).hasSize(1);
                int port = first.extra(SocketAttribute.LOCAL_PORT);
                try (MultiListener<SocketStream> second =
                        Net.createTcpListeners(host, port, reuse)) {
                    assertThat(second.listeners()).hasSize(1);
                    assertThat(second.extra(SocketAttribute.LOCAL_ADDRESS))
                            .isEqualTo(first.extra(SocketAttribute.LOCAL_ADDRESS));
                }
                assertThatThrownBy(() -> Net.createTcpListener(host, port, of(host)))
                        .as("without SO_REUSEPORT the address is taken")
                        .isInstanceOf(BindException.class);
            }
        }
    }

    // AnyIO: TestTCPListener::test_close_from_other_task
    @WeftTest
    void closingFromAnotherTaskEndsServing() throws Exception {
        SocketListener listener = Net.createTcpListener("127.0.0.1", 0);
        AtomicReference<String> ended = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                listener.serve(stream -> stream.close());
                ended.set("returned");
            });
            Weft.waitAllTasksBlocked();
            listener.close();
        });
        assertThat(ended.get()).isEqualTo("returned");
    }

    // AnyIO: TestTCPListener::test_send_after_eof
    @WeftTest
    void aHandlerCanSendAfterTheClientsEof() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (MultiListener<SocketStream> multi = Net.createTcpListeners(host, 0, of(host))) {
                TaskGroup.run(tg -> {
                    tg.startSoon(() ->
                            multi.serve(stream -> {
                                try (stream) {
                                    stream.send(b("Hello\n"));
                                }
                            }));
                    try (SocketStream client =
                            Net.connectTcp(host, multi.extra(SocketAttribute.LOCAL_PORT))) {
                        client.sendEof();
                        assertThat(s(client.receive(10))).isEqualTo("Hello\n");
                    }
                    tg.cancel(); // stops serving; the listeners close with the try
                });
            }
        }
    }

    // AnyIO: TestTCPListener::test_eof_after_send (regression test for AnyIO #701)
    @WeftTest
    void aHandlerSeesTheDataAndThenTheEof() throws Exception {
        for (String host : NetTesting.loopbacks()) {
            try (MultiListener<SocketStream> multi = Net.createTcpListeners(host, 0, of(host))) {
                AtomicReference<String> received = new AtomicReference<>();
                Event handled = new Event();
                TaskGroup.run(tg -> {
                    tg.startSoon(() ->
                            multi.serve(stream -> {
                                try (stream) {
                                    received.set(s(stream.receive()));
                                    assertThatThrownBy(stream::receive)
                                            .isInstanceOf(EndOfStream.class);
                                } finally {
                                    handled.set();
                                }
                            }));
                    try (SocketStream client =
                            Net.connectTcp(host, multi.extra(SocketAttribute.LOCAL_PORT))) {
                        client.send(b("Hello"));
                        client.sendEof();
                        handled.await();
                    }
                    tg.cancel(); // stops serving; the listeners close with the try
                });
                assertThat(received.get()).isEqualTo("Hello");
            }
        }
    }

    @WeftTest
    void badOptionsAreRejectedClearly() {
        assertThatThrownBy(() -> TcpListenerOptions.defaults().backlog(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the backlog must be at least 1, not 0");
        assertThat(TcpListenerOptions.defaults().backlog(1 << 20).backlog())
                .as("cut to AnyIO's maximum")
                .isEqualTo(65536);
        assertThat(TcpListenerOptions.defaults().backlog()).isEqualTo(65536);
        assertThatThrownBy(() -> TcpListenerOptions.defaults().family(StandardProtocolFamily.UNIX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not UNIX");
        TcpListenerOptions v6 = TcpListenerOptions.defaults().family(StandardProtocolFamily.INET6);
        assertThatThrownBy(() -> Net.createTcpListener("127.0.0.1", 0, v6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("127.0.0.1 is an INET address, not INET6");
        assertThatThrownBy(() -> Net.createTcpListeners("localhost", 0, v6))
                .as("this machine's localhost is IPv4 only")
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("localhost has no INET6 address");
        assertThatThrownBy(() -> Net.createTcpListeners("127.0.0.1", 65536))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @WeftTest
    void theFamilyPicksTheWildcard() throws Exception {
        TcpListenerOptions v4 = TcpListenerOptions.defaults().family(StandardProtocolFamily.INET);
        try (MultiListener<SocketStream> any4 = Net.createTcpListeners(null, 0, v4)) {
            assertThat(any4.extra(SocketAttribute.LOCAL_ADDRESS))
                    .isEqualTo(
                            new InetSocketAddress(
                                    "0.0.0.0", any4.extra(SocketAttribute.LOCAL_PORT)));
        }
        if (NetTesting.IPV6) {
            TcpListenerOptions v6 =
                    TcpListenerOptions.defaults().family(StandardProtocolFamily.INET6);
            try (MultiListener<SocketStream> any6 = Net.createTcpListeners(null, 0, v6)) {
                assertThat(any6.extra(SocketAttribute.FAMILY))
                        .isEqualTo(StandardProtocolFamily.INET6);
            }
        }
        try (MultiListener<SocketStream> local = Net.createTcpListeners("localhost", 0, v4)) {
            assertThat(local.listeners())
                    .allSatisfy(l ->
                            assertThat(l.extra(SocketAttribute.FAMILY))
                                    .isEqualTo(StandardProtocolFamily.INET));
        }
    }

    /**
     * A backlog of 1 holds two connections that were not accepted yet (Linux queues backlog + 1); a
     * third one stays connecting, and is cancelled there.
     */
    @WeftTest
    void theBacklogBoundsTheConnectionsWaitingToBeAccepted() throws Exception {
        TcpListenerOptions one = TcpListenerOptions.defaults().backlog(1);
        try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0, one)) {
            int port = listener.localAddress().getPort();
            List<SocketStream> queued = new ArrayList<>();
            try {
                queued.add(Net.connectTcp("127.0.0.1", port));
                queued.add(Net.connectTcp("127.0.0.1", port));
                CancelScope third = new CancelScope();
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        Weft.waitAllTasksBlocked();
                        third.cancel();
                    });
                    third.run(s -> {
                        Net.connectTcp("127.0.0.1", port).close();
                        throw new AssertionError("a third connection got past a backlog of 1");
                    });
                });
                assertThat(third.cancelledCaught()).isTrue();
                for (int i = 0; i < 2; i++) {
                    listener.accept().close(); // the two queued ones are there to accept
                }
            } finally {
                queued.forEach(SocketStream::close);
            }
        }
    }

    /** A fixed port taken on a later address fails at once, and the earlier listener is closed. */
    @WeftTest
    void aFixedPortTakenOnALaterAddressFailsAndClosesTheEarlierOnes() throws Exception {
        Assumptions.assumeTrue(NetTesting.IPV6, "needs IPv6");
        try (SocketListener blocker = Net.createTcpListener("::1", 0)) {
            int port = blocker.localAddress().getPort();
            List<InetAddress> both =
                    List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
            assertThatThrownBy(() -> Listening.listenAll(both, port, TcpListenerOptions.defaults()))
                    .isInstanceOf(BindException.class);
            // The IPv4 listener of the failed call was closed: its address can be bound again.
            Net.createTcpListener("127.0.0.1", port).close();
        }
    }
}
