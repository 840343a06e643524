package io.weft.file;

import io.weft.sync.CapacityLimiter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How {@link AsyncFile#open(java.nio.file.Path, String, FileOptions)} opens a file: the charset and
 * newline handling of text mode, and the limiter its operations run under. Immutable; each setter
 * returns a new instance.
 *
 * <pre>{@code
 * var latin1 = FileOptions.defaults().charset(StandardCharsets.ISO_8859_1).newline("");
 * try (AsyncFile f = AsyncFile.open(path, "r", latin1)) { ... }
 * }</pre>
 */
public final class FileOptions {
    private static final FileOptions DEFAULTS = new FileOptions(StandardCharsets.UTF_8, null, null);

    private final Charset charset;
    private final String newline;
    private final CapacityLimiter limiter;

    private FileOptions(Charset charset, String newline, CapacityLimiter limiter) {
        this.charset = charset;
        this.newline = newline;
        this.limiter = limiter;
    }

    /** UTF-8, universal newlines, the runtime's default thread limiter. */
    public static FileOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with {@code charset} for text mode (ignored in binary mode). Decoding and
     * encoding are strict: bytes that are not valid in it, or characters it cannot encode, are the
     * JDK's {@link java.nio.charset.CharacterCodingException} (an {@code IOException}), as {@code
     * Files.readString} reports them.
     *
     * @throws NullPointerException if {@code charset} is null
     */
    public FileOptions charset(Charset charset) {
        Objects.requireNonNull(
                charset, "charset is null: pass StandardCharsets.UTF_8 (the default)");
        return new FileOptions(charset, newline, limiter);
    }

    /**
     * These options with Python's {@code newline} for text mode: {@code null} (the default) reads
     * {@code \n}, {@code \r} and {@code \r\n} as {@code \n} and writes {@code \n} as the platform's
     * line separator; {@code ""} splits lines at any of the three and translates nothing; {@code
     * "\n"}, {@code "\r"} or {@code "\r\n"} splits lines only at that string and writes {@code \n}
     * as it.
     *
     * @throws IllegalArgumentException if {@code newline} is none of these
     */
    public FileOptions newline(String newline) {
        if (newline != null
                && !newline.isEmpty()
                && !newline.equals("\n")
                && !newline.equals("\r")
                && !newline.equals("\r\n")) {
            throw new IllegalArgumentException(
                    "illegal newline "
                            + escape(newline)
                            + ": pass null (universal newlines), \"\", \"\\n\", \"\\r\" or \"\\r\\n\"");
        }
        return new FileOptions(charset, newline, limiter);
    }

    /**
     * These options with {@code limiter} bounding how many file operations run at once (each
     * borrows a token while it runs, in the task or in a worker thread); null for {@link
     * io.weft.thread.ToThread#currentDefaultThreadLimiter()} (the default).
     */
    public FileOptions limiter(CapacityLimiter limiter) {
        return new FileOptions(charset, newline, limiter);
    }

    /** The charset of text mode. */
    public Charset charset() {
        return charset;
    }

    /** The newline setting of text mode (null: universal newlines). */
    public String newline() {
        return newline;
    }

    /** The limiter, or null for the runtime's default thread limiter. */
    public CapacityLimiter limiter() {
        return limiter;
    }

    static String escape(String s) {
        return s == null
                ? "null"
                : "\"" + s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    @Override
    public String toString() {
        return "FileOptions[charset="
                + charset
                + ", newline="
                + escape(newline)
                + (limiter != null ? ", limiter=" + limiter : "")
                + "]";
    }
}
