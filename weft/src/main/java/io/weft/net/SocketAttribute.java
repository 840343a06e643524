package io.weft.net;

import io.weft.stream.TypedAttribute;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;

/** The attributes of socket streams and listeners (AnyIO's {@code SocketAttribute}). */
public final class SocketAttribute {
    /** The address family: {@code StandardProtocolFamily.INET}, {@code INET6} or {@code UNIX}. */
    public static final TypedAttribute<ProtocolFamily> FAMILY = new TypedAttribute<>("family");

    /**
     * The local address: an {@code InetSocketAddress} (host and port), or a {@code
     * UnixDomainSocketAddress} (the path) for a UNIX socket.
     */
    public static final TypedAttribute<SocketAddress> LOCAL_ADDRESS =
            new TypedAttribute<>("local address");

    /** The local port (IP sockets only). */
    public static final TypedAttribute<Integer> LOCAL_PORT = new TypedAttribute<>("local port");

    /** The peer's address (connected sockets only), of the same kind as {@link #LOCAL_ADDRESS}. */
    public static final TypedAttribute<SocketAddress> REMOTE_ADDRESS =
            new TypedAttribute<>("remote address");

    /** The peer's port (connected IP sockets only). */
    public static final TypedAttribute<Integer> REMOTE_PORT = new TypedAttribute<>("remote port");

    /**
     * The NIO channel itself. Pitfall: reading or writing it directly bypasses the stream's guards;
     * use it for socket options.
     */
    public static final TypedAttribute<NetworkChannel> RAW_SOCKET =
            new TypedAttribute<>("raw socket");

    private SocketAttribute() {}
}
