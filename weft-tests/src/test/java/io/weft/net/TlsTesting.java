package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.stream.ByteStream;
import io.weft.testing.StreamPair;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the TLS tests share: a self-signed EC certificate for {@code localhost} and {@code
 * 127.0.0.1}, made by {@code keytool} once per test JVM (nothing is committed), SSL contexts for a
 * server holding it and for clients trusting it, and handshaking a pair of raw streams.
 */
final class TlsTesting {
    private static KeyStore store;

    private TlsTesting() {}

    /** Wraps one end of a raw pair. */
    @FunctionalInterface
    interface Wrap {
        TlsStream wrap(ByteStream raw) throws Exception;
    }

    /** Handshakes both ends at once, the server's in a task of its own: (client, server). */
    static StreamPair<TlsStream, TlsStream> handshake(
            ByteStream clientRaw, Wrap clientSide, ByteStream serverRaw, Wrap serverSide) {
        return TaskGroup.call(tg -> {
            TaskHandle<TlsStream> s = tg.startSoon(() -> serverSide.wrap(serverRaw));
            TlsStream c = clientSide.wrap(clientRaw);
            return new StreamPair<>(c, s.join());
        });
    }

    /** A connection handler that echoes until the end, then closes. */
    static void echo(TlsStream conn) {
        try (conn) {
            for (byte[] chunk : conn) {
                conn.send(chunk);
            }
        }
    }

    /** A good client connects to a TLS echo server on {@code port} and is answered. */
    static void assertServed(int port) throws Exception {
        try (TlsStream s = Net.connectTls("127.0.0.1", port, client("TLS"))) {
            s.send("ping".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            org.assertj.core.api.Assertions.assertThat(
                            new String(s.receive(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("a good client after the bad one")
                    .isEqualTo("ping");
        }
    }

    /** Receives from {@code stream} until it ends, at most {@code maxChunks} chunks. */
    static byte[] receiveAll(ByteStream stream, int maxChunks) {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < maxChunks; i++) {
            try {
                got.writeBytes(stream.receive());
            } catch (EndOfStream end) {
                return got.toByteArray();
            }
        }
        throw new AssertionError("the stream did not end within " + maxChunks + " chunks");
    }

    /** The key store with the certificate, made on first use. */
    static synchronized KeyStore store() throws Exception {
        if (store == null) {
            store = generate();
        }
        return store;
    }

    /** A server context holding the key. */
    static SSLContext server() throws Exception {
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store(), "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        return server;
    }

    /** A client context trusting the certificate, for {@code protocol} ("TLS", "TLSv1.2", ...). */
    static SSLContext client(String protocol) throws Exception {
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store());
        SSLContext client = SSLContext.getInstance(protocol);
        client.init(null, tmf.getTrustManagers(), null);
        return client;
    }

    private static KeyStore generate() throws Exception {
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
        KeyStore ks2 = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            ks2.load(in, "changeit".toCharArray());
        }
        Files.delete(ks);
        Files.delete(dir);
        return ks2;
    }
}
