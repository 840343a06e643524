package io.weft.net;

import io.weft.ClosedResourceError;
import io.weft.stream.TypedAttribute;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@link SocketAttribute}s of a channel: IP or UNIX, connected or listening. */
final class SocketAttributes {
    private SocketAttributes() {}

    static Map<TypedAttribute<?>, Supplier<?>> of(NetworkChannel ch) {
        Map<TypedAttribute<?>, Supplier<?>> m = new HashMap<>();
        SocketAddress local = local(ch);
        m.put(SocketAttribute.FAMILY, () -> familyOf(local(ch)));
        m.put(SocketAttribute.LOCAL_ADDRESS, () -> local(ch));
        m.put(SocketAttribute.RAW_SOCKET, () -> ch);
        if (local instanceof InetSocketAddress) {
            m.put(SocketAttribute.LOCAL_PORT, () -> ((InetSocketAddress) local(ch)).getPort());
        }
        if (ch instanceof SocketChannel || (ch instanceof DatagramChannel dc && dc.isConnected())) {
            m.put(SocketAttribute.REMOTE_ADDRESS, () -> remote(ch));
            if (local instanceof InetSocketAddress) {
                m.put(
                        SocketAttribute.REMOTE_PORT,
                        () -> ((InetSocketAddress) remote(ch)).getPort());
            }
        }
        return Map.copyOf(m);
    }

    private static Object familyOf(SocketAddress a) {
        if (a instanceof UnixDomainSocketAddress) {
            return StandardProtocolFamily.UNIX;
        }
        return ((InetSocketAddress) a).getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
    }

    private static SocketAddress local(NetworkChannel ch) {
        try {
            return ch.getLocalAddress();
        } catch (IOException e) {
            throw new ClosedResourceError("the socket is closed");
        }
    }

    private static SocketAddress remote(NetworkChannel ch) {
        try {
            return ch instanceof SocketChannel sc
                    ? sc.getRemoteAddress()
                    : ((DatagramChannel) ch).getRemoteAddress();
        } catch (IOException e) {
            throw new ClosedResourceError("the socket is closed");
        }
    }
}
