package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BrokenResourceError;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.ExceptionGroup;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.stream.ByteStream;
import io.weft.stream.Listener;
import io.weft.stream.MultiListener;
import io.weft.sync.Event;
import io.weft.testing.MemoryByteStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link TlsListener}, {@link Net#connectTls} and {@link TlsConnectable}. AnyIO's tests ported
 * here: {@code streams/test_tls.py::TestTLSListener::test_handshake_fail} ({@link
 * #aFailedHandshakeGoesToTheErrorHandlerAndServingGoesOn}), {@code
 * TestTLSListener::test_extra_attributes} ({@link #listenerAndServedStreamAttributes}; its client
 * certificate part is in {@link TlsClientAuthTest}), {@code test_tls_connectable} ({@link
 * #aTlsConnectableHandshakesWhatItsInnerOneMakes}), and {@code
 * test_sockets.py::TestTCPStream::test_connect_tcp_with_tls} and {@code
 * test_connect_tcp_with_tls_cert_check_fail} ({@link #connectTlsChecksTheHostOrTheNameGiven});
 * {@code test_connect_tcp_with_tls_unicode_hostname} does not apply (it patches {@code getaddrinfo}
 * and {@code TLSStream.wrap} with mocks, which Weft's static methods do not allow; {@link IdnaTest}
 * covers the name conversion), and the {@code as_connectable(tls=True)} tests have no counterpart
 * (wrap a connectable in a {@link TlsConnectable} instead).
 */
class TlsListenerTest {
    private static SSLContext server;
    private static SSLContext client;

    @BeforeAll
    static void contexts() throws Exception {
        server = TlsTesting.server();
        client = TlsTesting.client("TLS");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // AnyIO: TestTLSListener::test_handshake_fail (with its log check, AnyIO's #608)
    @WeftTest
    void aFailedHandshakeGoesToTheErrorHandlerAndServingGoesOn() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("io.weft.net.tls");
        Handler capture =
                new Handler() {
                    @Override
                    public void publish(LogRecord r) {
                        logged.add(r);
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        log.addHandler(capture);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<ByteStream> raws = new CopyOnWriteArrayList<>();
        Event failed = new Event();
        SocketListener tcp = Net.createTcpListener("127.0.0.1", 0);
        int port = tcp.localAddress().getPort();
        TlsListener tls =
                new TlsListener(
                        tcp,
                        server,
                        true,
                        TlsListener.DEFAULT_HANDSHAKE_TIMEOUT,
                        (e, raw) -> {
                            TlsListener.handleHandshakeError(e, raw);
                            errors.add(e);
                            raws.add(raw);
                            failed.set();
                        });
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> tls.serve(TlsTesting::echo, tg));
                Net.connectTcp("127.0.0.1", port).close(); // connects, then says nothing
                failed.await();
                TlsTesting.assertServed(port);
                tls.close();
            });
        } finally {
            tls.close();
            log.removeHandler(capture);
        }
        assertThat(errors)
                .singleElement()
                .isInstanceOf(BrokenResourceError.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("handshake"));
        assertThat(raws).singleElement().isInstanceOf(SocketStream.class);
        assertThat(logged)
                .singleElement()
                .satisfies(r -> assertThat(r.getThrown()).isSameAs(errors.get(0)));
    }

    // AnyIO: TestTLSListener::test_extra_attributes
    @WeftTest
    void listenerAndServedStreamAttributes() throws Exception {
        SocketListener tcp = Net.createTcpListener("127.0.0.1", 0);
        int port = tcp.localAddress().getPort();
        TlsListener tls =
                new TlsListener(
                        tcp,
                        server,
                        true,
                        TlsListener.DEFAULT_HANDSHAKE_TIMEOUT,
                        TlsListener::handleHandshakeError,
                        "h2");
        try {
            assertThat(tls.extra(TlsAttribute.STANDARD_COMPATIBLE)).isTrue();
            assertThat(tls.extra(SocketAttribute.LOCAL_PORT)).isEqualTo(port);
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        tls.serve(
                                conn -> {
                                    try (conn) {
                                        assertThat(conn.extra(TlsAttribute.SERVER_SIDE)).isTrue();
                                        assertThat(conn.extra(TlsAttribute.ALPN_PROTOCOL))
                                                .isEqualTo("h2");
                                        assertThat(conn.extra(TlsAttribute.CIPHER))
                                                .startsWith("TLS_");
                                        assertThat(conn.extra(TlsAttribute.PROTOCOL))
                                                .startsWith("TLSv");
                                        assertThat(conn.extra(TlsAttribute.STANDARD_COMPATIBLE))
                                                .isTrue();
                                        assertThat(conn.extra(SocketAttribute.LOCAL_PORT))
                                                .isEqualTo(port);
                                        conn.send(new byte[] {0});
                                    }
                                },
                                tg));
                try (TlsStream c =
                        Net.connectTls(
                                "127.0.0.1",
                                port,
                                client,
                                TcpConnectOptions.defaults().tlsAlpnProtocols("h2"))) {
                    assertThat(c.receive()).isEqualTo(new byte[] {0});
                }
                tls.close();
            });
        } finally {
            tls.close();
        }
    }

    @WeftTest
    void acceptHandshakesInTheCaller() throws Exception {
        SocketListener tcp = Net.createTcpListener("127.0.0.1", 0);
        int port = tcp.localAddress().getPort();
        TlsListener tls = new TlsListener(tcp, server);
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> TlsTesting.assertServed(port));
                TlsTesting.echo(tls.accept());
                tg.startSoon(() -> {
                    try (SocketStream raw = Net.connectTcp("127.0.0.1", port)) {
                        raw.send(utf8("this is not TLS at all, but long enough to look like it"));
                        TlsTesting.receiveAll(raw, 100); // the alert, then the end
                    } catch (BrokenResourceError reset) {
                        // the server may reset the connection: also an end
                    }
                });
                // The engine refused it: its own SSLException, as AnyIO's wrap raises ssl.SSLError.
                assertThatThrownBy(tls::accept).isInstanceOf(SSLException.class);
            });
            tls.close();
            assertThatThrownBy(tcp::accept).isInstanceOf(ClosedResourceError.class);
        } finally {
            tls.close();
        }
        var multi = new MultiListener<>(List.of(Net.createTcpListener("127.0.0.1", 0)));
        TlsListener overMulti = new TlsListener(multi, server);
        try {
            assertThatThrownBy(overMulti::accept)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("SocketListener");
        } finally {
            overMulti.close();
        }
    }

    @WeftTest
    void aHandshakeTimeoutMustBePositive() throws Exception {
        try (SocketListener tcp = Net.createTcpListener("127.0.0.1", 0)) {
            for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
                assertThatThrownBy(() ->
                                new TlsListener(
                                        tcp, server, true, bad, TlsListener::handleHandshakeError))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("handshake timeout must be positive");
            }
        }
    }

    /** A listener of one memory connection, for handshakes that fail in unusual ways. */
    private static Listener<ByteStream> oneConnection(ByteStream conn) {
        return new Listener<>() {
            @Override
            public void serve(Handler<? super ByteStream> handler, TaskGroup taskGroup) {
                taskGroup.startSoon(() -> handler.handle(conn));
            }

            @Override
            public void close() {}
        };
    }

    /** An Error in the handshake reaches the task group although the error handler returns. */
    @WeftTest
    void anErrorInTheHandshakeIsRethrownAfterTheHandler() {
        ByteStream buggy =
                new ByteStream() {
                    @Override
                    public byte[] receive(int maxBytes) {
                        throw new AssertionError("a bug in the transport");
                    }

                    @Override
                    public void send(byte[] data) {}

                    @Override
                    public void sendEof() {}

                    @Override
                    public void close() {}
                };
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        TlsListener tls =
                new TlsListener(
                        oneConnection(buggy),
                        server,
                        true,
                        TlsListener.DEFAULT_HANDSHAKE_TIMEOUT,
                        (e, s) -> seen.add(e)); // swallows it
        assertThatThrownBy(() -> TaskGroup.run(tg -> tls.serve(TlsTesting::echo, tg)))
                .isInstanceOf(ExceptionGroup.class)
                .satisfies(g ->
                        assertThat(((ExceptionGroup) g).exceptions())
                                .singleElement()
                                .isInstanceOf(AssertionError.class));
        assertThat(seen).singleElement().isInstanceOf(AssertionError.class);
    }

    /** Cancelling a handshake: the handler sees the Cancelled, the raw stream is closed. */
    @WeftTest
    void aCancelledHandshakeGoesToTheHandlerAndClosesTheRawStream() {
        var raw = MemoryByteStream.pair(16);
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        TlsListener tls =
                new TlsListener(
                        oneConnection(raw.second()),
                        server,
                        true,
                        TlsListener.DEFAULT_HANDSHAKE_TIMEOUT,
                        (e, s) -> seen.add(e));
        CancelScope scope = new CancelScope();
        scope.run(x ->
                TaskGroup.run(tg -> {
                    tls.serve(TlsTesting::echo, tg);
                    Weft.waitAllTasksBlocked(); // the server waits for a ClientHello
                    scope.cancel();
                }));
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(seen).singleElement().isInstanceOf(Cancelled.class);
        assertThat(TlsTesting.receiveAll(raw.first(), 1)).isEmpty(); // closed without a word
        raw.first().close();
    }

    // AnyIO: test_sockets.py::TestTCPStream::test_connect_tcp_with_tls, ..._cert_check_fail
    @WeftTest
    void connectTlsChecksTheHostOrTheNameGiven() throws Exception {
        var srv = TlsTesting.Server.open(server, false);
        int port = srv.port();
        srv.echoWhile(tg -> {
            TlsTesting.assertServed(port); // checked for 127.0.0.1 (the certificate has it)
            try (TlsStream s =
                    Net.connectTls(
                            "127.0.0.1",
                            port,
                            client,
                            TcpConnectOptions.defaults().tlsHostname("localhost"))) {
                s.send(utf8("by name"));
                assertThat(s.receive()).isEqualTo(utf8("by name"));
            }
            SSLContext untrusting = SSLContext.getInstance("TLS");
            untrusting.init(null, null, null);
            assertThatThrownBy(() -> Net.connectTls("127.0.0.1", port, untrusting))
                    .isInstanceOf(SSLHandshakeException.class);
            // The client gives up without an alert, as AnyIO's: the server sees the end.
            assertThat(srv.nextError()).isInstanceOf(BrokenResourceError.class);
            assertThatThrownBy(() ->
                            Net.connectTls(
                                    "127.0.0.1",
                                    port,
                                    client,
                                    TcpConnectOptions.defaults().tlsHostname("example.com")))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("example.com");
            assertThat(srv.nextError()).isInstanceOf(BrokenResourceError.class);
        });
        assertThatThrownBy(() -> Net.connectTls("127.0.0.1", port, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("pass SSLContext.getDefault()");
    }

    /** Failed and cancelled connectTls calls leave no connection open. */
    @WeftTest
    void failedAndCancelledTlsConnectsLeaveNoDescriptorBehind() throws Exception {
        File fds = new File("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(fds.isDirectory(), "needs /proc/self/fd");
        var srv = TlsTesting.Server.open(server, false);
        TcpConnectOptions wrongName = TcpConnectOptions.defaults().tlsHostname("example.com");
        srv.echoWhile(tg -> {
            int before = 0;
            for (int i = 0; i < 45; i++) {
                if (i == 5) {
                    before = fds.list().length; // after warming up
                }
                assertThatThrownBy(() -> Net.connectTls("127.0.0.1", srv.port(), client, wrongName))
                        .isInstanceOf(SSLHandshakeException.class);
                srv.nextError(); // the server side is closed too
            }
            assertThat(fds.list().length)
                    .as("descriptors after 40 failed handshakes vs before")
                    .isLessThanOrEqualTo(before + 5);
        });
        // Cancelled mid-handshake: the server sees the ClientHello, then the end.
        try (SocketListener silent = Net.createTcpListener("127.0.0.1", 0)) {
            CancelScope scope = new CancelScope();
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        scope.run(x ->
                                Net.connectTls(
                                        "127.0.0.1", silent.localAddress().getPort(), client)));
                try (SocketStream accepted = silent.accept()) {
                    byte[] first = accepted.receive();
                    assertThat(first[0]).as("a TLS handshake record").isEqualTo((byte) 22);
                    scope.cancel();
                    TlsTesting.receiveAll(accepted, 100);
                }
            });
            assertThat(scope.cancelledCaught()).isTrue();
        }
    }

    // AnyIO: streams/test_tls.py::test_tls_connectable
    @WeftTest
    void aTlsConnectableHandshakesWhatItsInnerOneMakes() throws Exception {
        var raw = MemoryByteStream.pair(16);
        TlsConnectable connectable = new TlsConnectable(() -> raw.first(), client, "localhost");
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (TlsStream s = TlsStream.wrap(raw.second(), server, true, null, true)) {
                    byte[] message = s.receive();
                    s.send(utf8("hello, " + new String(message, StandardCharsets.UTF_8)));
                }
            });
            try (TlsStream c = connectable.connect()) {
                c.send(utf8("world"));
                assertThat(c.receive()).isEqualTo(utf8("hello, world"));
            }
        });
        var raw2 = MemoryByteStream.pair(16);
        SSLContext untrusting = SSLContext.getInstance("TLS");
        untrusting.init(null, null, null);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try {
                    TlsStream.wrap(raw2.second(), server, true, null, true).close();
                } catch (BrokenResourceError expected) {
                    // the client refused the certificate and gave up
                }
            });
            assertThatThrownBy(
                            new TlsConnectable(() -> raw2.first(), untrusting, "localhost")
                                    ::connect)
                    .isInstanceOf(SSLHandshakeException.class);
        });
        assertThatThrownBy(() -> raw2.first().send(new byte[] {1}))
                .as("the transport was closed")
                .isInstanceOf(ClosedResourceError.class);
    }
}
