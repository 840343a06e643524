package io.weft.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Python's {@code TemporaryFile}: a file with no name, gone from the disk once it is closed (Linux:
 * it is made, opened, and its name deleted at once). It is an ordinary {@link AsyncFile}; a wrapper
 * would add nothing to it.
 *
 * <pre>{@code
 * try (AsyncFile f = TemporaryFile.create()) {
 *     f.write(data);
 *     f.seek(0);
 *     byte[] back = f.read();
 * }
 * }</pre>
 */
public final class TemporaryFile {
    private TemporaryFile() {}

    /** {@link #create(TempfileOptions)} with the defaults (mode {@code "w+b"}). */
    public static AsyncFile create() throws IOException {
        return create(TempfileOptions.defaults());
    }

    /**
     * Makes a file in the options' directory, opens it in the options' mode, and deletes its name,
     * in worker threads. A checkpoint; a cancellation while it is made waits for it and is
     * delivered at the next checkpoint, after this returned the file (or, if it comes before the
     * file is open, after the file was deleted). The file's {@link AsyncFile#path()} names no file.
     *
     * @throws NullPointerException if {@code options} is null (the message says what to pass)
     * @throws IllegalArgumentException if the mode is not a valid mode (nothing is made)
     * @throws IOException if the file cannot be made, opened or unlinked
     */
    public static AsyncFile create(TempfileOptions options) throws IOException {
        NamedTemporaryFile named = NamedTemporaryFile.make(true, options);
        Path p = named.path().toPath();
        try {
            // shielded: no checkpoint can come between the open and the unlink
            Tempfiles.remove(options.fileOptions().limiter(), () -> Files.delete(p));
        } catch (Throwable t) {
            try {
                named.close();
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
        return named.file();
    }
}
