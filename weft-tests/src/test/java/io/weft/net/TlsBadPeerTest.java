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
 * time the error is clear (the engine's {@link javax.net.ssl.SSLException} for a failed handshake,
 * a {@link BrokenResourceError} for a stream in use, or the handshake timeout), the connection is
 * closed, and the {@link TlsListener} goes on to serve a good client.
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
            public void serve(Handler<? super ByteStream> handler, io.weft.TaskGroup tg)
                    throws java.io.IOException {
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
        var srv = TlsTesting.Server.open(server, true);
        srv.echoWhile(tg -> {
            try (SocketStream raw = Net.connectTcp("127.0.0.1", srv.port())) {
                raw.send(garbage(1));
                // As AnyIO's wrap raises the ssl.SSLError: the engine's own exception.
                assertThat(srv.nextError()).isInstanceOf(javax.net.ssl.SSLException.class);
                assertPeerCloses(raw);
            }
            TlsTesting.assertServed(srv.port());
        });
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
                        .isInstanceOf(javax.net.ssl.SSLException.class);
            });
        }
    }

    /** A connection handler that echoes and reports to {@code ends} how the connection broke. */
    private static Listener.Handler<TlsStream> reporting(MemoryObjectStream<Throwable> ends) {
        return conn -> {
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
        };
    }

    /**
     * A TLS client of {@code port} whose transport spoils the first record it sends after the
     * handshake, as {@code how} says.
     */
    private static TlsStream spoiling(int port, Tamper.Next how) throws Exception {
        Tamper t = new Tamper(Net.connectTcp("127.0.0.1", port));
        TlsStream c = TlsStream.wrap(t, client, false, "localhost", true);
        t.next = how;
        return c;
    }

    @WeftTest
    void aGarbledRecordFromTheClientBreaksBothSides() throws Exception {
        var srv = TlsTesting.Server.open(server, true);
        var ends = MemoryObjectStream.<Throwable>unbounded();
        srv.serveWhile(
                reporting(ends),
                tg -> {
                    try (TlsStream c = spoiling(srv.port(), Tamper.Next.FLIP)) {
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
                    TlsTesting.assertServed(srv.port());
                });
    }

    @WeftTest
    void aGarbledRecordFromTheServerBreaksBothSides() throws Exception {
        AtomicReference<Tamper> serverSide = new AtomicReference<>();
        var srv =
                TlsTesting.Server.open(
                        server,
                        true,
                        TlsListener.DEFAULT_HANDSHAKE_TIMEOUT,
                        tcp ->
                                wrapping(
                                        tcp,
                                        raw -> {
                                            Tamper t = new Tamper(raw);
                                            serverSide.set(t);
                                            return t;
                                        }));
        var ends = MemoryObjectStream.<Throwable>unbounded();
        srv.serveWhile(
                reporting(ends),
                tg -> {
                    try (TlsStream c = Net.connectTls("127.0.0.1", srv.port(), client)) {
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
                    // The client's alert (or missing close_notify) breaks the server's side too.
                    assertThat(ends.receiveStream().receive())
                            .isInstanceOf(BrokenResourceError.class);
                    TlsTesting.assertServed(srv.port());
                });
    }

    @WeftTest
    void aTruncatedRecordIsABrokenConnection() throws Exception {
        var srv = TlsTesting.Server.open(server, true);
        var ends = MemoryObjectStream.<Throwable>unbounded();
        srv.serveWhile(
                reporting(ends),
                tg -> {
                    // half a record, then the end
                    try (TlsStream c = spoiling(srv.port(), Tamper.Next.TRUNCATE)) {
                        c.send("hello".getBytes(StandardCharsets.UTF_8));
                        assertThat(ends.receiveStream().receive())
                                .isInstanceOf(BrokenResourceError.class)
                                .hasMessageContaining("close_notify");
                    }
                    TlsTesting.assertServed(srv.port());
                });
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
        Event answered = new Event();
        var srv =
                TlsTesting.Server.open(
                        server,
                        true,
                        Duration.ofSeconds(30),
                        tcp ->
                                wrapping(
                                        tcp,
                                        raw ->
                                                new Tamper(raw) {
                                                    @Override
                                                    public void send(byte[] data) {
                                                        super.send(data);
                                                        // the handshake (and its deadline) is on
                                                        answered.set();
                                                    }
                                                }));
        srv.echoWhile(tg -> {
            try (SocketStream raw = Net.connectTcp("127.0.0.1", srv.port())) {
                raw.send(clientHello());
                answered.await();
                assertThat(srv.errors().receiveStream().statistics().currentBufferUsed()).isZero();
                clock.jump(Duration.ofSeconds(31));
                assertThat(srv.nextError())
                        .isInstanceOf(TimeoutException.class)
                        .hasMessageContaining("did not finish within PT30S");
                assertPeerCloses(raw);
            }
            TlsTesting.assertServed(srv.port());
        });
    }
}
