package io.weft.stream;

import java.io.IOException;
import java.util.Objects;

/**
 * Wraps a connectable so that its connections are {@link BufferedByteStream}s (AnyIO's {@code
 * BufferedConnectable}), with {@code receiveExactly} and {@code receiveUntil}.
 */
public final class BufferedConnectable implements ByteStreamConnectable {
    private final ByteStreamConnectable bytes; // exactly one of these two is set
    private final ObjectStreamConnectable<byte[]> chunks;

    /** Buffers the byte streams {@code connectable} makes. */
    public BufferedConnectable(ByteStreamConnectable connectable) {
        this.bytes = Objects.requireNonNull(connectable, "connectable");
        this.chunks = null;
    }

    /** Buffers the streams of byte chunks {@code connectable} makes. */
    public BufferedConnectable(ObjectStreamConnectable<byte[]> connectable) {
        this.bytes = null;
        this.chunks = Objects.requireNonNull(connectable, "connectable");
    }

    /** Connects and wraps the new stream. */
    @Override
    public BufferedByteStream connect() throws IOException {
        return bytes != null
                ? new BufferedByteStream(bytes.connect())
                : new BufferedByteStream(chunks.connect());
    }
}
