package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BrokenResourceError;
import io.weft.TaskGroup;
import io.weft.junit.WeftTest;
import io.weft.testing.MemoryByteStream;
import io.weft.testing.StreamPair;
import io.weft.testing.TestCertificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;

/** {@link TestCertificate}: what TLS tests get from it, over in-memory byte pairs. */
class TestCertificateTest {

    private static StreamPair<TlsStream, TlsStream> pair(SSLContext client, String hostname) {
        var raw = MemoryByteStream.pair(16);
        SSLContext server = TestCertificate.localhost().serverContext();
        return TlsTesting.handshake(
                raw.first(),
                r -> TlsStream.wrap(r, client, false, hostname, true),
                raw.second(),
                r -> TlsStream.wrap(r, server, true, null, true));
    }

    @WeftTest
    void itIsMadeOncePerJvmForLocalhost() throws Exception {
        TestCertificate cert = TestCertificate.localhost();
        assertThat(TestCertificate.localhost()).isSameAs(cert);
        X509Certificate x = (X509Certificate) cert.keyStore().getCertificate("server");
        assertThat(x.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(x.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))))
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
    }

    @WeftTest
    void aClientTrustsTheServerForLocalhostAndNoOtherName() {
        var ok = pair(TestCertificate.localhost().clientContext(), "localhost");
        try (TlsStream c = ok.first();
                TlsStream s = ok.second()) {
            assertThat(c.extra(TlsAttribute.PROTOCOL)).isEqualTo("TLSv1.3");
            assertThat(s.extra(TlsAttribute.SERVER_SIDE)).isTrue();
        }
        var raw = MemoryByteStream.pair(16);
        SSLContext server = TestCertificate.localhost().serverContext();
        SSLContext client = TestCertificate.localhost().clientContext();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try {
                    TlsStream.wrap(raw.second(), server, true, null, true).close();
                } catch (BrokenResourceError expected) {
                    // the client gave up
                }
            });
            assertThatThrownBy(
                            () -> TlsStream.wrap(raw.first(), client, false, "example.com", true))
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
        });
    }

    @WeftTest
    void aClientContextCanPinTheProtocol() {
        var p = pair(TestCertificate.localhost().clientContext("TLSv1.2"), "localhost");
        try (TlsStream c = p.first();
                TlsStream s = p.second()) {
            assertThat(c.extra(TlsAttribute.PROTOCOL)).isEqualTo("TLSv1.2");
            assertThat(s.extra(TlsAttribute.PROTOCOL)).isEqualTo("TLSv1.2");
        }
        assertThatThrownBy(() -> TestCertificate.localhost().clientContext("SSLv9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown TLS protocol: SSLv9");
    }

    @WeftTest
    void forHostsRefusesWhatCannotBeACertificateName() {
        assertThatThrownBy(() -> TestCertificate.forHosts())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one host");
        assertThatThrownBy(() -> TestCertificate.forHosts("faß.de"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an ASCII host name or IP address: \"faß.de\"");
        assertThat(TestCertificate.localhost())
                .hasToString("TestCertificate[SAN=dns:localhost,ip:127.0.0.1]");
    }
}
