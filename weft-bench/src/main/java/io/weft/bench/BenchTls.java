package io.weft.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS benchmarks' certificate: a self-signed EC certificate for {@code localhost} made once per
 * JVM with the JDK's {@code keytool} (none is committed), and the server and client {@link
 * SSLContext}s that use it.
 */
final class BenchTls {
    /** The server's context (the certificate and its key). */
    static final SSLContext SERVER;

    /** The client's context (trusts exactly that certificate). */
    static final SSLContext CLIENT;

    static {
        try {
            Path dir = Files.createTempDirectory("weft-bench-tls");
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
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                store.load(in, "changeit".toCharArray());
            }
            Files.delete(ks);
            Files.delete(dir);
            KeyManagerFactory kmf =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "changeit".toCharArray());
            SERVER = SSLContext.getInstance("TLS");
            SERVER.init(kmf.getKeyManagers(), null, null);
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            CLIENT = SSLContext.getInstance("TLS");
            CLIENT.init(null, tmf.getTrustManagers(), null);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private BenchTls() {}
}
