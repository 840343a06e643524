package io.weft.net;

import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/**
 * How {@link Net#createTcpListener(String, int, TcpListenerOptions)} and {@link
 * Net#createTcpListeners(String, int, TcpListenerOptions)} listen (AnyIO's {@code family}, {@code
 * backlog} and {@code reuse_port} arguments). Immutable; each setter returns a new instance.
 *
 * <pre>{@code
 * Net.createTcpListeners(null, 8080,
 *         TcpListenerOptions.defaults().family(StandardProtocolFamily.INET).backlog(128));
 * }</pre>
 */
public final class TcpListenerOptions {
    /**
     * The default backlog, which is also the largest one used (AnyIO's {@code 65536}): a larger
     * backlog is cut to it.
     */
    public static final int MAX_BACKLOG = 65536;

    private static final TcpListenerOptions DEFAULTS =
            new TcpListenerOptions(null, MAX_BACKLOG, false);

    private final ProtocolFamily family;
    private final int backlog;
    private final boolean reusePort;

    private TcpListenerOptions(ProtocolFamily family, int backlog, boolean reusePort) {
        this.family = family;
        this.backlog = backlog;
        this.reusePort = reusePort;
    }

    /** Any address family, a backlog of {@value #MAX_BACKLOG}, no SO_REUSEPORT. */
    public static TcpListenerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options listening on addresses of {@code family} only: {@code
     * StandardProtocolFamily.INET} (IPv4), {@code INET6} (IPv6), or null for any.
     *
     * @throws IllegalArgumentException if {@code family} is another family (such as {@code UNIX})
     */
    public TcpListenerOptions family(ProtocolFamily family) {
        if (family != null
                && family != StandardProtocolFamily.INET
                && family != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException(
                    "a TCP listener's family is INET, INET6 or null (any), not " + family);
        }
        return new TcpListenerOptions(family, backlog, reusePort);
    }

    /**
     * These options with at most {@code backlog} connections queued before they are accepted; more
     * than {@value #MAX_BACKLOG} is cut to that (as AnyIO), and the OS may cut it further.
     *
     * @throws IllegalArgumentException if {@code backlog} is less than 1
     */
    public TcpListenerOptions backlog(int backlog) {
        return new TcpListenerOptions(family, checkBacklog(backlog), reusePort);
    }

    /**
     * These options with SO_REUSEPORT on or off: with it on, several sockets (each with it on) may
     * listen on the same address and port, and the OS spreads the connections among them. Listening
     * with it on fails with {@code UnsupportedOperationException} where the OS lacks it.
     */
    public TcpListenerOptions reusePort(boolean reusePort) {
        return new TcpListenerOptions(family, backlog, reusePort);
    }

    /** The address family, or null for any. */
    public ProtocolFamily family() {
        return family;
    }

    /** The backlog (1 to {@value #MAX_BACKLOG}). */
    public int backlog() {
        return backlog;
    }

    /** Whether SO_REUSEPORT is set. */
    public boolean reusePort() {
        return reusePort;
    }

    /** {@code backlog} cut to {@value #MAX_BACKLOG}; rejects one below 1. */
    static int checkBacklog(int backlog) {
        if (backlog < 1) {
            throw new IllegalArgumentException("the backlog must be at least 1, not " + backlog);
        }
        return Math.min(backlog, MAX_BACKLOG);
    }

    @Override
    public String toString() {
        return "TcpListenerOptions[family="
                + (family == null ? "any" : family)
                + ", backlog="
                + backlog
                + (reusePort ? ", reusePort" : "")
                + "]";
    }
}
