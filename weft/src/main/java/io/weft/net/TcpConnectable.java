package io.weft.net;

import io.weft.stream.ByteStreamConnectable;
import java.io.IOException;
import java.util.Objects;

/**
 * A TCP address to connect to on demand (AnyIO's {@code TCPConnectable}); {@link #connect()} is
 * {@link Net#connectTcp(String, int, TcpConnectOptions)}.
 *
 * @param host the host name or address
 * @param port the port, 1..65535
 * @param options how to connect
 */
public record TcpConnectable(String host, int port, TcpConnectOptions options)
        implements ByteStreamConnectable {
    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException if {@code port} is outside 1..65535
     */
    public TcpConnectable {
        Objects.requireNonNull(host, Net.HOST_IS_NULL);
        Objects.requireNonNull(options, "options is null: pass TcpConnectOptions.defaults()");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP port number out of range: " + port);
        }
    }

    /** {@code host}:{@code port} with the default options. */
    public TcpConnectable(String host, int port) {
        this(host, port, TcpConnectOptions.defaults());
    }

    /**
     * Connects, as {@link Net#connectTcp(String, int, TcpConnectOptions)}.
     *
     * @throws java.net.UnknownHostException if the name does not resolve
     * @throws io.weft.ConnectionFailed if every attempt failed
     */
    @Override
    public SocketStream connect() throws IOException {
        return Net.connectTcp(host, port, options);
    }
}
