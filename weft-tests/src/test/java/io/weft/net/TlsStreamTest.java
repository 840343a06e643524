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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;

/** TLS streams over memory pairs and TCP, with a certificate made by keytool at test time. */
class TlsStreamTest {
    private static SSLContext server;
    private static SSLContext client;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path dir = Files.createTempDirectory("weft-tls");
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p =
                new ProcessBuilder(
                                keytool,
                                "-genkeypair",
                                "-alias",
                                "server",
                                "-keyalg",
                                "EC",
                                "-dname",
                                "CN=localhost",
                                "-ext",
                                "SAN=dns:localhost,ip:127.0.0.1",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                ks.toString(),
                                "-storepass",
                                "changeit",
                                "-keypass",
                                "changeit")
                        .redirectErrorStream(true)
                        .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("keytool").isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        Files.delete(ks);
        Files.delete(dir);
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
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
        assertThatThrownBy(() ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                try {
                                    TlsStream.wrap(raw.second(), server, true, null, true).close();
                                } catch (BrokenResourceError expected) {
                                    // the client gave up
                                }
                            });
                            TlsStream.wrap(raw.first(), untrusting, false, "localhost", true);
                        }))
                .hasStackTraceContaining("handshake");
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
}
