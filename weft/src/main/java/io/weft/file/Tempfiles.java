package io.weft.file;

import io.weft.CancelScope;
import io.weft.CheckedCallable;
import io.weft.CheckedRunnable;
import io.weft.internal.Task;
import io.weft.internal.file.FileMode;
import io.weft.sync.CapacityLimiter;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Python's {@code tempfile} functions: {@link #gettempdir()}, {@link #mkstemp} and {@link
 * #mkdtemp}. Unlike the temporary file types ({@link TemporaryFile}, {@link NamedTemporaryFile},
 * {@link SpooledTemporaryFile}, {@link TemporaryDirectory}), what these make is the caller's: it
 * stays until the caller removes it, as in Python.
 *
 * <p>Making a file or directory runs in a worker thread ({@code ToThread}, under the options'
 * limiter, or the runtime's default thread limiter) and is a checkpoint: a caller already cancelled
 * throws {@code Cancelled} before anything is made, and a cancellation that comes while the worker
 * runs waits for it and is delivered at the caller's next checkpoint, after this returned what it
 * made (so nothing is made that the caller does not get).
 */
public final class Tempfiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_";

    private Tempfiles() {}

    /**
     * The directory temporary files are made in by default: the JDK's {@code java.io.tmpdir}. Reads
     * a system property only: not a checkpoint (AnyIO's is awaited because Python's may probe the
     * file system; the JDK's does not).
     */
    public static AsyncPath gettempdir() {
        return AsyncPath.of(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@link #mkstemp(TempfileOptions)} with the defaults (mode {@code "w+b"}). */
    public static NamedTemporaryFile mkstemp() throws IOException {
        return mkstemp(TempfileOptions.defaults());
    }

    /**
     * Makes a new file (readable and writable by its owner only) named {@code prefix}, random
     * letters and {@code suffix} in the options' directory, and opens it in the options' mode.
     * Python's {@code (fd, path)} pair is a {@link NamedTemporaryFile} that is <em>not</em> deleted
     * on close: closing it closes the file, and the file stays for the caller. A checkpoint; a
     * cancellation while the file is made waits for it and is delivered at the next checkpoint.
     *
     * @throws NullPointerException if {@code options} is null (the message says what to pass)
     * @throws IllegalArgumentException if the mode is not a valid mode
     * @throws IOException if the file cannot be made or opened
     */
    public static NamedTemporaryFile mkstemp(TempfileOptions options) throws IOException {
        return NamedTemporaryFile.make(false, options);
    }

    /**
     * {@link #mkdtemp(String, String, Path)} with prefix {@code "tmp"}, no suffix, the default
     * directory.
     */
    public static AsyncPath mkdtemp() throws IOException {
        return mkdtemp(null, null, null);
    }

    /**
     * Makes a new directory (its owner's only) named {@code prefix}, random letters and {@code
     * suffix} in {@code dir}, and returns its path; it stays until the caller removes it. Null
     * means the default: {@code "tmp"}, no suffix, {@link #gettempdir()}. A checkpoint; a
     * cancellation while it is made waits for it and is delivered at the next checkpoint.
     *
     * @throws IOException if the directory cannot be made ({@code NoSuchFileException} if {@code
     *     dir} does not exist)
     */
    public static AsyncPath mkdtemp(String prefix, String suffix, Path dir) throws IOException {
        Path parent = dir != null ? dir : gettempdir().toPath();
        String pre = prefix != null ? prefix : "tmp";
        String suf = suffix != null ? suffix : "";
        return AsyncPath.of(make(null, () -> makeDirectory(parent, pre, suf)));
    }

    // ------------------------------------------------------------------ shared by the types

    /** Checks {@code options} and its mode before anything is made. */
    static TempfileOptions check(TempfileOptions options) {
        Objects.requireNonNull(options, "options is null: pass TempfileOptions.defaults()");
        FileMode.parse(options.mode());
        return options;
    }

    /** Runs {@code fn}, which makes something, in a worker thread: a checkpoint, shielded. */
    static <T> T make(CapacityLimiter limiter, CheckedCallable<T, IOException> fn)
            throws IOException {
        return ToThread.runSync(ToThreadOptions.defaults().limiter(limiter), fn);
    }

    /**
     * Runs {@code fn}, which removes something, to the end whatever happens to the caller: in a
     * Weft task in a worker thread inside a shielded scope (the cancellation meets the caller at
     * its next checkpoint), elsewhere directly.
     */
    static void remove(CapacityLimiter limiter, CheckedRunnable<IOException> fn)
            throws IOException {
        if (Task.currentOrNull() == null) {
            fn.run();
            return;
        }
        CancelScope.shielded()
                .run(() -> ToThread.runSync(ToThreadOptions.defaults().limiter(limiter), fn));
    }

    /** Makes a directory with a fresh random name; in a worker thread. */
    static Path makeDirectory(Path parent, String prefix, String suffix) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        for (int attempt = 0; ; attempt++) {
            Path p = parent.resolve(prefix + randomLetters() + suffix);
            try {
                return posix
                        ? Files.createDirectory(
                                p,
                                PosixFilePermissions.asFileAttribute(
                                        PosixFilePermissions.fromString("rwx------")))
                        : Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e; // 100 clashes of 8 random letters: something else is wrong
                }
            }
        }
    }

    private static String randomLetters() {
        StringBuilder b = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            b.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
        }
        return b.toString();
    }
}
