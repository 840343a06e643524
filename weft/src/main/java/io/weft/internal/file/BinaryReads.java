package io.weft.internal.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/**
 * The reads of a binary file, through its {@link ReadAhead} if it has one: run in the handle's
 * worker thread under its lock, like the {@link ReadAhead} they use.
 */
public final class BinaryReads {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final ReadAhead ahead; // null: read only what is asked

    /** Reads through {@code ahead}, or straight from the channel if it is null. */
    public BinaryReads(ReadAhead ahead) {
        this.ahead = ahead;
    }

    /** Reads {@code n} bytes, fewer only at the end ({@code Integer.MAX_VALUE}: to the end). */
    public byte[] readUpTo(SeekableByteChannel ch, int n) throws IOException {
        int max = Math.min(n, MAX_ARRAY);
        long left = remaining(ch);
        int cap = (int) Math.min(max, Math.max(left + 1, 8192)); // + 1: see the end at once
        ByteBuffer buf = ByteBuffer.allocate(cap);
        for (; ; ) {
            if (!buf.hasRemaining()) {
                if (buf.capacity() >= max) {
                    break;
                }
                int bigger = (int) Math.min(max, buf.capacity() * 2L);
                buf = ByteBuffer.allocate(bigger).put(buf.flip());
            }
            if (readSome(ch, buf) < 0) {
                break;
            }
        }
        return buf.position() == buf.capacity()
                ? buf.array()
                : Arrays.copyOf(buf.array(), buf.position());
    }

    /** Reads until {@code dst} is full or the end; the count, or -1 if at the end already. */
    public int readFully(SeekableByteChannel ch, ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = readSome(ch, dst);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    /**
     * One read into {@code dst}: from the read-ahead, or through it for a read smaller than it, or
     * straight from the channel; -1 at the end.
     */
    private int readSome(SeekableByteChannel ch, ByteBuffer dst) throws IOException {
        if (ahead == null) {
            return ch.read(dst);
        }
        if (ahead.available() == 0 && dst.remaining() < ReadAhead.SIZE) {
            int n = ahead.fill(ch);
            if (n <= 0) {
                return n;
            }
        }
        return ahead.available() > 0 ? ahead.take(dst) : ch.read(dst);
    }

    /** How many bytes are left to read, as a first buffer size: 0 if unknown (a FIFO). */
    private long remaining(SeekableByteChannel ch) {
        try {
            return Math.max(0, ch.size() - ch.position()) + (ahead != null ? ahead.available() : 0);
        } catch (IOException e) {
            return 0; // not seekable ("Illegal seek"): the read itself will tell
        }
    }
}
