package io.weft.internal.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * The read-ahead of a binary file open for reading on a regular file: one worker round trip reads
 * up to {@value #SIZE} bytes (1 MiB) into a direct buffer, and the small reads that follow are
 * served from it in the calling task (a checkpoint, no thread), so reading in 64 KiB chunks costs
 * one hand-off per {@value #SIZE} bytes instead of one per chunk. The buffer is direct, so the JDK
 * reads into it without the temporary direct buffer it uses for a heap buffer: the bytes are copied
 * as often as by a plain {@code FileChannel.read} into a heap buffer.
 *
 * <p>Only regular files read ahead: a read past what was asked never blocks on one (it returns
 * short at the end), while on a FIFO it would wait for data nobody asked for. The channel's
 * position is ahead of the file's logical position by {@link #available()}; every operation that
 * positions, writes or truncates first {@link #discard}s the read-ahead (moving the channel back).
 * All methods run under the handle's lock.
 */
public final class ReadAhead {
    /** How many bytes one read-ahead reads. */
    public static final int SIZE = 1024 * 1024;

    private ByteBuffer buf; // read mode; null until the first fill

    /** The bytes read ahead and not taken yet. */
    public int available() {
        return buf == null ? 0 : buf.remaining();
    }

    /** Moves as many read-ahead bytes as fit into {@code dst}; returns how many. */
    public int take(ByteBuffer dst) {
        int n = Math.min(available(), dst.remaining());
        if (n > 0) {
            ByteBuffer slice = buf.slice(buf.position(), n);
            dst.put(slice);
            buf.position(buf.position() + n);
        }
        return n;
    }

    /** Takes exactly {@code n} bytes, which must be available. */
    public byte[] take(int n) {
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    /**
     * Reads ahead once (the buffer must be empty); returns what the channel's read returned. The
     * buffer is sized to what is left of the file, up to {@value #SIZE} bytes, so that a small file
     * holds a small buffer.
     */
    public int fill(SeekableByteChannel ch) throws IOException {
        long left = ch.size() - ch.position();
        int want = (int) Math.max(8192, Math.min(SIZE, left + 1)); // + 1: see the end at once
        if (buf == null || buf.capacity() < want) {
            buf = ByteBuffer.allocateDirect(want);
        }
        buf.clear();
        int n;
        try {
            n = ch.read(buf);
        } finally {
            buf.flip();
        }
        return n;
    }

    /** The file's logical position: the channel's, less what was read ahead. */
    public long position(SeekableByteChannel ch) throws IOException {
        return ch.position() - available();
    }

    /** Forgets the read-ahead, first moving the channel back to the logical position. */
    public void discard(SeekableByteChannel ch) throws IOException {
        if (available() > 0) {
            ch.position(position(ch));
            buf.clear().flip();
        }
    }
}
