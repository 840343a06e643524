package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BrokenResourceError;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.junit.WeftTest;
import io.weft.stream.ByteStream;
import io.weft.stream.MemoryObjectStream;
import io.weft.testing.MemoryByteStream;
import io.weft.testing.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Mutual TLS: {@link TlsStream#wrap(ByteStream, SSLEngine, boolean)} and {@link TlsListener}'s
 * engine supplier, with a server that requires client certificates. (AnyIO sets this on its {@code
 * SSLContext}; its {@code TestTLSListener::test_extra_attributes} checks the client's certificate
 * as the server sees it, which is ported here.)
 */
class TlsClientAuthTest {
    private static final TestCertificate CERT = TestCertificate.localhost();

    private static SSLEngine requiringClientCertificates() {
        SSLEngine e = CERT.serverContext().createSSLEngine();
        e.setUseClientMode(false);
        e.setNeedClientAuth(true);
        return e;
    }

    /** The client's side over a memory pair against a server that requires a certificate. */
    private static TaskHandle<TlsStream> serve(TaskGroup tg, ByteStream raw) {
        return tg.startSoon(() -> TlsStream.wrap(raw, requiringClientCertificates(), true));
    }

    @WeftTest
    void aClientWithACertificateIsAcceptedAndTheServerSeesItsCertificate() throws Exception {
        var raw = MemoryByteStream.pair(16);
        TaskGroup.run(tg -> {
            TaskHandle<TlsStream> server = serve(tg, raw.second());
            try (TlsStream c =
                            TlsStream.wrap(
                                    raw.first(),
                                    CERT.mutualClientContext(),
                                    false,
                                    "localhost",
                                    true);
                    TlsStream s = server.join()) {
                Certificate mine = CERT.keyStore().getCertificate("server");
                assertThat(s.extra(TlsAttribute.PEER_CERTIFICATES)).containsExactly(mine);
                c.send("hi".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(s.receive(), StandardCharsets.UTF_8)).isEqualTo("hi");
            }
        });
    }

    @WeftTest
    void aClientWithoutACertificateIsRefused() {
        var raw = MemoryByteStream.pair(16);
        AtomicReference<Throwable> serverSaw = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try {
                    TlsStream.wrap(raw.second(), requiringClientCertificates(), true).close();
                } catch (SSLException e) {
                    serverSaw.set(e);
                }
            });
            // TLS 1.3: the client may finish its side before the server refuses it; then its
            // first receive gets the server's alert.
            assertThatThrownBy(
                            () -> {
                                try (TlsStream c =
                                        TlsStream.wrap(
                                                raw.first(),
                                                CERT.clientContext(),
                                                false,
                                                "localhost",
                                                true)) {
                                    c.receive();
                                }
                            })
                    .isInstanceOf(BrokenResourceError.class);
        });
        // The server's engine refused the handshake: its own exception, as AnyIO's ssl.SSLError.
        assertThat(serverSaw.get()).isInstanceOf(SSLHandshakeException.class);
    }

    @WeftTest
    void aListenerWithAnEngineSupplierServesOnlyClientsWithCertificates() throws Exception {
        var errors = MemoryObjectStream.<Throwable>unbounded();
        TlsListener tls =
                new TlsListener(
                        Net.createTcpListener("127.0.0.1", 0),
                        TlsClientAuthTest::requiringClientCertificates,
                        true,
                        TlsListener.DEFAULT_HANDSHAKE_TIMEOUT,
                        (e, raw) -> errors.sendStream().send(e));
        try {
            int port = tls.extra(SocketAttribute.LOCAL_PORT);
            TaskGroup.run(tg -> {
                tg.startSoon(() -> tls.serve(TlsTesting::echo, tg));
                assertThatThrownBy(
                                () -> {
                                    try (TlsStream c =
                                            Net.connectTls(
                                                    "127.0.0.1", port, CERT.clientContext())) {
                                        c.send("no".getBytes(StandardCharsets.UTF_8));
                                        c.receive();
                                    }
                                })
                        .isInstanceOf(BrokenResourceError.class);
                assertThat(errors.receiveStream().receive())
                        .isInstanceOf(SSLHandshakeException.class);
                try (TlsStream c = Net.connectTls("127.0.0.1", port, CERT.mutualClientContext())) {
                    c.send("yes".getBytes(StandardCharsets.UTF_8));
                    assertThat(new String(c.receive(), StandardCharsets.UTF_8)).isEqualTo("yes");
                }
                tls.close(); // serving ends
            });
        } finally {
            tls.close();
        }
    }

    @WeftTest
    void anEngineSupplierThatFailsOrMakesAClientEngineFailsThatConnectionOnly() throws Exception {
        var errors = MemoryObjectStream.<Throwable>unbounded();
        List<SSLEngine> clientMode = new java.util.ArrayList<>();
        SSLContext server = CERT.serverContext();
        int[] calls = {0};
        TlsListener tls =
                new TlsListener(
                        Net.createTcpListener("127.0.0.1", 0),
                        () -> {
                            calls[0]++;
                            if (calls[0] == 1) {
                                throw new IllegalArgumentException("no engine today");
                            }
                            SSLEngine e = server.createSSLEngine();
                            e.setUseClientMode(calls[0] == 2); // the second is wrong
                            clientMode.add(e);
                            return e;
                        },
                        true,
                        TlsListener.DEFAULT_HANDSHAKE_TIMEOUT,
                        (e, raw) -> errors.sendStream().send(e));
        try {
            int port = tls.extra(SocketAttribute.LOCAL_PORT);
            TaskGroup.run(tg -> {
                tg.startSoon(() -> tls.serve(TlsTesting::echo, tg));
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(
                                    () -> Net.connectTls("127.0.0.1", port, CERT.clientContext()))
                            .isInstanceOf(BrokenResourceError.class);
                }
                // Each connection's task reports its own error: in either order.
                List<Throwable> seen =
                        List.of(errors.receiveStream().receive(), errors.receiveStream().receive());
                assertThat(seen)
                        .anySatisfy(e ->
                                assertThat(e)
                                        .isInstanceOf(IllegalArgumentException.class)
                                        .hasMessage("no engine today"))
                        .anySatisfy(e ->
                                assertThat(e)
                                        .isInstanceOf(IllegalStateException.class)
                                        .hasMessageContaining("client-mode SSLEngine"));
                TlsTesting.assertServed(port); // the third engine is right
                tls.close(); // serving ends
            });
        } finally {
            tls.close();
        }
        assertThat(clientMode).hasSize(2);
    }
}
