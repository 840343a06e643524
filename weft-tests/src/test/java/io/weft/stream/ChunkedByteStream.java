package io.weft.stream;

import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.Weft;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A byte stream that delivers given bytes in given chunks, then ends: for testing code that
 * reassembles bytes, over every way of cutting its input. A receive returns the rest of the current
 * chunk, or {@code maxBytes} of it (the remainder is the next chunk); empty chunks are skipped, as
 * a byte stream never returns an empty array. Every receive is a checkpoint; sends are checkpoints
 * too, and go nowhere. One task at a time, inside a runtime.
 */
final class ChunkedByteStream implements ByteStream {
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private boolean closed;

    /** Delivers {@code chunks} in order, then {@link EndOfStream}. */
    ChunkedByteStream(List<byte[]> chunks) {
        for (byte[] c : chunks) {
            if (c.length > 0) {
                this.chunks.add(c.clone());
            }
        }
    }

    /**
     * {@code data} cut into pieces of the given sizes, in order, and what is left as one last piece
     * (if any is). A size may be 0 (an empty piece) or larger than what is left.
     */
    static List<byte[]> split(byte[] data, List<Integer> sizes) {
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            int n = Math.min(size, data.length - at);
            out.add(Arrays.copyOfRange(data, at, at + n));
            at += n;
        }
        if (at < data.length) {
            out.add(Arrays.copyOfRange(data, at, data.length));
        }
        return out;
    }

    @Override
    public byte[] receive(int maxBytes) {
        ByteReceiveStream.checkMaxBytes(maxBytes);
        Weft.checkpoint();
        if (closed) {
            throw new ClosedResourceError("this chunked stream is closed");
        }
        byte[] chunk = chunks.poll();
        if (chunk == null) {
            throw new EndOfStream("the chunked stream has ended");
        }
        if (chunk.length <= maxBytes) {
            return chunk;
        }
        chunks.addFirst(Arrays.copyOfRange(chunk, maxBytes, chunk.length));
        return Arrays.copyOf(chunk, maxBytes);
    }

    @Override
    public void send(byte[] data) {
        Weft.checkpoint();
    }

    @Override
    public void sendEof() {}

    @Override
    public void close() {
        closed = true;
    }
}
