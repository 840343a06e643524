package io.weft.internal.file;

import java.io.IOException;
import java.util.List;

/**
 * Plain blocking code that produces a lazy iterator's elements a batch at a time. A worker thread
 * calls {@link #next} (one call per step, never two at once); {@link #close} may come from another
 * thread, but never while a {@code next} runs (the iterator defers it until the step ends).
 */
public interface BatchSource<T> {
    /**
     * The next elements, at most {@code max}; an empty list at the end. A source that fills its
     * batches ({@code iterdir}, {@code glob}) returns fewer than {@code max} only at the end; one
     * whose next step depends on what the caller did with the last ({@code walk}) returns one per
     * step.
     */
    List<T> next(int max) throws IOException;

    /** Releases what the source holds open (a directory handle); idempotent. */
    void close() throws IOException;
}
