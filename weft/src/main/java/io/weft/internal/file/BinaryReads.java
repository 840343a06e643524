package io.weft.internal.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/**
 * The reads of a binary file, run under the handle's lock by {@link FileHandle#call}: each reads
 * what is asked from the channel and nothing more, so the channel's position is the file's.
 */
public final class BinaryReads {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final int SMALL = 64 * 1024;

    private BinaryReads() {}

    /** Reads {@code n} bytes, fewer only at the end ({@code Integer.MAX_VALUE}: to the end). */
    public static byte[] readUpTo(SeekableByteChannel ch, int n) throws IOException {
        int max = Math.min(n, MAX_ARRAY);
        // A chunk-sized read allocates what is asked; only a bigger one asks the file's size (two
        // system calls) first, so that reading a small file to its end holds a small buffer.
        int cap =
                max <= SMALL
                        ? max
                        : (int) Math.min(max, Math.max(remaining(ch) + 1, SMALL)); // + 1: the end
        ByteBuffer buf = ByteBuffer.allocate(cap);
        for (; ; ) {
            if (!buf.hasRemaining()) {
                if (buf.capacity() >= max) {
                    break;
                }
                int bigger = (int) Math.min(max, buf.capacity() * 2L);
                buf = ByteBuffer.allocate(bigger).put(buf.flip());
            }
            if (ch.read(buf) < 0) {
                break;
            }
        }
        return buf.position() == buf.capacity()
                ? buf.array()
                : Arrays.copyOf(buf.array(), buf.position());
    }

    /** Reads until {@code dst} is full or the end; the count, or -1 if at the end already. */
    public static int readFully(SeekableByteChannel ch, ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = ch.read(dst);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    /** How many bytes are left to read, as a first buffer size: 0 if unknown (a FIFO). */
    private static long remaining(SeekableByteChannel ch) {
        try {
            return Math.max(0, ch.size() - ch.position());
        } catch (IOException e) {
            return 0; // not seekable ("Illegal seek"): the read itself will tell
        }
    }
}
