package io.weft.net;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Net#connectTcp(String, int, TcpConnectOptions)} and {@link Net#connectTls(String, int,
 * javax.net.ssl.SSLContext, TcpConnectOptions)} connect: the Happy Eyeballs delay, the local
 * address to bind, and for TLS the host name to check and how to close. Immutable; each setter
 * returns a new instance.
 *
 * <pre>{@code
 * Net.connectTcp("example.com", 443, TcpConnectOptions.defaults().happyEyeballsDelay(Duration.ofMillis(100)));
 * Net.connectTls("10.0.0.7", 443, ctx, TcpConnectOptions.defaults().tlsHostname("example.com"));
 * }</pre>
 */
public final class TcpConnectOptions {
    /** The default delay between attempts: 250 ms (RFC 8305's recommendation, AnyIO's default). */
    public static final Duration DEFAULT_HAPPY_EYEBALLS_DELAY = Duration.ofMillis(250);

    private static final TcpConnectOptions DEFAULTS =
            new TcpConnectOptions(DEFAULT_HAPPY_EYEBALLS_DELAY, null, 0, null, true, List.of());

    private final Duration happyEyeballsDelay;
    private final String localHost;
    private final int localPort;
    private final String tlsHostname;
    private final boolean tlsStandardCompatible;
    private final List<String> tlsAlpnProtocols;

    private TcpConnectOptions(
            Duration happyEyeballsDelay,
            String localHost,
            int localPort,
            String tlsHostname,
            boolean tlsStandardCompatible,
            List<String> tlsAlpnProtocols) {
        this.happyEyeballsDelay = happyEyeballsDelay;
        this.localHost = localHost;
        this.localPort = localPort;
        this.tlsHostname = tlsHostname;
        this.tlsStandardCompatible = tlsStandardCompatible;
        this.tlsAlpnProtocols = tlsAlpnProtocols;
    }

    /**
     * A 250 ms delay; no local binding; for TLS, the host connected to is the name checked, closing
     * is standard-compatible, and no ALPN.
     */
    public static TcpConnectOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with attempts started {@code delay} apart (an attempt that fails starts the
     * next at once).
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public TcpConnectOptions happyEyeballsDelay(Duration delay) {
        Objects.requireNonNull(
                delay,
                "delay is null: pass TcpConnectOptions.DEFAULT_HAPPY_EYEBALLS_DELAY (250 ms), or"
                        + " Duration.ZERO to start every attempt at once");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the Happy Eyeballs delay must not be negative");
        }
        return new TcpConnectOptions(
                delay, localHost, localPort, tlsHostname, tlsStandardCompatible, tlsAlpnProtocols);
    }

    /**
     * These options binding the connection's local end to {@code host}:{@code port} (port 0: any).
     * A name is resolved when connecting, to its first address.
     *
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     * @throws NullPointerException if {@code host} is null (the message says what to pass)
     */
    public TcpConnectOptions localAddress(String host, int port) {
        Objects.requireNonNull(
                host,
                "host is null: pass \"0.0.0.0\" or \"::\" to bind a local port on any address, or"
                        + " leave localAddress unset to let the OS choose");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("local port number out of range: " + port);
        }
        return new TcpConnectOptions(
                happyEyeballsDelay,
                host,
                port,
                tlsHostname,
                tlsStandardCompatible,
                tlsAlpnProtocols);
    }

    /**
     * These options checking the server's certificate for {@code hostname} (also sent as SNI)
     * instead of the host connected to; null for the host connected to (the default). TLS only
     * (AnyIO's {@code tls_hostname}).
     */
    public TcpConnectOptions tlsHostname(String hostname) {
        return new TcpConnectOptions(
                happyEyeballsDelay,
                localHost,
                localPort,
                hostname,
                tlsStandardCompatible,
                tlsAlpnProtocols);
    }

    /**
     * These options with TLS closing as {@link TlsStream#wrap} describes for {@code
     * standardCompatible} (AnyIO's {@code tls_standard_compatible}). TLS only.
     */
    public TcpConnectOptions tlsStandardCompatible(boolean standardCompatible) {
        return new TcpConnectOptions(
                happyEyeballsDelay,
                localHost,
                localPort,
                tlsHostname,
                standardCompatible,
                tlsAlpnProtocols);
    }

    /**
     * These options offering {@code protocols} by ALPN, most preferred first (none: no ALPN). TLS
     * only. (AnyIO sets them on the SSL context; a JDK context has no place for them.)
     */
    public TcpConnectOptions tlsAlpnProtocols(String... protocols) {
        return new TcpConnectOptions(
                happyEyeballsDelay,
                localHost,
                localPort,
                tlsHostname,
                tlsStandardCompatible,
                List.of(protocols));
    }

    /** The delay between attempts. */
    public Duration happyEyeballsDelay() {
        return happyEyeballsDelay;
    }

    /** The local host to bind, or null. */
    public String localHost() {
        return localHost;
    }

    /** The local port to bind (with {@link #localHost()}). */
    public int localPort() {
        return localPort;
    }

    /** The host name TLS checks the certificate for, or null for the host connected to. */
    public String tlsHostname() {
        return tlsHostname;
    }

    /** Whether TLS closing is standard-compatible (default true). */
    public boolean tlsStandardCompatible() {
        return tlsStandardCompatible;
    }

    /** The ALPN protocols TLS offers; empty for none. */
    public List<String> tlsAlpnProtocols() {
        return tlsAlpnProtocols;
    }

    @Override
    public String toString() {
        return "TcpConnectOptions[happyEyeballsDelay="
                + happyEyeballsDelay
                + (localHost != null ? ", local=" + localHost + ":" + localPort : "")
                + (tlsHostname != null ? ", tlsHostname=" + tlsHostname : "")
                + (tlsStandardCompatible ? "" : ", tlsStandardCompatible=false")
                + (tlsAlpnProtocols.isEmpty() ? "" : ", tlsAlpnProtocols=" + tlsAlpnProtocols)
                + "]";
    }
}
