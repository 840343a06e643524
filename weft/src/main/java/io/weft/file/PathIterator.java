package io.weft.file;

import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.Weft;
import io.weft.internal.Secrets;
import io.weft.internal.file.BatchSource;
import io.weft.internal.thread.WorkerCall;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A lazy, cancellable iteration over the file system: the entries of {@link AsyncPath#iterdir()},
 * the matches of {@link AsyncPath#glob(String)} and {@link AsyncPath#rglob(String)}, the
 * directories of {@link AsyncPath#walk()}. Use it once, in a try-with-resources:
 *
 * <pre>{@code
 * try (PathIterator<AsyncPath> entries = dir.iterdir()) {
 *     for (AsyncPath entry : entries) {
 *         System.out.println(entry.name());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Steps.</b> Elements are fetched a batch at a time in a worker thread through {@link
 * ToThread} under the path's limiter ({@code iterdir}: up to 128 entries, then up to twice as many
 * per step, up to 4,096; {@code glob}: as many matches; a batch short of its maximum is the last;
 * {@code walk}: one directory per step, since the next step depends on how the caller pruned the
 * last). {@link #hasNext()} runs a step when the current batch is used up; the other calls never
 * block. A batched iterator reads ahead: when a full batch arrives and a limiter token is free at
 * that moment, the next step starts at once in another worker, so that the directory is read while
 * the caller uses the batch it has (with no token free, the step runs when {@code hasNext} needs
 * it, waiting for a token then).
 *
 * <p><b>Cancellation.</b> A step is a checkpoint that abandons its worker when the caller is
 * cancelled ({@code abandonOnCancel}, as AnyIO's iterators do): {@code hasNext} throws {@link
 * Cancelled} at once, the iterator is closed (the batch being fetched is lost), and the worker
 * releases the directory handle when its step ends.
 *
 * <p><b>Closing.</b> {@link #close()} releases the open directory handle at once ({@code iterdir}
 * holds one between steps; {@code glob} and {@code walk} close each listing within its step), or,
 * if a step is still running (one reading ahead, or an abandoned one), as soon as that step ends;
 * its limiter token is given back after that. It is idempotent, not a checkpoint, and never blocks.
 * After it, {@code hasNext} and {@code next} throw {@link ClosedResourceError}.
 *
 * <p><b>Errors.</b> An {@code IOException} of a later step comes out of {@code hasNext} as an
 * {@link UncheckedIOException} whose cause is the JDK's own exception (the convention of {@link
 * java.nio.file.Files#list}), since {@code Iterator} cannot throw checked exceptions, and closes
 * the iterator. {@code iterdir} opens the directory before it returns, so a missing directory or a
 * file is the checked {@code NoSuchFileException} or {@code NotDirectoryException} of {@code
 * iterdir} itself; {@code glob} and {@code walk} skip directories they cannot list, as pathlib
 * does.
 *
 * <p>Not thread-safe: one task iterates.
 *
 * @param <T> {@link AsyncPath} or {@link WalkEntry}
 */
public final class PathIterator<T> implements Iterator<T>, Iterable<T>, AutoCloseable {
    // Few hand-offs to the worker (seven for 10,000 entries), a small first wait.
    private static final int FIRST_BATCH = 128;
    private static final int MAX_BATCH = 4096;

    private final BatchSource<?> source;
    private final Function<Object, T> wrap;
    private final ToThreadOptions options;
    private final boolean batched;

    private List<?> batch = List.of();
    private int position;
    private int batchSize = FIRST_BATCH;
    private boolean ended;
    private boolean iteratorTaken;
    private WorkerCall ahead; // the next batch's step, started when this one arrived; or null

    // Guards the hand-over of the source between the caller and a worker: a release during an
    // (abandoned) step leaves the source to the worker, which closes it when the step ends.
    private final Object lock = new Object();
    private boolean stepRunning;
    private boolean releasePending;
    private boolean released;
    private boolean closed; // by the caller (or a failed step): further use is an error

    /**
     * An iterator over {@code source}'s elements, each wrapped by {@code wrap} in the caller, its
     * steps run with {@code options} (made abandoning). {@code batched}: the source fills every
     * batch but the last ({@code iterdir}, {@code glob}), so batches grow and a short one ends the
     * iteration; otherwise ({@code walk}) only an empty one does.
     */
    @SuppressWarnings("unchecked")
    <S> PathIterator(
            BatchSource<S> source,
            Function<? super S, T> wrap,
            ToThreadOptions options,
            boolean batched) {
        this.source = source;
        this.wrap = (Function<Object, T>) wrap;
        this.options = options.abandonOnCancel(true);
        this.batched = batched;
    }

    /**
     * Runs the first step now, in the caller, so that its {@code IOException} is checked; on any
     * failure (or cancellation) the iterator is closed.
     */
    PathIterator<T> openNow() throws IOException {
        try {
            fetch();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return this;
    }

    /**
     * Whether there is a next element: a step in a worker thread if the current batch is used up (a
     * checkpoint, abandoned on cancellation), else no wait at all.
     *
     * @throws ClosedResourceError if the iterator was closed
     * @throws UncheckedIOException if the step failed (the cause is the JDK's exception)
     * @throws Cancelled if the caller was cancelled during a step (the iterator is then closed)
     */
    @Override
    public boolean hasNext() {
        ensureOpen();
        if (position < batch.size()) {
            return true;
        }
        if (ended) {
            return false;
        }
        fetch();
        return position < batch.size();
    }

    /**
     * The next element.
     *
     * @throws NoSuchElementException if there is none
     * @throws ClosedResourceError if the iterator was closed
     * @throws UncheckedIOException as {@link #hasNext()}
     * @throws Cancelled as {@link #hasNext()}
     */
    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return wrap.apply(batch.get(position++));
    }

    /**
     * This iterator, for a for-each loop; once only (as a {@link java.nio.file.DirectoryStream}).
     *
     * @throws IllegalStateException if called before
     * @throws ClosedResourceError if the iterator was closed
     */
    @Override
    public Iterator<T> iterator() {
        ensureOpen();
        if (iteratorTaken) {
            throw new IllegalStateException(
                    "iterator() already called: a PathIterator is used once");
        }
        iteratorTaken = true;
        return this;
    }

    /**
     * Releases the directory handle (at once, or when a step still running ends). Idempotent; not a
     * checkpoint; never blocks.
     *
     * @throws UncheckedIOException if closing the directory failed (the JDK's exception is the
     *     cause)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ahead != null) {
            ahead.abandon();
            ahead = null;
        }
        release();
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedResourceError("the path iterator was closed");
        }
    }

    private void fetch() {
        int max = batchSize;
        WorkerCall call = ahead;
        ahead = null;
        List<?> got;
        try {
            if (call == null) {
                got = ToThread.runSync(options, () -> step(max));
            } else {
                Weft.checkpoint(); // a step is a checkpoint, also when its batch is already here
                got = (List<?>) call.await();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) { // Cancelled included: the step was abandoned
            if (call != null) {
                call.abandon(); // if the checkpoint threw: the batch fetched ahead is dropped
            }
            close();
            throw e;
        } catch (Throwable e) {
            close();
            // The step throws only IOException, RuntimeException or Error; await() declares more.
            throw Secrets.sneakyThrow(e);
        }
        batch = got;
        position = 0;
        // A batched source fills every batch but the last, so a short one saves the empty step.
        if (got.isEmpty() || (batched && got.size() < max)) {
            ended = true;
            release(); // the end: no need to hold the handle until the caller closes
        } else if (batched) {
            int next = batchSize = Math.min(batchSize * 2, MAX_BATCH);
            // Read the next batch while the caller uses this one, if a token is free now.
            ahead = WorkerCall.startIfTokenFree(options, () -> step(next));
        }
    }

    /** Closes the source now, or has the running step close it when it ends. */
    private void release() {
        synchronized (lock) {
            if (released) {
                return;
            }
            if (stepRunning) {
                releasePending = true;
                return;
            }
            released = true;
        }
        closeSource();
    }

    private List<?> step(int max) throws IOException {
        synchronized (lock) {
            if (released || releasePending) {
                return List.of();
            }
            stepRunning = true;
        }
        try {
            return source.next(max);
        } finally {
            boolean closeNow;
            synchronized (lock) {
                stepRunning = false;
                closeNow = releasePending && !released;
                released |= closeNow;
            }
            if (closeNow) {
                closeSource();
            }
        }
    }

    private void closeSource() {
        try {
            source.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
