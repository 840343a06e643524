package io.weft.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/** How {@link Net} makes the channel of a UDP socket: family, SO_REUSEPORT, bind. */
final class Datagrams {
    private Datagrams() {}

    /**
     * A non-blocking datagram channel of {@code family} (null: the JDK's default, dual-stack where
     * the OS has IPv6) bound to {@code local}; closed again if anything fails.
     */
    static DatagramChannel open(
            ProtocolFamily family, InetSocketAddress local, UdpSocketOptions options)
            throws IOException {
        DatagramChannel ch = family == null ? DatagramChannel.open() : DatagramChannel.open(family);
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            if (options.reusePort()) {
                if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new UnsupportedOperationException(
                            "SO_REUSEPORT (UdpSocketOptions.reusePort) is not supported here");
                }
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.bind(local);
            ok = true;
            return ch;
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    /** The wildcard address of {@code family}: {@code ::} or {@code 0.0.0.0}. */
    static InetAddress wildcard(ProtocolFamily family) {
        return InetAddress.ofLiteral(family == StandardProtocolFamily.INET6 ? "::" : "0.0.0.0");
    }
}
