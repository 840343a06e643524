package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BrokenResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.junit.WeftTest;
import io.weft.testing.MemoryByteStream;
import io.weft.testing.StreamConformance;
import io.weft.testing.StreamPair;
import io.weft.testing.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;

/**
 * TLS streams over memory pairs and TCP, with a certificate made by keytool at test time; and the
 * port of AnyIO's {@code tests/streams/test_tls.py}. Where each AnyIO test went:
 *
 * <ul>
 *   <li>{@code TestTLSStream::test_send_receive}: {@link #sendReceive} (AnyIO's server is a
 *       blocking {@code ssl} socket in a thread; here both ends are Weft, over TCP).
 *   <li>{@code test_unicode_hostname_idna2008}: {@link
 *       #aUnicodeHostNameIsMatchedInItsIdna2008Form}.
 *   <li>{@code test_receive_invalid_max_bytes[0, -1]}: {@link #receiveRejectsABadMaxBytes}.
 *   <li>{@code test_extra_attributes}: {@link #extraAttributesIncludeTheTransportsAndTlsOnes}.
 *       {@code channel_binding_tls_unique}, {@code ssl_object}, {@code peer_certificate} as a dict
 *       and {@code shared_ciphers} have no JDK counterpart ({@code SSLEngine} exposes none of them;
 *       {@code PEER_CERTIFICATES} is the certificate chain).
 *   <li>{@code test_unwrap}: {@link #unwrapReturnsTheTransportForPlaintext}; more in {@link
 *       TlsUnwrapTest}.
 *   <li>{@code test_alpn_negotiation}: {@link #alpnPicksAProtocolBothSidesSupport}.
 *   <li>{@code test_ragged_eofs[both_standard, server_standard, client_standard,
 *       neither_standard]}: {@link #raggedEofs}. Weft's {@code close()} sends its close_notify but
 *       does not wait for the peer's (AnyIO's {@code aclose} does, through {@code unwrap}), so a
 *       client that needs the server's close_notify sees its absence in {@code receive} rather than
 *       in {@code close}.
 *   <li>{@code test_ragged_eof_on_receive}: {@link #raggedEofOnReceiveIsTheEnd}.
 *   <li>{@code test_receive_send_after_eof}: {@link #receiveAfterTheEndEndsAgain}.
 *   <li>{@code test_send_eof_not_implemented[tlsv13, tlsv12]}: {@link
 *       #sendEofIsUnsupportedOnBothVersions}.
 *   <li>{@code test_default_context_ignore_unexpected_eof_flag_off}: does not apply: Weft makes no
 *       default context (an {@code SSLContext} is required) and the JDK has no such flag.
 *   <li>{@code test_truststore_ssl}: the {@code truststore} package is Python's; the case it
 *       covers, a client that does not trust the server, is {@link
 *       #aClientThatDoesNotTrustTheServerFailsTheHandshake}.
 *   <li>{@code TestTLSListener::test_handshake_fail}, {@code
 *       TestTLSListener::test_extra_attributes}, {@code test_tls_connectable}: {@link
 *       TlsListenerTest}; the {@code connect_tcp(tls=...)} tests of {@code test_sockets.py} are
 *       there too.
 * </ul>
 *
 * Bad peers (garbage, garbled and truncated records, a stalled handshake) are in {@link
 * TlsBadPeerTest}.
 */
class TlsStreamTest {
    /** A certificate for faß.de in its IDNA 2008 form only. */
    private static final TestCertificate FASS = TestCertificate.forHosts("xn--fa-hia.de");

    private static SSLContext server;
    private static SSLContext client;

    @BeforeAll
    static void makeCertificate() throws Exception {
        server = TlsTesting.server();
        client = TlsTesting.client("TLS");
    }

