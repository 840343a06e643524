package io.weft.internal.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The channel under a {@code SpooledTemporaryFile}: bytes in memory until a write would take the
 * position past {@code maxSize}, then an unnamed file on disk (created in {@code dir}, opened, and
 * its name deleted at once, so nothing is left on disk whatever happens to the task later). Its
 * methods are synchronized because {@code rollover()} may be called beside the file's own
 * operations.
 */
public final class SpoolChannel implements SeekableByteChannel {
    // An array cannot hold more than this; a spool bigger than that rolls over whatever maxSize
    // says.
    private static final long MAX_IN_MEMORY = Integer.MAX_VALUE - 16;

    private final long maxSize;
    private final Path dir;
    private final String prefix;
    private final String suffix;
    private byte[] buf = new byte[64];
    private int size;
    private long position;
    private FileChannel disk; // null until rolled over
    private boolean open = true;

    /** A spool that rolls over to a file in {@code dir} named {@code prefix...suffix}. */
    public SpoolChannel(long maxSize, Path dir, String prefix, String suffix) {
        this.maxSize = Math.min(maxSize, MAX_IN_MEMORY);
        this.dir = dir;
        this.prefix = prefix;
        this.suffix = suffix;
    }

    /** Whether the bytes are on disk. */
    public synchronized boolean rolledOver() {
        return disk != null;
    }

    /** Moves the bytes to an unnamed file on disk, keeping the position; nothing if done before. */
    public synchronized void rollover() throws IOException {
        ensureOpen();
        if (disk != null) {
            return;
        }
        Path p = Files.createTempFile(dir, prefix, suffix);
        FileChannel c = null;
        try {
            c = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(p);
            ByteBuffer all = ByteBuffer.wrap(buf, 0, size);
            while (all.hasRemaining()) {
                c.write(all);
            }
            c.position(position);
        } catch (IOException | RuntimeException | Error e) {
            if (c != null) {
                c.close();
            }
            Files.deleteIfExists(p);
            throw e;
        }
        disk = c;
        buf = null;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (disk != null) {
            return disk.read(dst);
        }
        if (position >= size) {
            return dst.hasRemaining() ? -1 : 0;
        }
        int n = (int) Math.min(dst.remaining(), size - position);
        dst.put(buf, (int) position, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        ensureOpen();
        int n = src.remaining();
        if (disk == null && position + n > maxSize) {
            rollover();
        }
        if (disk != null) {
            return disk.write(src);
        }
        int end = (int) (position + n);
        if (end > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(MAX_IN_MEMORY, Math.max(end, 2L * buf.length)));
        }
        src.get(buf, (int) position, n);
        position = end;
        size = Math.max(size, end);
        return n;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return disk != null ? disk.position() : position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position: " + newPosition);
        }
        if (disk != null) {
            disk.position(newPosition);
        } else if (newPosition > MAX_IN_MEMORY) {
            rollover();
            disk.position(newPosition);
        } else {
            position = newPosition;
        }
        return this;
    }

    @Override
    public synchronized long size() throws IOException {
        ensureOpen();
        return disk != null ? disk.size() : size;
    }

    @Override
    public synchronized SeekableByteChannel truncate(long newSize) throws IOException {
        ensureOpen();
        if (newSize < 0) {
            throw new IllegalArgumentException("negative size: " + newSize);
        }
        if (disk != null) {
            disk.truncate(newSize);
        } else {
            if (newSize < size) {
                // zeroed so that a later write past the end reads back zeros in the gap
                Arrays.fill(buf, (int) newSize, size, (byte) 0);
                size = (int) newSize;
            }
            position = Math.min(position, newSize);
        }
        return this;
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        buf = null;
        if (disk != null) {
            disk.close();
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
