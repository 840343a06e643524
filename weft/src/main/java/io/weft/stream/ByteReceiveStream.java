package io.weft.stream;

import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * A stream of bytes from one peer (AnyIO's {@code ByteReceiveStream}): a socket, a file, a decoded
 * TLS connection. Chunk boundaries carry no meaning. Iterating yields chunks until the end of the
 * stream.
 *
 * <p>Two ways to receive: {@link #receive(int)} returns a new array (AnyIO's shape); {@link
 * #receive(ByteBuffer)} fills a buffer the caller brings and copies nothing where the stream can
 * avoid it.
 */
public interface ByteReceiveStream extends AutoCloseable, TypedAttributeProvider, Iterable<byte[]> {
    /** What {@link #receive()} asks for: 65536 bytes, as AnyIO. */
    int DEFAULT_MAX_BYTES = 65536;

    /**
     * Receives at most {@code maxBytes} bytes, waiting until at least one is available. Never
     * returns an empty array. A checkpoint. If this throws {@link io.weft.Cancelled}, no byte was
     * consumed.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is less than 1
     * @throws io.weft.EndOfStream if the peer has finished sending and nothing is left
     * @throws io.weft.ClosedResourceError if this stream was closed, also while waiting
     * @throws io.weft.BrokenResourceError if the stream broke
     * @throws io.weft.BusyResourceError if another task is already receiving
     */
    byte[] receive(int maxBytes);

    /** {@code receive(DEFAULT_MAX_BYTES)}. */
    default byte[] receive() {
        return receive(DEFAULT_MAX_BYTES);
    }

    /**
     * Receives at most {@code dst.remaining()} bytes into {@code dst}, waiting until at least one
     * is available, and returns how many. A checkpoint; if it throws {@link io.weft.Cancelled}, no
     * byte was consumed and {@code dst} is unchanged. The default receives an array and copies it;
     * streams that can fill the buffer directly override it.
     *
     * @throws IllegalArgumentException if {@code dst} has no room
     * @throws io.weft.EndOfStream if the peer has finished sending and nothing is left
     */
    default int receive(ByteBuffer dst) {
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("the buffer has no room (remaining() == 0)");
        }
        byte[] b = receive(dst.remaining());
        dst.put(b);
        return b.length;
    }

    /**
     * Closes the stream; a task waiting in {@code receive} gets {@link
     * io.weft.ClosedResourceError}.
     */
    @Override
    void close();

    /** Chunks until the end of the stream. */
    @Override
    default Iterator<byte[]> iterator() {
        return new ReceiveIterator<>(this::receive);
    }

    /**
     * Checks a {@code maxBytes} argument.
     *
     * @throws IllegalArgumentException if it is less than 1
     */
    static int checkMaxBytes(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        return maxBytes;
    }
}
