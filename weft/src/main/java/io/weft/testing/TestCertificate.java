package io.weft.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for tests of TLS code, made at run time so that no key is ever
 * committed (Python's {@code trustme} plays this part for AnyIO's tests).
 *
 * <pre>{@code
 * static final TestCertificate CERT = TestCertificate.localhost();
 *
 * try (TlsListener server = new TlsListener(Net.createTcpListener("127.0.0.1", 0),
 *                                           CERT.serverContext())) { ... }
 * TlsStream client = Net.connectTls("localhost", port, CERT.clientContext());
 * }</pre>
 *
 * <p>The certificate is an EC key pair made by the JDK's own {@code keytool} (the JDK has no public
 * API to sign a certificate), valid for two days: {@link #localhost()} for the DNS name {@code
 * localhost} and the address {@code 127.0.0.1}, {@link #forHosts} for others. Making it starts a
 * process and takes about a second, so tests make one per JVM ({@link #localhost()} caches it)
 * outside their tasks.
 */
public final class TestCertificate {
    private static final char[] PASSWORD = "weft-test".toCharArray();
    private static TestCertificate localhost;

    private final KeyStore keyStore;
    private final String subjectAltNames;

    private TestCertificate(KeyStore keyStore, String subjectAltNames) {
        this.keyStore = keyStore;
        this.subjectAltNames = subjectAltNames;
    }

    /**
     * The certificate for {@code localhost} and {@code 127.0.0.1}, made on the first call and the
     * same afterwards. Blocks while {@code keytool} runs (not a Weft checkpoint): call it from a
     * static initializer or a {@code @BeforeAll}.
     *
     * @throws IllegalStateException if {@code keytool} is missing from this JDK or fails (the
     *     message has its output)
     */
    public static synchronized TestCertificate localhost() {
        if (localhost == null) {
            localhost = forHosts("localhost", "127.0.0.1");
        }
        return localhost;
    }

    /**
     * A new certificate for {@code hosts}: DNS names (in their ASCII form, such as {@code
     * xn--fa-hia.de}) and IP address literals; the first is also the subject's CN. Blocks while
     * {@code keytool} runs, as {@link #localhost()}.
     *
     * @throws IllegalArgumentException if {@code hosts} is empty or a name is not ASCII letters,
     *     digits, dots and hyphens (nor an IP literal)
     * @throws IllegalStateException if {@code keytool} is missing from this JDK or fails
     */
    public static TestCertificate forHosts(String... hosts) {
        if (hosts.length == 0) {
            throw new IllegalArgumentException("a test certificate needs at least one host");
        }
        StringBuilder san = new StringBuilder();
        for (String h : hosts) {
            san.append(san.isEmpty() ? "" : ",").append(subjectAltName(h));
        }
        return new TestCertificate(generate(hosts[0], san.toString()), san.toString());
    }

    private static String subjectAltName(String host) {
        try {
            return "ip:" + java.net.InetAddress.ofLiteral(host).getHostAddress();
        } catch (IllegalArgumentException notAnAddress) {
            if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                throw new IllegalArgumentException(
                        "not an ASCII host name or IP address: \"" + host + "\"");
            }
            return "dns:" + host;
        }
    }

    /** The key store (PKCS12) holding the private key and the certificate under alias "server". */
    public KeyStore keyStore() {
        return keyStore;
    }

    /**
     * A new server context (protocol "TLS") that presents this certificate, and trusts it in a
     * client certificate (which only a server engine set to want or need one asks for).
     */
    public SSLContext serverContext() {
        return presentingAndTrusting();
    }

    /** As {@link #clientContext(String)} for protocol "TLS" (the JDK's newest: TLS 1.3). */
    public SSLContext clientContext() {
        return clientContext("TLS");
    }

    /**
     * A new client context that trusts this certificate and nothing else.
     *
     * @param protocol the {@link SSLContext} protocol, such as "TLS" or "TLSv1.2"
     * @throws IllegalArgumentException if the JDK does not know {@code protocol}
     */
    public SSLContext clientContext(String protocol) {
        SSLContext ctx;
        try {
            ctx = SSLContext.getInstance(protocol);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unknown TLS protocol: " + protocol, e);
        }
        try {
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keyStore);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a client context: " + e.getMessage(), e);
        }
    }

    /**
     * A new client context (protocol "TLS") that trusts this certificate and also presents it as
     * its own, for servers that require client certificates (mutual TLS): the one certificate plays
     * both parts.
     */
    public SSLContext mutualClientContext() {
        return presentingAndTrusting();
    }

    /**
     * A context (protocol "TLS") that presents this certificate and trusts it: what a server needs,
     * and also a mutual-TLS client, since which side it is depends on the engine's mode.
     */
    private SSLContext presentingAndTrusting() {
        try {
            KeyManagerFactory kmf =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, PASSWORD);
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keyStore);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TestCertificate[SAN=" + subjectAltNames + "]";
    }

    private static KeyStore generate(String commonName, String subjectAltNames) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path dir = null;
        Path file = null;
        try {
            dir = Files.createTempDirectory("weft-test-certificate");
            file = dir.resolve("server.p12");
            String password = new String(PASSWORD);
            Process p =
                    new ProcessBuilder(
                                    keytool.toString(),
                                    "-genkeypair",
                                    "-alias",
                                    "server",
                                    "-keyalg",
                                    "EC",
                                    "-dname",
                                    "CN=" + commonName,
                                    "-ext",
                                    "SAN=" + subjectAltNames,
                                    "-validity",
                                    "2",
                                    "-storetype",
                                    "PKCS12",
                                    "-keystore",
                                    file.toString(),
                                    "-storepass",
                                    password,
                                    "-keypass",
                                    password)
                            .redirectErrorStream(true)
                            .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(keytool + " failed: " + output.strip());
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, PASSWORD);
            }
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot make a test certificate with " + keytool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        } finally {
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
                if (dir != null) {
                    Files.deleteIfExists(dir);
                }
            } catch (IOException ignored) {
                // a temporary file left behind holds only a throwaway test key
            }
        }
    }
}
