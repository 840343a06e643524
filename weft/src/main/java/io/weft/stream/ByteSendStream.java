package io.weft.stream;

import java.nio.ByteBuffer;

/** A stream of bytes to one peer (AnyIO's {@code ByteSendStream}). */
public interface ByteSendStream extends AutoCloseable, TypedAttributeProvider {
    /**
     * Sends all of {@code data}, waiting while the peer applies back-pressure. A checkpoint. If
     * this throws {@link io.weft.Cancelled}, an unknown prefix of {@code data} may have been sent
     * (as with AnyIO's byte streams; a stream that can do better says so).
     *
     * @throws io.weft.ClosedResourceError if this stream was closed, also while waiting
     * @throws io.weft.BrokenResourceError if the peer went away
     * @throws io.weft.BusyResourceError if another task is already sending
     */
    void send(byte[] data);

    /**
     * Sends the bytes remaining in {@code src}, advancing its position past what was sent. The
     * default copies them into an array; streams that can write the buffer directly override it.
     */
    default void send(ByteBuffer src) {
        byte[] b = new byte[src.remaining()];
        src.get(b);
        send(b);
    }

    /**
     * Closes the stream; a task waiting in {@code send} gets {@link io.weft.ClosedResourceError}.
     */
    @Override
    void close();
}
