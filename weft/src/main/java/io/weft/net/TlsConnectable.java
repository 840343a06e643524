package io.weft.net;

import io.weft.stream.ByteStreamConnectable;
import java.io.IOException;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Wraps a connectable so that its connections are {@link TlsStream}s (AnyIO's {@code
 * TLSConnectable}): {@link #connect()} connects with the inner connectable, then does the TLS
 * handshake as the client.
 *
 * <pre>{@code
 * var https = new TlsConnectable(new TcpConnectable("example.com", 443), sslContext, "example.com");
 * try (TlsStream s = https.connect()) { ... }
 * }</pre>
 */
public final class TlsConnectable implements ByteStreamConnectable {
    private final ByteStreamConnectable connectable;
    private final SSLContext context;
    private final String hostname;
    private final boolean standardCompatible;
    private final String[] alpnProtocols;

    /** TLS with standard-compatible closing and no ALPN; see the full constructor. */
    public TlsConnectable(ByteStreamConnectable connectable, SSLContext context, String hostname) {
        this(connectable, context, hostname, true);
    }

    /**
     * TLS over what {@code connectable} makes.
     *
     * @param connectable makes the transport
     * @param context the client's SSL context
     * @param hostname the name the server's certificate must be for (also sent as SNI); null for no
     *     host name check
     * @param standardCompatible passed to {@link TlsStream#wrap}
     * @param alpnProtocols the ALPN protocols to offer, most preferred first
     */
    public TlsConnectable(
            ByteStreamConnectable connectable,
            SSLContext context,
            String hostname,
            boolean standardCompatible,
            String... alpnProtocols) {
        this.connectable = Objects.requireNonNull(connectable, "connectable");
        this.context = Objects.requireNonNull(context, TlsStream.CLIENT_CONTEXT_IS_NULL);
        this.hostname = hostname;
        this.standardCompatible = standardCompatible;
        this.alpnProtocols = alpnProtocols.clone();
    }

    /**
     * Connects and does the handshake. A checkpoint. If the handshake fails or this is cancelled
     * during it, the new transport is closed.
     *
     * @throws javax.net.ssl.SSLException if the engine refused the handshake (an untrusted
     *     certificate, one not for the host name, a server that does not speak TLS)
     * @throws io.weft.BrokenResourceError if the server went away during the handshake
     * @throws IOException if the inner connectable failed to connect
     */
    @Override
    public TlsStream connect() throws IOException {
        return TlsStream.wrap(
                connectable.connect(), context, false, hostname, standardCompatible, alpnProtocols);
    }

    @Override
    public String toString() {
        return "TlsConnectable[" + connectable + (hostname != null ? ", " + hostname : "") + "]";
    }
}