    /** A handshaken pair over an in-memory byte pair: (client, server). */
    static StreamPair<TlsStream, TlsStream> tlsPair(boolean standardCompatible) {
        var raw = MemoryByteStream.pair(16);
        return TaskGroup.call(tg -> {
            TaskHandle<TlsStream> s =
                    tg.startSoon(() ->
                            TlsStream.wrap(
                                    raw.second(),
                                    server,
                                    true,
                                    null,
                                    standardCompatible,
                                    "h2",
                                    "http/1.1"));
            TlsStream c =
                    TlsStream.wrap(
                            raw.first(),
                            client,
                            false,
                            "localhost",
                            standardCompatible,
                            "http/1.1");
            return new StreamPair<>(c, s.join());
        });
    }

    @WeftTest
    void dataCrossesAHandshakenConnectionBothWays() {
        var p = tlsPair(true);
        try (var c = p.first();
                var s = p.second()) {
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        s.send(
                                ("echo: " + new String(s.receive(), StandardCharsets.UTF_8))
                                        .getBytes(StandardCharsets.UTF_8)));
                c.send("hello".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(c.receive(), StandardCharsets.UTF_8))
                        .isEqualTo("echo: hello");
            });
            assertThat(c.extra(TlsAttribute.PROTOCOL)).startsWith("TLS");
            assertThat(c.extra(TlsAttribute.ALPN_PROTOCOL)).isEqualTo("http/1.1");
            assertThat(s.extra(TlsAttribute.SERVER_SIDE)).isTrue();
            assertThat(c.extra(TlsAttribute.PEER_CERTIFICATES)).isNotEmpty();
            assertThat(c.extra(TlsAttribute.CIPHER)).isNotBlank();
        }
    }

    @WeftTest
    void closeSendsCloseNotifyAndThePeerSeesTheEnd() {
        var p = tlsPair(true);
        TlsStream c = p.first();
        try (var s = p.second()) {
            c.close();
            assertThatThrownBy(s::receive).isInstanceOf(EndOfStream.class);
        }
    }

    @WeftTest
    void aBareEndIsATruncationUnlessNotStandardCompatible() {
        for (boolean standard : new boolean[] {true, false}) {
            var raw = MemoryByteStream.pair(16);
            var p =
                    TaskGroup.call(tg -> {
                        TaskHandle<TlsStream> s =
                                tg.startSoon(() ->
                                        TlsStream.wrap(raw.second(), server, true, null, standard));
                        TlsStream c =
                                TlsStream.wrap(raw.first(), client, false, "localhost", standard);
                        return new StreamPair<>(c, s.join());
                    });
            raw.second().close(); // the server's transport ends without a close_notify
            if (standard) {
                assertThatThrownBy(p.first()::receive)
                        .isInstanceOf(BrokenResourceError.class)
                        .hasMessageContaining("close_notify");
            } else {
                assertThatThrownBy(p.first()::receive).isInstanceOf(EndOfStream.class);
            }
            assertThatThrownBy(p.first()::sendEof)
                    .isInstanceOf(UnsupportedOperationException.class);
            p.first().close();
        }
    }

    @WeftTest
    void tlsStreamsConformAsOneWayStreams() throws Exception {
        StreamConformance.checkOneWayByteStream(() -> tlsPair(true), null);
    }

    @WeftTest
    void aClientThatDoesNotTrustTheServerFailsTheHandshake() throws Exception {
        var raw = MemoryByteStream.pair(16);
        SSLContext untrusting = SSLContext.getInstance("TLS");
        untrusting.init(null, null, null); // the JDK's default trust store: not our certificate
        AtomicReference<Throwable> serverSaw = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try {
                    TlsStream.wrap(raw.second(), server, true, null, true).close();
                } catch (BrokenResourceError e) {
                    serverSaw.set(e);
                }
            });
            // As AnyIO's wrap raises the ssl.SSLError: the engine's own exception, an IOException.
            assertThatThrownBy(
                            () -> TlsStream.wrap(raw.first(), untrusting, false, "localhost", true))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("certification path");
        });
        // The client gave up without an alert (as AnyIO's, whose alert stays in its write BIO).
        assertThat(serverSaw.get())
                .isInstanceOf(BrokenResourceError.class)
                .hasMessageContaining("the peer closed the connection during the TLS handshake");
        assertThatThrownBy(() -> raw.first().send(new byte[] {1}))
                .as("the transport was closed")
                .isInstanceOf(io.weft.ClosedResourceError.class);
    }

    // The client never reads the server's TLS 1.3 session tickets: SocketStream.close drops such
    // unread input first, so the close is a FIN, not a RST that could lose the server's data.
    @WeftTest
    void tlsOverTcpCarriesAMegabyteIntact() throws Exception {
        var tcp = SocketStreamTest.tcpPair();
        var p =
                TaskGroup.call(tg -> {
                    TaskHandle<TlsStream> s =
                            tg.startSoon(
                                    () -> TlsStream.wrap(tcp.second(), server, true, null, true));
                    TlsStream c = TlsStream.wrap(tcp.first(), client, false, "localhost", true);
                    return new StreamPair<>(c, s.join());
                });
        byte[] data = new byte[1 << 20];
        new java.util.SplittableRandom(3).nextBytes(data);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        TlsStream c = p.first();
        try (var s = p.second()) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    c.send(data);
                    c.close(); // close_notify after the data
                });
                try {
                    for (; ; ) {
                        got.writeBytes(s.receive());
                    }
                } catch (EndOfStream end) {
                    // all of it, then the close_notify
                }
            });
        }
        assertThat(got.toByteArray()).isEqualTo(data);
    }

    /** A fresh TCP pair, handshaken: (client, server). */
    private static StreamPair<TlsStream, TlsStream> overTcp(
            TlsTesting.Wrap clientSide, TlsTesting.Wrap serverSide) throws Exception {
        var tcp = SocketStreamTest.tcpPair();
        return TlsTesting.handshake(tcp.first(), clientSide, tcp.second(), serverSide);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // AnyIO: TestTLSStream::test_send_receive
    @WeftTest
    void sendReceive() throws Exception {
        var p =
                overTcp(
                        raw -> TlsStream.wrap(raw, client, false, "localhost", true),
                        raw -> TlsStream.wrap(raw, server, true, null, true));
        try (TlsStream c = p.first();
                TlsStream s = p.second()) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    byte[] data = s.receive(10);
                    s.send(utf8(new StringBuilder(text(data)).reverse().toString()));
                });
                c.send(utf8("hello"));
                assertThat(text(c.receive())).isEqualTo("olleh");
            });
        }
    }

    // AnyIO: TestTLSStream::test_receive_invalid_max_bytes[0], [-1]
    @WeftTest
    void receiveRejectsABadMaxBytes() {
        var p = tlsPair(true);
        try (TlsStream c = p.first();
                TlsStream s = p.second()) {
            for (int bad : new int[] {0, -1}) {
                assertThatThrownBy(() -> c.receive(bad))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("maxBytes");
            }
            c.send(utf8("still fine"));
            assertThat(text(s.receive())).isEqualTo("still fine");
        }
    }

    // AnyIO: TestTLSStream::test_extra_attributes
    @WeftTest
    void extraAttributesIncludeTheTransportsAndTlsOnes() throws Exception {
        var tcp = SocketStreamTest.tcpPair();
        var p =
                TlsTesting.handshake(
                        tcp.first(),
                        raw -> TlsStream.wrap(raw, client, false, "localhost", true, "h2"),
                        tcp.second(),
                        raw -> TlsStream.wrap(raw, server, true, null, true, "h2"));
        try (TlsStream c = p.first();
                TlsStream s = p.second()) {
            int checked = 0;
            for (java.lang.reflect.Field f : SocketAttribute.class.getFields()) {
                if (f.get(null) instanceof io.weft.stream.TypedAttribute<?> a) {
                    assertThat(c.extra(a, null))
                            .as(f.getName())
                            .isEqualTo(tcp.first().extra(a, null));
                    checked++;
                }
            }
            assertThat(checked).as("socket attributes compared").isGreaterThanOrEqualTo(5);
            assertThat(c.extra(TlsAttribute.ALPN_PROTOCOL)).isEqualTo("h2");
            assertThat(c.extra(TlsAttribute.CIPHER)).startsWith("TLS_");
            assertThat(c.extra(TlsAttribute.PEER_CERTIFICATES))
                    .first()
                    .isInstanceOf(java.security.cert.X509Certificate.class);
            assertThat(c.extra(TlsAttribute.SERVER_SIDE)).isFalse();
            assertThat(s.extra(TlsAttribute.SERVER_SIDE)).isTrue();
            assertThat(s.extra(TlsAttribute.PEER_CERTIFICATES)).isEmpty(); // no client certificate
            assertThat(c.extra(TlsAttribute.STANDARD_COMPATIBLE)).isTrue();
            assertThat(c.extra(TlsAttribute.PROTOCOL)).startsWith("TLSv");
        }
    }

    // AnyIO: TestTLSStream::test_unwrap
    @WeftTest
    void unwrapReturnsTheTransportForPlaintext() throws Exception {
        var tcp = SocketStreamTest.tcpPair();
        var p =
                TlsTesting.handshake(
                        tcp.first(),
                        raw -> TlsStream.wrap(raw, client, false, "localhost", true),
                        tcp.second(),
                        raw -> TlsStream.wrap(raw, server, true, null, true));
        TlsStream c = p.first();
        TlsStream s = p.second();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                s.send(utf8("encrypted"));
                TlsStream.Unwrapped plain = s.unwrap();
                try (var t = plain.transport()) {
                    t.send(utf8("unencrypted"));
                }
            });
            assertThat(text(c.receive())).isEqualTo("encrypted");
            TlsStream.Unwrapped u = c.unwrap();
            assertThat(u.transport()).isSameAs(tcp.first());
            c.close(); // after unwrap: does nothing, the transport is ours now
            assertThatThrownBy(c::receive)
                    .isInstanceOf(io.weft.ClosedResourceError.class)
                    .hasMessageContaining("unwrapped");
            try (var t = u.transport()) {
                byte[] rest = TlsTesting.receiveAll(t, 20);
                assertThat(text(u.leftover()) + text(rest)).isEqualTo("unencrypted");
            }
        });
    }

    // AnyIO: TestTLSStream::test_alpn_negotiation
    @WeftTest
    void alpnPicksAProtocolBothSidesSupport() throws Exception {
        var p =
                overTcp(
                        raw ->
                                TlsStream.wrap(
                                        raw, client, false, "localhost", true, "dummy2", "dummy3"),
                        raw -> TlsStream.wrap(raw, server, true, null, true, "dummy1", "dummy2"));
        try (TlsStream c = p.first();
                TlsStream s = p.second()) {
            assertThat(c.extra(TlsAttribute.ALPN_PROTOCOL)).isEqualTo("dummy2");
            s.send(utf8(s.extra(TlsAttribute.ALPN_PROTOCOL)));
            assertThat(text(c.receive())).isEqualTo("dummy2");
        }
    }

    /**
     * AnyIO: TestTLSStream::test_ragged_eofs, all four variants. The server sends "hello", then
     * either unwraps (standard: close_notify both ways) or closes without a close_notify; the
     * client receives "hello", then the end, and closes.
     */
    @WeftTest
    void raggedEofs() throws Exception {
        for (boolean serverStandard : new boolean[] {true, false}) {
            for (boolean clientStandard : new boolean[] {true, false}) {
                String variant = "server " + serverStandard + ", client " + clientStandard;
                var p =
                        overTcp(
                                raw ->
                                        TlsStream.wrap(
                                                raw, client, false, "localhost", clientStandard),
                                raw -> TlsStream.wrap(raw, server, true, null, serverStandard));
                TlsStream c = p.first();
                TlsStream s = p.second();
                Throwable[] serverError = new Throwable[1];
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        try {
                            s.send(utf8("hello"));
                            if (serverStandard) {
                                s.unwrap().transport().close();
                            }
                        } catch (BrokenResourceError e) {
                            serverError[0] = e;
                        } finally {
                            s.close();
                        }
                    });
                    assertThat(text(c.receive())).as(variant).isEqualTo("hello");
                    if (clientStandard && !serverStandard) {
                        assertThatThrownBy(c::receive)
                                .as(variant)
                                .isInstanceOf(BrokenResourceError.class)
                                .hasMessageContaining("close_notify");
                    } else {
                        assertThatThrownBy(c::receive).as(variant).isInstanceOf(EndOfStream.class);
                    }
                    c.close();
                });
                if (serverStandard && !clientStandard) {
                    assertThat(serverError[0])
                            .as(variant)
                            .isInstanceOf(BrokenResourceError.class)
                            .hasMessageContaining("close_notify");
                } else {
                    assertThat(serverError[0]).as(variant).isNull();
                }
            }
        }
    }

    // AnyIO: TestTLSStream::test_ragged_eof_on_receive
    @WeftTest
    void raggedEofOnReceiveIsTheEnd() throws Exception {
        var p =
                overTcp(
                        raw -> TlsStream.wrap(raw, client, false, "localhost", false),
                        raw -> TlsStream.wrap(raw, server, true, null, false));
        try (TlsStream c = p.first()) {
            try (TlsStream s = p.second()) {
                s.send(utf8("hello"));
            } // no close_notify: the connection just ends
            assertThat(text(c.receive())).isEqualTo("hello");
            assertThatThrownBy(c::receive).isInstanceOf(EndOfStream.class);
        }
    }

    // AnyIO: TestTLSStream::test_receive_send_after_eof
    @WeftTest
    void receiveAfterTheEndEndsAgain() throws Exception {
        var p =
                overTcp(
                        raw -> TlsStream.wrap(raw, client, false, "localhost", true),
                        raw -> TlsStream.wrap(raw, server, true, null, true));
        TlsStream c = p.first();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                p.second().send(utf8("hello"));
                p.second().unwrap().transport().close();
            });
            assertThat(text(c.receive())).isEqualTo("hello");
            assertThatThrownBy(c::receive).isInstanceOf(EndOfStream.class);
            assertThatThrownBy(c::receive).isInstanceOf(EndOfStream.class);
            c.close(); // the close_notify the server's unwrap waits for
        });
    }

    // AnyIO: TestTLSStream::test_send_eof_not_implemented[tlsv13], [tlsv12]
    @WeftTest
    void sendEofIsUnsupportedOnBothVersions() throws Exception {
        for (String version : new String[] {"TLSv1.3", "TLSv1.2"}) {
            SSLContext ctx = TlsTesting.client(version);
            var p =
                    overTcp(
                            raw -> TlsStream.wrap(raw, ctx, false, "localhost", true),
                            raw -> TlsStream.wrap(raw, server, true, null, true));
            try (TlsStream c = p.first();
                    TlsStream s = p.second()) {
                assertThat(c.extra(TlsAttribute.PROTOCOL)).isEqualTo(version);
                s.send(utf8("hello"));
                assertThat(text(c.receive())).isEqualTo("hello");
                assertThatThrownBy(c::sendEof)
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("half-clos");
            }
        }
    }

    // AnyIO: streams/test_tls.py::TestTLSStream::test_unicode_hostname_idna2008
    @WeftTest
    void aUnicodeHostNameIsMatchedInItsIdna2008Form() {
        // faß.de is xn--fa-hia.de under IDNA 2008, and the wrong fass.de under IDNA 2003.
        TestCertificate cert = FASS;
        var raw = MemoryByteStream.pair(16);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (TlsStream s =
                        TlsStream.wrap(raw.second(), cert.serverContext(), true, null, true)) {
                    byte[] got = s.receive();
                    s.send(
                            new StringBuilder(new String(got, StandardCharsets.UTF_8))
                                    .reverse()
                                    .toString()
                                    .getBytes(StandardCharsets.UTF_8));
                }
            });
            try (TlsStream c =
                    TlsStream.wrap(raw.first(), cert.clientContext(), false, "faß.de", true)) {
                c.send("hello".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(c.receive(), StandardCharsets.UTF_8)).isEqualTo("olleh");
            }
        });
        var unused = MemoryByteStream.pair(1);
        assertThatThrownBy(() ->
                        TlsStream.wrap(unused.first(), cert.clientContext(), false, "☃.de", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("☃");
        unused.second().close();
    }
}
