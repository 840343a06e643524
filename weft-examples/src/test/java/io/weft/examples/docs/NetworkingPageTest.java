package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.Weft;
import io.weft.net.TlsListener;
import io.weft.testing.TestCertificate;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The samples of docs/networking.md ({@link NetworkingPage}), on every backend, on loopback. */
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
}
