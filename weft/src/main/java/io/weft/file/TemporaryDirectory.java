package io.weft.file;

import io.weft.internal.file.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Python's {@code TemporaryDirectory}: a new directory ({@link #path()}) that {@link #close()} (or
 * {@link #cleanup()}) removes with everything in it ({@link AsyncPath#rmtree()}: symbolic links are
 * removed, never followed), also when the closing task is cancelled.
 *
 * <pre>{@code
 * try (TemporaryDirectory tmp = TemporaryDirectory.create()) {
 *     tmp.path().resolve("notes.txt").writeText("hello");
 * } // gone
 * }</pre>
 */
public final class TemporaryDirectory implements AutoCloseable {
    private final AsyncPath path;
    private final AtomicBoolean cleaned = new AtomicBoolean();

    private TemporaryDirectory(AsyncPath path) {
        this.path = path;
    }

    /**
     * {@link #create(String, String, Path)} with prefix {@code "tmp"}, no suffix, the default
     * directory.
     */
    public static TemporaryDirectory create() throws IOException {
        return create(null, null, null);
    }

    /**
     * Makes a new directory (its owner's only) named {@code prefix}, random letters and {@code
     * suffix} in {@code dir}, in a worker thread. Null means the default: {@code "tmp"}, no suffix,
     * {@link Tempfiles#gettempdir()}. A checkpoint; a cancellation while it is made waits for it
     * and is delivered at the next checkpoint, after this returned the directory.
     *
     * @throws IOException if it cannot be made ({@code NoSuchFileException} if {@code dir} does not
     *     exist)
     */
    public static TemporaryDirectory create(String prefix, String suffix, Path dir)
            throws IOException {
        return new TemporaryDirectory(Tempfiles.mkdtemp(prefix, suffix, dir));
    }

    /** The directory (it stays valid after cleanup, naming a directory that is gone). */
    public AsyncPath path() {
        return path;
    }

    /** Whether {@link #cleanup()} or {@link #close()} was called. Not a checkpoint. */
    public boolean isCleanedUp() {
        return cleaned.get();
    }

    /**
     * Removes the directory and everything in it (nothing if it is gone already), in a worker
     * thread. Shielded: done to the end also when the task is cancelled, and the cancellation is
     * delivered at the next checkpoint. Idempotent.
     *
     * @throws IOException the JDK's exception for the first removal that failed
     */
    public void cleanup() throws IOException {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        Path p = path.toPath();
        Tempfiles.remove(
                null,
                () -> {
                    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                        Trees.rmtree(p);
                    }
                });
    }

    /** {@link #cleanup()}. */
    @Override
    public void close() throws IOException {
        cleanup();
    }

    @Override
    public String toString() {
        return "TemporaryDirectory[" + path + "]";
    }
}
