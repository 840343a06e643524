package io.weft.net;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Net#connectTcp(String, int, TcpConnectOptions)} connects: the Happy Eyeballs delay and
 * the local address to bind. Immutable; each setter returns a new instance.
 *
 * <pre>{@code
 * Net.connectTcp("example.com", 443, TcpConnectOptions.defaults().happyEyeballsDelay(Duration.ofMillis(100)));
 * }</pre>
 */
public final class TcpConnectOptions {
    /** The default delay between attempts: 250 ms (RFC 8305's recommendation, AnyIO's default). */
    public static final Duration DEFAULT_HAPPY_EYEBALLS_DELAY = Duration.ofMillis(250);

    private static final TcpConnectOptions DEFAULTS =
            new TcpConnectOptions(DEFAULT_HAPPY_EYEBALLS_DELAY, null, 0);

    private final Duration happyEyeballsDelay;
    private final String localHost;
    private final int localPort;

    private TcpConnectOptions(Duration happyEyeballsDelay, String localHost, int localPort) {
        this.happyEyeballsDelay = happyEyeballsDelay;
        this.localHost = localHost;
        this.localPort = localPort;
    }

    /** A 250 ms delay; no local binding. */
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
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the Happy Eyeballs delay must not be negative");
        }
        return new TcpConnectOptions(delay, localHost, localPort);
    }

    /**
     * These options binding the connection's local end to {@code host}:{@code port} (port 0: any).
     *
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public TcpConnectOptions localAddress(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("local port number out of range: " + port);
        }
        return new TcpConnectOptions(happyEyeballsDelay, host, port);
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

    @Override
    public String toString() {
        return "TcpConnectOptions[happyEyeballsDelay="
                + happyEyeballsDelay
                + (localHost != null ? ", local=" + localHost + ":" + localPort : "")
                + "]";
    }
}
