package io.weft.stream;

import java.io.IOException;
import java.util.Objects;

/**
 * Wraps a connectable so that its connections are {@link BufferedByteStream}s (AnyIO's {@code
 * BufferedConnectable}), with {@code receiveExactly} and {@code receiveUntil}.
 */
public final class BufferedConnectable implements ByteStreamConnectable {
    private final Wrapped.Connector<BufferedByteStream> connector;

    /** Buffers the byte streams {@code connectable} makes. */
    public BufferedConnectable(ByteStreamConnectable connectable) {
        Objects.requireNonNull(connectable, "connectable");
        this.connector = () -> new BufferedByteStream(connectable.connect());
    }

    /** Buffers the streams of byte chunks {@code connectable} makes. */
    public BufferedConnectable(ObjectStreamConnectable<byte[]> connectable) {
        Objects.requireNonNull(connectable, "connectable");
        this.connector = () -> new BufferedByteStream(connectable.connect());
    }

    /** Connects and wraps the new stream. */
    @Override
    public BufferedByteStream connect() throws IOException {
        return connector.connect();
    }
}
