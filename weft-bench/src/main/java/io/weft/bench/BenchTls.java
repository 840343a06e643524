package io.weft.bench;

import io.weft.testing.TestCertificate;
import javax.net.ssl.SSLContext;

/**
 * The TLS benchmarks' certificate: {@link TestCertificate#localhost()}, made once per JVM (none is
 * committed), and the server and client {@link SSLContext}s that use it.
 */
final class BenchTls {
    /** The server's context (the certificate and its key). */
    static final SSLContext SERVER = TestCertificate.localhost().serverContext();

    /** The client's context (trusts exactly that certificate). */
    static final SSLContext CLIENT = TestCertificate.localhost().clientContext();

    private BenchTls() {}
}
