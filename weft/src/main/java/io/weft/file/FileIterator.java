package io.weft.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The lines or chunks of an {@link AsyncFile}, read one at a time as the loop asks for them: an
 * {@code Iterator} that is also its own {@code Iterable}, for the for-each loop (once).
 *
 * <pre>{@code
 * for (String line : file.lines()) { ... }
 * }</pre>
 *
 * <p>Each {@code hasNext()} that must read is a checkpoint and reads as the file's own methods do
 * (under the limiter, where no interrupt reaches the channel); a cancellation waits for that read
 * and is delivered at the next checkpoint, and the item read is kept for the next {@code next()}.
 * An {@link IOException} is thrown as {@link UncheckedIOException} (an iterator cannot throw it),
 * as the JDK's {@code Files.lines} does; the file stays open and usable.
 *
 * @param <T> {@code String} lines or {@code byte[]} chunks
 */
public final class FileIterator<T> implements Iterator<T>, Iterable<T> {
    /** One read: the next item, or null at the end. */
    @FunctionalInterface
    interface Step<T> {
        T next() throws IOException;
    }

    private final Step<T> step;
    private T item;
    private boolean ended;

    FileIterator(Step<T> step) {
        this.step = step;
    }

    /**
     * Whether there is another item, reading it if needed.
     *
     * @throws UncheckedIOException if reading failed
     * @throws io.weft.ClosedResourceError if the file was closed
     */
    @Override
    public boolean hasNext() {
        if (item == null && !ended) {
            try {
                item = step.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ended = item == null;
        }
        return item != null;
    }

    /**
     * The next line or chunk.
     *
     * @throws NoSuchElementException at the end of the file
     */
    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the end of the file");
        }
        T t = item;
        item = null;
        return t;
    }

    /** This iterator itself: a for-each loop continues where an earlier one stopped. */
    @Override
    public Iterator<T> iterator() {
        return this;
    }
}
