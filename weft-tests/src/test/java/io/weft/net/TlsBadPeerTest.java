package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BrokenResourceError;
import io.weft.TaskGroup;
import io.weft.junit.WeftTest;
import io.weft.stream.ByteStream;
import io.weft.stream.Listener;
import io.weft.stream.MemoryObjectStream;
import io.weft.stream.TypedAttribute;
import io.weft.sync.Event;
import io.weft.testing.MockClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;

/**
 * Bad peers over TCP: garbage instead of a handshake (to a server and to a client), a garbled or
 * truncated record after a good handshake (either way), and a client that stops mid-handshake. Each
 * time the error is a clear {@link BrokenResourceError} (or the handshake timeout), the connection
 * is closed, and the {@link TlsListener} goes on to serve a good client.
 */
class TlsBadPeerTest {
    private static SSLContext server;
    private static SSLContext client;

    @BeforeAll
    static void contexts() throws Exception {
        server = TlsTesting.server();
        client = TlsTesting.client("TLS");
    }

    /**
     * A transport that can spoil the next thing sent: one byte flipped, or half of it and the end.
     */
    static class Tamper implements ByteStream {
        enum Next {
            PASS,
            FLIP,
            TRUNCATE
        }

        private final ByteStream inner;
        volatile Next next = Next.PASS;

        Tamper(ByteStream inner) {
            this.inner = inner;
        }

        @Override
        public byte[] receive(int maxBytes) {
            return inner.receive(maxBytes);
        }

        @Override
        public int receive(ByteBuffer dst) {
            return inner.receive(dst);
        }

        @Override
        public void send(byte[] data) {
            Next n = next;
            next = Next.PASS;
            switch (n) {
                case PASS -> inner.send(data);
                case FLIP -> {
                    byte[] spoiled = data.clone();
                    spoiled[spoiled.length - 1] ^= 0x55; // in the record's authentication tag
                    inner.send(spoiled);
                }
                case TRUNCATE -> {
                    inner.send(Arrays.copyOf(data, data.length / 2));
                    inner.close();
                }
            }
        }

        @Override
        public void sendEof() {
            inner.sendEof();
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
            return inner.extraAttributes();
        }
    }

    /** Serves {@code tcp}'s connections wrapped by {@code wrapper}. */
    private static Listener<ByteStream> wrapping(
            SocketListener tcp, Function<ByteStream, ByteStream> wrapper) {
        return new Listener<>() {
            @Override
            public void serve(Handler<? super ByteStream> handler, io.weft.TaskGroup tg) {
                tcp.serve(raw -> handler.handle(wrapper.apply(raw)), tg);
            }

            @Override
            public void close() {
                tcp.close();
            }
        };
    }

    private static byte[] garbage(long seed) {
        byte[] b = new byte[256];
        new SplittableRandom(seed).nextBytes(b);
        b[0] = 'G'; // no TLS record type (and no SSLv2 header): rejected at once, as "GET ..." is
        return b;
    }

    /** Reads until the peer closes: its alert if any, then the end (or a reset). */
    private static void assertPeerCloses(SocketStream raw) {
        try {
            TlsTesting.receiveAll(raw, 100);
        } catch (BrokenResourceError reset) {
            // it closed with our bytes unread: a reset, also an end
        }
    }

