package io.weft.file;

import io.weft.ClosedResourceError;
import io.weft.internal.file.SpoolChannel;
import java.io.IOException;

/**
 * Python's {@code SpooledTemporaryFile}: a temporary file kept in memory until a write takes it
 * past {@code maxSize} bytes, then rolled over to a file on disk that has no name (made in the
 * options' directory and unlinked at once), so nothing is ever left on disk. Read and write it
 * through {@link #file()}, an ordinary {@link AsyncFile} (binary or text, by the options' mode);
 * {@link #rolledOver()} says where the bytes are.
 *
 * <pre>{@code
 * try (SpooledTemporaryFile s = SpooledTemporaryFile.create(1 << 20)) {
 *     s.file().write(chunk);          // in memory while at most 1 MiB
 *     boolean onDisk = s.rolledOver();
 * }
 * }</pre>
 *
 * <p>The file's operations run in worker threads, as a wrapped channel's do, also while the bytes
 * are in memory (a rollover to disk can happen inside any write), and are checkpoints. Use after
 * {@code close()}: {@link ClosedResourceError}.
 */
public final class SpooledTemporaryFile implements AutoCloseable {
    private final SpoolChannel spool;
    private final AsyncFile file;

    private SpooledTemporaryFile(SpoolChannel spool, AsyncFile file) {
        this.spool = spool;
        this.file = file;
    }

    /** {@link #create(long, TempfileOptions)} with the defaults (mode {@code "w+b"}). */
    public static SpooledTemporaryFile create(long maxSize) throws IOException {
        return create(maxSize, TempfileOptions.defaults());
    }

    /**
     * A new, empty spooled file that rolls over to disk once a write takes its position past {@code
     * maxSize} bytes (0: at the first write of anything). Nothing is made on disk yet. Not a
     * checkpoint.
     *
     * @throws IllegalArgumentException if {@code maxSize} is negative, or the mode is not a valid
     *     mode
     * @throws NullPointerException if {@code options} is null (the message says what to pass)
     */
    public static SpooledTemporaryFile create(long maxSize, TempfileOptions options)
            throws IOException {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must be 0 or more, not " + maxSize);
        }
        Tempfiles.check(options);
        SpoolChannel spool =
                new SpoolChannel(maxSize, options.directory(), options.prefix(), options.suffix());
        return new SpooledTemporaryFile(
                spool, AsyncFile.over(spool, options.mode(), options.fileOptions()));
    }

    /** The file. Not a checkpoint. */
    public AsyncFile file() {
        return file;
    }

    /** Whether the bytes are on disk. Not a checkpoint. */
    public boolean rolledOver() {
        return spool.rolledOver();
    }

    /**
     * Moves the bytes to disk now, keeping the position (nothing if done before), in a worker
     * thread. A checkpoint; a cancellation while it runs waits for it and is delivered at the next
     * checkpoint.
     *
     * @throws ClosedResourceError if the file was closed
     * @throws IOException if the disk file cannot be made or written
     */
    public void rollover() throws IOException {
        if (file.isClosed()) {
            throw new ClosedResourceError("this file is closed");
        }
        Tempfiles.make(
                file.limiter(),
                () -> {
                    spool.rollover();
                    return null;
                });
    }

    /** Whether {@link #close()} was called. Not a checkpoint. */
    public boolean isClosed() {
        return file.isClosed();
    }

    /**
     * Closes the file, dropping the bytes (the disk file, if any, has no name and is gone with it).
     * Shielded as {@link AsyncFile#close()}. Idempotent.
     *
     * @throws IOException if closing failed (the file is closed anyway)
     */
    @Override
    public void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return "SpooledTemporaryFile[" + (rolledOver() ? "on disk" : "in memory") + "]";
    }
}
