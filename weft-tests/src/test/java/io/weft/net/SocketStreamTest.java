package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.ConnectionFailed;
import io.weft.EndOfStream;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.testing.StreamConformance;
import io.weft.testing.StreamPair;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TCP socket streams and listeners over the runtime's poller: the conformance kit, closing during a
 * receive, non-destructive cancellation, serving, connection failures, attributes, leaks.
 */
class SocketStreamTest {

    /** A connected loopback pair: (client, accepted server side). */
    static StreamPair<SocketStream, SocketStream> tcpPair() throws IOException {
        try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
            int port = listener.localAddress().getPort();
            return TaskGroup.call(tg -> {
                TaskHandle<SocketStream> server = tg.startSoon(listener::accept);
                SocketStream client = Net.connectTcp("127.0.0.1", port);
                return new StreamPair<>(client, server.join());
            });
        }
    }

    @WeftTest
    void tcpStreamsConform() throws Exception {
        StreamConformance.checkByteStream(SocketStreamTest::tcpPair, null);
    }

    // AnyIO: test_sockets.py::TestTCPStream::test_close_during_receive (reference item 30)
    @WeftTest
    void closingDuringAReceiveMakesItAClosedResourceError() throws Exception {
        var p = tcpPair();
        SocketStream client = p.first();
        SocketStream server = p.second();
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        assertThatThrownBy(() -> server.receive())
                                .isInstanceOf(ClosedResourceError.class));
                Weft.waitAllTasksBlocked();
                server.close();
            });
        } finally {
            server.close();
            client.close();
        }
    }

    /**
     * A receive cancelled mid-wait 1,000 times on one connection, then 10 MB through it: the
     * checksums agree, so no cancellation consumed or lost a byte.
     */
    @WeftTest
    void cancellingReceivesLosesNoByte() throws Exception {
        var p = tcpPair();
        try (var client = p.first();
                var server = p.second()) {
            for (int i = 0; i < 1000; i++) {
                CancelScope scope = new CancelScope();
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        Weft.waitAllTasksBlocked(); // the receive below waits for readiness
                        scope.cancel();
                    });
                    scope.run(s -> server.receive());
                });
                assertThat(scope.cancelledCaught()).isTrue();
            }
            byte[] data = new byte[10 << 20];
            new SplittableRandom(7).nextBytes(data);
            CRC32 sent = new CRC32();
            sent.update(data);
            CRC32 got = new CRC32();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    client.send(data);
                    client.sendEof();
                });
                try {
                    for (; ; ) {
                        got.update(server.receive());
                    }
                } catch (EndOfStream end) {
                    // all of it
                }
            });
            assertThat(got.getValue()).isEqualTo(sent.getValue());
        }
    }

    @WeftTest
    void aListenerServesEachConnectionInItsOwnTask() throws Exception {
        SocketListener listener = Net.createTcpListener("127.0.0.1", 0);
        try {
            int port = listener.localAddress().getPort();
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        listener.serve(conn -> {
                            try (conn) {
                                byte[] in = conn.receive();
                                conn.send(
                                        new String(in, StandardCharsets.UTF_8)
                                                .toUpperCase()
                                                .getBytes(StandardCharsets.UTF_8));
                            }
                        })); // returns once the listener is closed
                for (String word : new String[] {"ping", "pong"}) {
                    try (SocketStream s = Net.connectTcp("127.0.0.1", port)) {
                        s.send(word.getBytes(StandardCharsets.UTF_8));
                        assertThat(new String(s.receive(), StandardCharsets.UTF_8))
                                .isEqualTo(word.toUpperCase());
                        assertThatThrownBy(s::receive).isInstanceOf(EndOfStream.class);
                    }
                }
                listener.close(); // wakes the accept with ClosedResourceError
            });
        } finally {
            listener.close();
        }
    }

    @WeftTest
    void connectingToAPortNobodyListensOnFailsWithEachAttempt() throws Exception {
        int port;
        try (SocketListener l = Net.createTcpListener("127.0.0.1", 0)) {
            port = l.localAddress().getPort();
        }
        Throwable e = catchThrowable(() -> Net.connectTcp("127.0.0.1", port));
        assertThat(e)
                .isInstanceOf(ConnectionFailed.class)
                .hasMessageContaining("127.0.0.1:" + port);
        assertThat(((ConnectionFailed) e).attempts()).hasSize(1);
        assertThatThrownBy(() -> Net.connectTcp("127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TCP port number out of range");
        assertThatThrownBy(() -> Net.createTcpListener("127.0.0.1", 70000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @WeftTest
    void theAttributesNameBothEnds() throws Exception {
        var p = tcpPair();
        try (var client = p.first();
                var server = p.second()) {
            assertThat(client.extra(SocketAttribute.REMOTE_PORT))
                    .isEqualTo(server.extra(SocketAttribute.LOCAL_PORT));
            assertThat(server.extra(SocketAttribute.REMOTE_PORT))
                    .isEqualTo(client.extra(SocketAttribute.LOCAL_PORT));
            assertThat(
                            ((java.net.InetSocketAddress)
                                            client.extra(SocketAttribute.LOCAL_ADDRESS))
                                    .getAddress()
                                    .isLoopbackAddress())
                    .isTrue();
            assertThat(client.extra(SocketAttribute.FAMILY))
                    .isEqualTo(java.net.StandardProtocolFamily.INET);
            assertThat(client.extra(SocketAttribute.RAW_SOCKET)).isNotNull();
        }
    }

    /** 500 connect/accept/close cycles leave no file descriptor behind, and no poller thread. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void connectionsLeaveNoFileDescriptorOrThreadBehind(Backend backend) throws Exception {
        File fds = new File("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(fds.isDirectory(), "needs /proc/self/fd");
        int[] counts = new int[2];
        Weft.run(
                RunOptions.defaults().backend(backend),
                () -> {
                    for (int warm = 0; warm < 20; warm++) {
                        cycle();
                    }
                    counts[0] = fds.list().length;
                    for (int i = 0; i < 500; i++) {
                        cycle();
                    }
                    counts[1] = fds.list().length;
                });
        assertThat(counts[1])
                .as("descriptors after 500 cycles vs before")
                .isLessThanOrEqualTo(counts[0] + 5);
        assertThat(Thread.getAllStackTraces().keySet())
                .as("every runtime's poller thread has ended with its run")
                .noneMatch(t -> t.getName().startsWith("weft-poller-"));
    }

    private static void cycle() throws IOException {
        var p = tcpPair();
        p.first().send(new byte[] {1});
        assertThat(p.second().receive(1)).isEqualTo(new byte[] {1});
        p.first().close();
        p.second().close();
    }
}
