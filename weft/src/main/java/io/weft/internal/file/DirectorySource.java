package io.weft.internal.file;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The entries of one directory ({@code iterdir}): a {@link DirectoryStream} opened by the first
 * step and held open between steps, so that a directory of any size is read a batch at a time.
 */
public final class DirectorySource implements BatchSource<Path> {
    private final Path dir;
    private DirectoryStream<Path> stream;
    private Iterator<Path> entries;
    private boolean closed;

    /** A source of {@code dir}'s entries; nothing is opened before the first step. */
    public DirectorySource(Path dir) {
        this.dir = dir;
    }

    @Override
    public List<Path> next(int max) throws IOException {
        if (closed) {
            return List.of();
        }
        if (stream == null) {
            stream = Files.newDirectoryStream(dir);
            entries = stream.iterator();
        }
        List<Path> out = new ArrayList<>(Math.min(max, 4096));
        try {
            while (out.size() < max && entries.hasNext()) {
                out.add(entries.next());
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause(); // the JDK's own IOException, not its unchecked wrapper
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (stream != null) {
            stream.close();
        }
    }
}