    @WeftTest
    void garbageFromAClientFailsItsHandshakeAndTheListenerServesOthers() throws Exception {
        SocketListener tcp = Net.createTcpListener("127.0.0.1", 0);
        int port = tcp.localAddress().getPort();
        var errors = MemoryObjectStream.<Throwable>unbounded();
        TlsListener tls =
                new TlsListener(
                        tcp,
                        server,
                        true,
                        TlsListener.DEFAULT_HANDSHAKE_TIMEOUT,
                        (e, raw) -> {
                            TlsListener.handleHandshakeError(e, raw);
                            errors.sendStream().send(e);
                        });
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> tls.serve(TlsTesting::echo, tg));
                try (SocketStream raw = Net.connectTcp("127.0.0.1", port)) {
                    raw.send(garbage(1));
                    assertThat(errors.receiveStream().receive())
                            .isInstanceOf(BrokenResourceError.class)
                            .hasMessageContaining("the TLS handshake failed")
                            .hasCauseInstanceOf(javax.net.ssl.SSLException.class);
                    assertPeerCloses(raw);
                }
                TlsTesting.assertServed(port);
                tls.close();
            });
        } finally {
            tls.close();
        }
    }

    @WeftTest
    void garbageFromAServerFailsTheClientsHandshakeAndClosesItsConnection() throws Exception {
        try (SocketListener raw = Net.createTcpListener("127.0.0.1", 0)) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    try (SocketStream conn = raw.accept()) {
                        conn.receive(); // the ClientHello
                        conn.send(garbage(2));
                        assertPeerCloses(conn); // the client closed its connection
                    }
                });
                assertThatThrownBy(() ->
                                Net.connectTls("127.0.0.1", raw.localAddress().getPort(), client))
                        .isInstanceOf(BrokenResourceError.class)
                        .hasMessageContaining("the TLS handshake failed")
                        .hasCauseInstanceOf(javax.net.ssl.SSLException.class);
            });
        }
    }

    /** A TLS listener whose handler reports how each connection ended, and that echoes. */
    private static void serveReporting(
            TlsListener tls, MemoryObjectStream<Throwable> ends, TaskGroup tg) {
        tls.serve(
                conn -> {
                    try {
                        for (byte[] chunk : conn) {
                            conn.send(chunk);
                        }
                    } catch (BrokenResourceError e) {
                        ends.sendStream().send(e);
                        try {
                            conn.receive();
                        } catch (BrokenResourceError again) {
                            ends.sendStream().send(again); // and it stays broken
                        }
                    } finally {
                        conn.close();
                    }
                },
                tg);
    }

    @WeftTest
    void aGarbledRecordFromTheClientBreaksBothSides() throws Exception {
        SocketListener tcp = Net.createTcpListener("127.0.0.1", 0);
        int port = tcp.localAddress().getPort();
        var ends = MemoryObjectStream.<Throwable>unbounded();
        TlsListener tls = new TlsListener(tcp, server);
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> serveReporting(tls, ends, tg));
                Tamper t = new Tamper(Net.connectTcp("127.0.0.1", port));
                try (TlsStream c = TlsStream.wrap(t, client, false, "localhost", true)) {
                    t.next = Tamper.Next.FLIP;
                    c.send("hello".getBytes(StandardCharsets.UTF_8));
                    assertThat(ends.receiveStream().receive())
                            .isInstanceOf(BrokenResourceError.class)
                            .hasMessageContaining("bad TLS data from the peer")
                            .hasCauseInstanceOf(javax.net.ssl.SSLException.class);
                    assertThat(ends.receiveStream().receive())
                            .isInstanceOf(BrokenResourceError.class)
                            .hasMessageContaining("broke earlier");
                    // The server's alert, or the end of a connection that owes a close_notify.
                    assertThatThrownBy(c::receive).isInstanceOf(BrokenResourceError.class);
                }
                TlsTesting.assertServed(port);
                tls.close();
            });
        } finally {
            tls.close();
        }
    }

    @WeftTest
    void aGarbledRecordFromTheServerBreaksBothSides() throws Exception {
        SocketListener tcp = Net.createTcpListener("127.0.0.1", 0);
        int port = tcp.localAddress().getPort();
        AtomicReference<Tamper> serverSide = new AtomicReference<>();
        var ends = MemoryObjectStream.<Throwable>unbounded();
        var spoilt =
                wrapping(
                        tcp,
                        raw -> {
                            Tamper t = new Tamper(raw);
                            serverSide.set(t);
                            return t;
                        });
        TlsListener tls = new TlsListener(spoilt, server);
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> serveReporting(tls, ends, tg));
                try (TlsStream c = Net.connectTls("127.0.0.1", port, client)) {
                    c.send("first".getBytes(StandardCharsets.UTF_8));
                    assertThat(c.receive()).isEqualTo("first".getBytes(StandardCharsets.UTF_8));
                    serverSide.get().next = Tamper.Next.FLIP; // the echo of the next one
                    c.send("second".getBytes(StandardCharsets.UTF_8));
                    assertThatThrownBy(c::receive)
                            .isInstanceOf(BrokenResourceError.class)
                            .hasMessageContaining("bad TLS data from the peer");
                    assertThatThrownBy(c::receive)
                            .isInstanceOf(BrokenResourceError.class)
                            .hasMessageContaining("broke earlier");
                }
                // The client's alert (or the missing close_notify) breaks the server's side too.
                assertThat(ends.receiveStream().receive()).isInstanceOf(BrokenResourceError.class);
                TlsTesting.assertServed(port);
                tls.close();
            });
        } finally {
            tls.close();
        }
    }

    @WeftTest
    void aTruncatedRecordIsABrokenConnection() throws Exception {
        SocketListener tcp = Net.createTcpListener("127.0.0.1", 0);
        int port = tcp.localAddress().getPort();
        var ends = MemoryObjectStream.<Throwable>unbounded();
        TlsListener tls = new TlsListener(tcp, server);
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> serveReporting(tls, ends, tg));
                Tamper t = new Tamper(Net.connectTcp("127.0.0.1", port));
                try (TlsStream c = TlsStream.wrap(t, client, false, "localhost", true)) {
                    t.next = Tamper.Next.TRUNCATE; // half a record, then the end
                    c.send("hello".getBytes(StandardCharsets.UTF_8));
                    assertThat(ends.receiveStream().receive())
                            .isInstanceOf(BrokenResourceError.class)
                            .hasMessageContaining("close_notify");
                }
                TlsTesting.assertServed(port);
                tls.close();
            });
        } finally {
            tls.close();
        }
    }

    /** A real ClientHello, to start a handshake and then say nothing more. */
    private static byte[] clientHello() throws Exception {
        SSLEngine e = client.createSSLEngine("localhost", -1);
        e.setUseClientMode(true);
        e.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    /**
     * A client that sends its ClientHello and then nothing: once the server has answered, the clock
     * jumps past the handshake timeout, which fires; the error handler sees the {@link
     * TimeoutException}, the connection is closed, and a good client is served (on a clock that no
     * longer moves, so its own handshake cannot time out).
     */
    @WeftTest(clock = WeftTest.Clock.MOCK)
    void aClientThatStopsMidHandshakeTimesOut(MockClock clock) throws Exception {
        SocketListener tcp = Net.createTcpListener("127.0.0.1", 0);
        int port = tcp.localAddress().getPort();
        Event answered = new Event();
        var spied =
                wrapping(
                        tcp,
                        raw ->
                                new Tamper(raw) {
                                    @Override
                                    public void send(byte[] data) {
                                        super.send(data);
                                        answered.set(); // the handshake (and its deadline) is on
                                    }
                                });
        var errors = MemoryObjectStream.<Throwable>unbounded();
        TlsListener tls =
                new TlsListener(
                        spied,
                        server,
                        true,
                        Duration.ofSeconds(30),
                        (e, raw) -> {
                            TlsListener.handleHandshakeError(e, raw);
                            errors.sendStream().send(e);
                        });
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> tls.serve(TlsTesting::echo, tg));
                try (SocketStream raw = Net.connectTcp("127.0.0.1", port)) {
                    raw.send(clientHello());
                    answered.await();
                    assertThat(errors.receiveStream().statistics().currentBufferUsed()).isZero();
                    clock.jump(Duration.ofSeconds(31));
                    assertThat(errors.receiveStream().receive())
                            .isInstanceOf(TimeoutException.class)
                            .hasMessageContaining("did not finish within PT30S");
                    assertPeerCloses(raw);
                }
                TlsTesting.assertServed(port);
                tls.close();
            });
        } finally {
            tls.close();
        }
    }
}
