package io.weft.stream;

import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.NoRuntimeError;
import io.weft.WouldBlock;
import io.weft.internal.stream.MemoryChannelEnd;
import java.lang.ref.Reference;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The receiving end of a memory object stream (AnyIO's {@code MemoryObjectReceiveStream}), or one
 * clone of it. Made by {@link MemoryObjectStream#create(int)}; see there and {@code
 * docs/streams.md}.
 *
 * <p>Each item goes to exactly one receiver, whichever clone it receives through (work
 * distribution, not broadcast). Iterating receives until the end of the stream:
 *
 * <pre>{@code
 * try (rx) {
 *     for (String item : rx) {
 *         System.out.println("received " + item);
 *     }
 * }   // the loop ended because every send stream was closed and the buffer ran empty
 * }</pre>
 *
 * <p>Each clone is closed separately ({@link #close()}, or try-with-resources); the receiving end
 * counts as closed, and senders get {@link io.weft.BrokenResourceError}, when every clone is
 * closed. A clone that is garbage-collected without being closed is reported through the {@link
 * System.Logger} named {@code io.weft} at level WARNING; it is not closed by that.
 *
 * <p>Thread-safe. {@link #receive} and iteration must happen in a Weft task; every other method may
 * be called from any thread.
 *
 * @param <T> the type of the items
 */
public final class MemoryObjectReceiveStream<T> implements ObjectReceiveStream<T> {
    final MemoryChannelEnd end;

    MemoryObjectReceiveStream(MemoryChannelEnd end) {
        this.end = end;
        end.bind(this);
    }

    /**
     * Receives the next item: from the buffer, or from the first waiting sender, or waits for one.
     * A checkpoint, always: it throws {@link Cancelled} first if the task is cancelled. If this
     * throws {@code Cancelled}, nothing was consumed. An item handed to this call while it waits is
     * returned even if the task is cancelled at the same moment; the cancellation then hits at its
     * next checkpoint.
     *
     * @throws EndOfStream if every send stream is closed and the buffer is empty, also while
     *     waiting
     * @throws ClosedResourceError if this clone is closed, also while waiting
     * @throws NoRuntimeError if not called from a Weft task
     */
    @Override
    @SuppressWarnings("unchecked")
    public T receive() {
        try {
            return (T) end.channel().receive(end, this);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Receives the next item if that needs no waiting. Not a checkpoint; callable from any thread.
     *
     * @throws EndOfStream if every send stream is closed and the buffer is empty
     * @throws ClosedResourceError if this clone is closed
     * @throws WouldBlock if the buffer is empty and no sender is waiting; nothing was consumed
     */
    @SuppressWarnings("unchecked")
    public T receiveNowait() {
        return (T) end.channel().receiveNowait(end);
    }

    /**
     * An iterator that {@link #receive}s: {@code hasNext()} waits for the next item (a checkpoint,
     * like {@code receive}) and returns false at the end of the stream. It must be used in a Weft
     * task: {@code hasNext()} throws {@link NoRuntimeError} on any other thread. It throws {@link
     * Cancelled} if the task is cancelled and {@link ClosedResourceError} if this clone is closed.
     * Each call returns a new iterator over the same clone; items are consumed, not re-read.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                try {
                    next = receive();
                    return true;
                } catch (EndOfStream e) {
                    ended = true;
                    return false;
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("end of the memory object stream");
                }
                T item = next;
                next = null;
                return item;
            }
        };
    }

    /**
     * A new, independently closable clone of this receive stream. Not a checkpoint.
     *
     * @throws ClosedResourceError if this clone is closed
     */
    @Override
    public MemoryObjectReceiveStream<T> clone() {
        return new MemoryObjectReceiveStream<>(end.channel().cloneEnd(end));
    }

    /**
     * Closes this clone. Idempotent; never blocks; not a checkpoint. Tasks waiting in {@link
     * #receive} on this clone get {@link ClosedResourceError}. If this was the last open clone of
     * the receive stream, tasks waiting to send get {@link io.weft.BrokenResourceError} (their
     * items are not sent), and so does every later send; items left in the buffer are dropped with
     * the stream.
     */
    @Override
    public void close() {
        end.channel().close(end);
        Reference.reachabilityFence(this);
    }

    /** A snapshot of the stream's statistics (the same for every clone of either end). */
    public MemoryObjectStreamStatistics statistics() {
        return end.channel().statistics(MemoryObjectStreamStatistics::new);
    }

    /** Whether this clone is closed. */
    public boolean isClosed() {
        return end.isClosed();
    }

    @Override
    public String toString() {
        return end.name() + (end.isClosed() ? "[closed]" : "[open]");
    }
}
