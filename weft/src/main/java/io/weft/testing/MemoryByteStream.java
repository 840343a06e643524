package io.weft.testing;

import io.weft.ClosedResourceError;
import io.weft.Weft;
import io.weft.stream.BufferedByteReceiveStream;
import io.weft.stream.ByteStream;
import io.weft.stream.MemoryObjectReceiveStream;
import io.weft.stream.MemoryObjectSendStream;
import io.weft.stream.MemoryObjectStream;
import io.weft.sync.ResourceGuard;
import java.util.Arrays;

/**
 * An in-memory byte stream, one end of a connected pair (Trio's {@code memory_stream_pair}): for
 * testing code that talks to a {@link ByteStream} without a socket. Bytes go through two memory
 * object streams of chunks, one per direction, each with {@code capacity} chunks of buffer (0: a
 * send waits until the peer receives, a "clogged" stream).
 *
 * <pre>{@code
 * StreamPair<MemoryByteStream, MemoryByteStream> pair = MemoryByteStream.pair(16);
 * TaskGroup.run(tg -> {
 *     tg.startSoon(() -> server(pair.second()));
 *     client(pair.first());
 * });
 * }</pre>
 *
 * <p>It behaves as a socket stream does: one task sends and one receives at a time ({@link
 * io.weft.BusyResourceError} otherwise), {@code sendEof} half-closes, closing the receiving side
 * makes the peer's sends fail with {@link io.weft.BrokenResourceError}, closing wakes blocked calls
 * with {@link io.weft.ClosedResourceError}, and a cancelled send or receive loses nothing.
 */
public final class MemoryByteStream implements ByteStream {
    private final MemoryObjectSendStream<byte[]> out;
    private final BufferedByteReceiveStream in;
    private final ResourceGuard sending = new ResourceGuard("sending to");

    private MemoryByteStream(
            MemoryObjectSendStream<byte[]> out, MemoryObjectReceiveStream<byte[]> in) {
        this.out = out;
        this.in = new BufferedByteReceiveStream(in);
    }

    /**
     * Two connected ends, with {@code capacity} chunks of buffer in each direction.
     *
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static StreamPair<MemoryByteStream, MemoryByteStream> pair(int capacity) {
        MemoryObjectStream<byte[]> ab = MemoryObjectStream.create(capacity);
        MemoryObjectStream<byte[]> ba = MemoryObjectStream.create(capacity);
        return new StreamPair<>(
                new MemoryByteStream(ab.sendStream(), ba.receiveStream()),
                new MemoryByteStream(ba.sendStream(), ab.receiveStream()));
    }

    /** Receives at most {@code maxBytes} bytes; see {@link ByteStream#receive(int)}. */
    @Override
    public byte[] receive(int maxBytes) {
        return in.receive(maxBytes);
    }

    /**
     * Sends a copy of {@code data} (empty data is sent as nothing). If this throws {@link
     * io.weft.Cancelled}, nothing was sent.
     */
    @Override
    public void send(byte[] data) {
        ResourceGuard.Use use = sending.use(); // BusyResourceError if another task sends
        try {
            if (data.length == 0) {
                if (out.isClosed()) {
                    throw new ClosedResourceError("this stream's sending side is closed");
                }
                Weft.checkpoint();
                return;
            }
            out.send(Arrays.copyOf(data, data.length));
        } finally {
            use.close();
        }
    }

    /** Half-closes: the peer receives what was sent, then {@link io.weft.EndOfStream}. */
    @Override
    public void sendEof() {
        out.close();
    }

    /** Closes both directions. Idempotent. */
    @Override
    public void close() {
        try {
            out.close();
        } finally {
            in.close();
        }
    }

    @Override
    public String toString() {
        return "MemoryByteStream[" + out.statistics() + "]";
    }
}
