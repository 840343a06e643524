package io.weft.net;

import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/**
 * How {@link Net#createUdpSocket(String, int, UdpSocketOptions)} and {@link
 * Net#createConnectedUdpSocket(String, int, String, int, UdpSocketOptions)} make their socket
 * (AnyIO's {@code family} and {@code reuse_port} arguments). Immutable; each setter returns a new
 * instance.
 *
 * <pre>{@code
 * // a UDP service on port 5353 of every IPv4 interface, shared with other SO_REUSEPORT sockets
 * Net.createUdpSocket(null, 5353,
 *         UdpSocketOptions.defaults().family(StandardProtocolFamily.INET).reusePort(true));
 * }</pre>
 */
public final class UdpSocketOptions {
    private static final UdpSocketOptions DEFAULTS = new UdpSocketOptions(null, false);

    private final ProtocolFamily family;
    private final boolean reusePort;

    private UdpSocketOptions(ProtocolFamily family, boolean reusePort) {
        this.family = family;
        this.reusePort = reusePort;
    }

    /** Any address family (taken from the host), no SO_REUSEPORT. */
    public static UdpSocketOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with the socket's address family: {@code StandardProtocolFamily.INET} (IPv4),
     * {@code INET6} (IPv6), or null to take it from the local host (or, for a connected socket
     * without one, from the remote host). Host names are then resolved to addresses of that family
     * only.
     *
     * @throws IllegalArgumentException if {@code family} is another family (such as {@code UNIX}:
     *     NIO has no UNIX datagram sockets)
     */
    public UdpSocketOptions family(ProtocolFamily family) {
        if (family != null
                && family != StandardProtocolFamily.INET
                && family != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException(
                    "a UDP socket's family is INET, INET6 or null (from the host), not " + family);
        }
        return new UdpSocketOptions(family, reusePort);
    }

    /**
     * These options with SO_REUSEPORT on or off: with it on, several sockets (each with it on) may
     * bind the same address and port. Making the socket fails with {@code
     * UnsupportedOperationException} where the OS lacks it.
     */
    public UdpSocketOptions reusePort(boolean reusePort) {
        return new UdpSocketOptions(family, reusePort);
    }

    /** The address family, or null to take it from the host. */
    public ProtocolFamily family() {
        return family;
    }

    /** Whether SO_REUSEPORT is set. */
    public boolean reusePort() {
        return reusePort;
    }

    @Override
    public String toString() {
        return "UdpSocketOptions[family=" + family + ", reusePort=" + reusePort + "]";
    }
}
