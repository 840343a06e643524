package io.weft.examples.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.net.TlsListener;
import io.weft.net.TlsStream;
import io.weft.stream.ByteStream;
import io.weft.testing.MemoryByteStream;
import io.weft.testing.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The samples of docs/networking.md ({@link NetworkingPage}), on every backend, on loopback; all
 * but {@link NetworkingPage#nameResolution}, which needs a name server and is only compiled.
 */
class NetworkingPageTest {
    private static final TestCertificate CERT = TestCertificate.localhost();

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tcpUdpAndUnix(Backend backend) throws Throwable {
        assertThat(SystemOut.inRuntime(backend, NetworkingPage::echo)).containsExactly("ping");
        assertThat(SystemOut.inRuntime(backend, NetworkingPage::udp)).containsExactly("pong");
        Path socket = dir.resolve("app-" + backend + ".sock");
        assertThat(SystemOut.inRuntime(backend, () -> NetworkingPage.unixListener(socket)))
                .containsExactly("rw-rw----");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theListenersServeUntilCancelled(Backend backend) throws Throwable {
        assertThat(
                        SystemOut.inRuntime(
                                backend,
                                () -> {
                                    var scope =
                                            Weft.moveOnAfter(
                                                    Duration.ofMillis(100),
                                                    () -> NetworkingPage.listenerOptions(0));
                                    System.out.println("cancelled: " + scope.cancelledCaught());
                                }))
                .containsExactly("cancelled: true");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tls(Backend backend) throws Throwable {
        assertThat(
                        SystemOut.inRuntime(
                                backend,
                                () ->
                                        NetworkingPage.tls(
                                                CERT.serverContext(), CERT.clientContext())))
                .containsExactly("ping");
        SystemOut.inRuntime(
                backend,
                () -> {
                    try (TlsListener server = NetworkingPage.mutualTls(CERT.serverContext())) {
                        assertThat(server).isNotNull();
                    }
                });
    }

    /**
     * Holds back what is sent until {@link #flush()}, which sends it as one chunk: the peer's
     * close_notify and the plaintext after it then arrive together.
     */
    static final class HoldBack implements ByteStream {
        private final ByteStream inner;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private volatile boolean holding;

        HoldBack(ByteStream inner) {
            this.inner = inner;
        }

        void hold() {
            holding = true;
        }

        void flush() {
            holding = false;
            inner.send(held.toByteArray());
            held.reset();
        }

        @Override
        public byte[] receive(int maxBytes) {
            return inner.receive(maxBytes);
        }

        @Override
        public void send(byte[] data) {
            if (holding) {
                held.writeBytes(data);
            } else {
                inner.send(data);
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
    }

    /**
     * The unwrap sample, over a memory transport, against a peer that unwraps too and sends
     * plaintext with its close_notify (the leftover) and after it.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void unwrapAfterASessionEnds(Backend backend) throws Throwable {
        assertThat(
                        SystemOut.inRuntime(
                                backend,
                                () -> {
                                    var raw = MemoryByteStream.pair(16);
                                    HoldBack serverRaw = new HoldBack(raw.second());
                                    TaskGroup.run(tg -> {
                                        tg.startSoon(() -> {
                                            TlsStream server =
                                                    TlsStream.wrap(
                                                            serverRaw,
                                                            CERT.serverContext(),
                                                            true,
                                                            null,
                                                            true);
                                            serverRaw.hold();
                                            TlsStream.Unwrapped u = server.unwrap();
                                            u.transport().send("220 ready".getBytes(UTF_8));
                                            serverRaw.flush(); // with the close_notify
                                            u.transport().send("250 ok".getBytes(UTF_8));
                                        });
                                        TlsStream client =
                                                TlsStream.wrap(
                                                        raw.first(),
                                                        CERT.clientContext(),
                                                        false,
                                                        "localhost",
                                                        true);
                                        byte[] more = NetworkingPage.unwrap(client);
                                        System.out.println("then: " + new String(more, UTF_8));
                                    });
                                    raw.first().close();
                                    raw.second().close();
                                }))
                .containsExactly("leftover: 220 ready", "then: 250 ok");
    }
}
