package io.weft.file;

import io.weft.sync.CapacityLimiter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A temporary file with a name ({@link #path()}) that other code can open, made in a directory
 * ({@link TempfileOptions#dir}, by default {@link Tempfiles#gettempdir()}) and opened in a mode
 * ({@code "w+b"} by default); Python's {@code NamedTemporaryFile}. Read and write it through {@link
 * #file()}, an ordinary {@link AsyncFile}. If made with {@code delete}, {@link #close()} closes the
 * file and deletes it, also when the closing task is cancelled.
 *
 * <pre>{@code
 * try (NamedTemporaryFile t = NamedTemporaryFile.create(true)) {
 *     t.file().write("data".getBytes());
 *     t.file().flush();
 *     otherTool(t.path());
 * } // closed and deleted
 * }</pre>
 *
 * <p>Its file's operations are checkpoints as {@link AsyncFile}'s are. Use after {@code close()}:
 * {@link io.weft.ClosedResourceError} from the file's operations.
 */
public final class NamedTemporaryFile implements AutoCloseable {
    private final AsyncFile file;
    private final AsyncPath path;
    private final boolean delete;
    private final CapacityLimiter limiter;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NamedTemporaryFile(AsyncFile file, Path path, boolean delete, CapacityLimiter limiter) {
        this.file = file;
        this.path = AsyncPath.of(path);
        this.delete = delete;
        this.limiter = limiter;
    }

    /** {@link #create(boolean, TempfileOptions)} with the defaults (mode {@code "w+b"}). */
    public static NamedTemporaryFile create(boolean delete) throws IOException {
        return create(delete, TempfileOptions.defaults());
    }

    /**
     * Makes a new file (its owner's only) named prefix, random letters and suffix in the options'
     * directory and opens it in the options' mode, in a worker thread. A checkpoint; a cancellation
     * while the file is made waits for it and is delivered at the next checkpoint, after this
     * returned the file (or, if it comes before the file is open, after the file was deleted).
     *
     * @param delete whether {@link #close()} deletes the file
     * @throws NullPointerException if {@code options} is null (the message says what to pass)
     * @throws IllegalArgumentException if the mode is not a valid mode (nothing is made)
     * @throws IOException if the file cannot be made or opened ({@code NoSuchFileException} if the
     *     directory does not exist)
     */
    public static NamedTemporaryFile create(boolean delete, TempfileOptions options)
            throws IOException {
        return make(delete, options);
    }

    static NamedTemporaryFile make(boolean delete, TempfileOptions options) throws IOException {
        Tempfiles.check(options);
        CapacityLimiter limiter = options.fileOptions().limiter();
        Path dir = options.directory();
        Path p =
                Tempfiles.make(
                        limiter,
                        () -> Files.createTempFile(dir, options.prefix(), options.suffix()));
        AsyncFile f;
        try {
            // Its leading checkpoint may throw Cancelled: the file made above is removed then.
            f = AsyncFile.open(p, options.mode(), options.fileOptions());
        } catch (Throwable t) {
            try {
                Tempfiles.remove(limiter, () -> Files.deleteIfExists(p));
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
        return new NamedTemporaryFile(f, p, delete, limiter);
    }

    /** The open file. Not a checkpoint. */
    public AsyncFile file() {
        return file;
    }

    /** The file's path (it stays valid after close, naming a file that is gone if deleted). */
    public AsyncPath path() {
        return path;
    }

    /** Whether {@link #close()} deletes the file. */
    public boolean deletesOnClose() {
        return delete;
    }

    /** Whether {@link #close()} was called. Not a checkpoint. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the file and, if made with {@code delete}, deletes it (nothing if it is gone already).
     * Shielded: done to the end also when the task is cancelled, and the cancellation is delivered
     * at the next checkpoint. Idempotent.
     *
     * @throws IOException if closing or deleting failed (the file is closed anyway)
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            file.close();
        } finally {
            if (delete) {
                Tempfiles.remove(limiter, () -> Files.deleteIfExists(path.toPath()));
            }
        }
    }

    @Override
    public String toString() {
        return "NamedTemporaryFile[" + path + (delete ? ", delete" : "") + "]";
    }
}
