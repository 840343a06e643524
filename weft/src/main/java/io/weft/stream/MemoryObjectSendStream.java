package io.weft.stream;

import io.weft.BrokenResourceError;
import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.NoRuntimeError;
import io.weft.WouldBlock;
import io.weft.internal.stream.MemoryChannelEnd;
import java.lang.ref.Reference;
import java.util.Objects;

/**
 * The sending end of a memory object stream (AnyIO's {@code MemoryObjectSendStream}), or one clone
 * of it. Made by {@link MemoryObjectStream#create(int)}; see there and {@code docs/streams.md}.
 *
 * <p>Each clone is closed separately ({@link #close()}, or try-with-resources); the sending end
 * counts as closed, and receivers get {@link io.weft.EndOfStream} once the buffer is empty, when
 * every clone is closed. A clone that is garbage-collected without being closed is reported through
 * the {@link System.Logger} named {@code io.weft} at level WARNING (AnyIO's {@code
 * ResourceWarning}); it is not closed by that.
 *
 * <p>Thread-safe. {@link #send} must be called from a Weft task; every other method may be called
 * from any thread, including threads that are not Weft tasks. Items must not be null.
 *
 * @param <T> the type of the items
 */
public final class MemoryObjectSendStream<T> implements ObjectSendStream<T> {
    private static final String ITEM_IS_NULL =
            "item is null: memory object streams do not carry null; send Optional.empty() or a"
                    + " sentinel object to mean \"nothing\"";

    final MemoryChannelEnd end;

    MemoryObjectSendStream(MemoryChannelEnd end) {
        this.end = end;
        end.bind(this);
    }

    /**
     * Sends {@code item}: hands it to the first waiting receiver, or puts it into the buffer, or
     * waits until one of those is possible. A checkpoint, always: it throws {@link Cancelled} first
     * if the task is cancelled. If this throws {@code Cancelled}, the item was not sent; if it
     * returns, the item was handed to a receiver or buffered (on a rendezvous stream, a receiver
     * has taken it).
     *
     * @throws NullPointerException if {@code item} is null (nothing is sent, and it is not a
     *     checkpoint)
     * @throws ClosedResourceError if this clone is closed, also while waiting
     * @throws BrokenResourceError if every receive stream is closed, also while waiting
     * @throws NoRuntimeError if not called from a Weft task
     */
    @Override
    public void send(T item) {
        Objects.requireNonNull(item, ITEM_IS_NULL);
        try {
            end.channel().send(end, item, this);
        } finally {
            Reference.reachabilityFence(this); // not "unclosed garbage" while its send waits
        }
    }

    /**
     * Sends {@code item} if that needs no waiting: to the first waiting receiver, else into the
     * buffer. Not a checkpoint; callable from any thread.
     *
     * @throws NullPointerException if {@code item} is null
     * @throws ClosedResourceError if this clone is closed
     * @throws BrokenResourceError if every receive stream is closed
     * @throws WouldBlock if the buffer is full and no receiver is waiting; nothing was sent
     */
    public void sendNowait(T item) {
        Objects.requireNonNull(item, ITEM_IS_NULL);
        end.channel().sendNowait(end, item);
    }

    /**
     * A new, independently closable clone of this send stream. Not a checkpoint.
     *
     * @throws ClosedResourceError if this clone is closed
     */
    @Override
    public MemoryObjectSendStream<T> clone() {
        return new MemoryObjectSendStream<>(end.channel().cloneEnd(end));
    }

    /**
     * Closes this clone. Idempotent; never blocks; not a checkpoint. Tasks waiting in {@link #send}
     * on this clone get {@link ClosedResourceError} (their items are not sent). If this was the
     * last open clone of the send stream, tasks waiting to receive get {@link io.weft.EndOfStream};
     * items already buffered stay receivable.
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
