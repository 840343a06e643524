package io.weft.file;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a temporary file is made: its mode (Python's mode strings, {@code "w+b"} by default), the
 * {@link FileOptions} of text mode and the limiter, and the prefix, suffix and directory of its
 * name (by default {@code "tmp"}, no suffix, and {@link Tempfiles#gettempdir()}). Immutable; each
 * setter returns a new instance.
 *
 * <pre>{@code
 * var text = TempfileOptions.defaults().mode("w+").suffix(".txt").dir(workDir);
 * try (NamedTemporaryFile t = NamedTemporaryFile.create(true, text)) { ... }
 * }</pre>
 */
public final class TempfileOptions {
    private static final TempfileOptions DEFAULTS =
            new TempfileOptions("w+b", FileOptions.defaults(), "tmp", "", null);

    private final String mode;
    private final FileOptions fileOptions;
    private final String prefix;
    private final String suffix;
    private final Path dir;

    private TempfileOptions(
            String mode, FileOptions fileOptions, String prefix, String suffix, Path dir) {
        this.mode = mode;
        this.fileOptions = fileOptions;
        this.prefix = prefix;
        this.suffix = suffix;
        this.dir = dir;
    }

    /**
     * Mode {@code "w+b"}, the default file options, prefix {@code "tmp"}, no suffix, the default
     * directory.
     */
    public static TempfileOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with {@code mode}, one of Python's mode strings that creates or truncates
     * ({@code "w+b"}, {@code "w+"}, {@code "wb"}, ...). It is checked when a file is made.
     *
     * @throws NullPointerException if {@code mode} is null (the message says what to pass)
     */
    public TempfileOptions mode(String mode) {
        Objects.requireNonNull(mode, "mode is null: pass \"w+b\" (binary) or \"w+\" (text)");
        return new TempfileOptions(mode, fileOptions, prefix, suffix, dir);
    }

    /**
     * These options with {@code fileOptions} (charset, newline, limiter).
     *
     * @throws NullPointerException if {@code fileOptions} is null (the message says what to pass)
     */
    public TempfileOptions fileOptions(FileOptions fileOptions) {
        Objects.requireNonNull(fileOptions, "fileOptions is null: pass FileOptions.defaults()");
        return new TempfileOptions(mode, fileOptions, prefix, suffix, dir);
    }

    /** These options with the name prefix {@code prefix}; null means {@code "tmp"}. */
    public TempfileOptions prefix(String prefix) {
        return new TempfileOptions(mode, fileOptions, prefix == null ? "tmp" : prefix, suffix, dir);
    }

    /** These options with the name suffix {@code suffix}; null means none. */
    public TempfileOptions suffix(String suffix) {
        return new TempfileOptions(mode, fileOptions, prefix, suffix == null ? "" : suffix, dir);
    }

    /** These options with the directory {@code dir}; null means {@link Tempfiles#gettempdir()}. */
    public TempfileOptions dir(Path dir) {
        return new TempfileOptions(mode, fileOptions, prefix, suffix, dir);
    }

    /** The mode string. */
    public String mode() {
        return mode;
    }

    /** The file options (charset, newline, limiter). */
    public FileOptions fileOptions() {
        return fileOptions;
    }

    /** The name prefix. */
    public String prefix() {
        return prefix;
    }

    /** The name suffix ({@code ""} for none). */
    public String suffix() {
        return suffix;
    }

    /** The directory, or null for {@link Tempfiles#gettempdir()}. */
    public Path dir() {
        return dir;
    }

    /** The directory the files are made in: {@link #dir()}, or the default one. */
    Path directory() {
        return dir != null ? dir : Tempfiles.gettempdir().toPath();
    }

    @Override
    public String toString() {
        return "TempfileOptions[mode="
                + mode
                + ", prefix="
                + prefix
                + ", suffix="
                + suffix
                + ", dir="
                + dir
                + ", "
                + fileOptions
                + "]";
    }
}
