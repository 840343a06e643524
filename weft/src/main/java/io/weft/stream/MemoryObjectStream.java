package io.weft.stream;

import io.weft.internal.stream.MemoryChannel;
import io.weft.internal.stream.MemoryChannelEnd;
import java.util.Objects;

/**
 * A memory object stream: a channel for passing objects between tasks, with a buffer of fixed
 * capacity (AnyIO's {@code create_memory_object_stream}). This pair holds its two ends.
 *
 * <pre>{@code
 * var stream = MemoryObjectStream.<String>create(0);
 * TaskGroup.run(tg -> {
 *     tg.startSoon(() -> {
 *         try (var rx = stream.receiveStream()) {
 *             for (String item : rx) {
 *                 System.out.println("received " + item);
 *             }
 *         }
 *     });
 *     try (var tx = stream.sendStream()) {
 *         for (int i = 0; i < 10; i++) {
 *             tx.send("number " + i);
 *         }
 *     }
 * });
 * }</pre>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>Capacity.</b> {@code send} waits while the buffer is full and no receiver waits.
 *       Capacity 0 is a <em>rendezvous</em>: {@code send} returns only once a receiver has taken
 *       the item. {@link #unbounded()} never makes a sender wait.
 *   <li><b>Delivery.</b> Each item is delivered to exactly one receiver, in the order sent; tasks
 *       waiting to send or receive are served first come, first served.
 *   <li><b>Cancellation.</b> {@code send} and {@code receive} are checkpoints. A {@code send} that
 *       throws {@link io.weft.Cancelled} did not send its item; a {@code receive} that throws it
 *       consumed nothing. An item handed to a waiting receiver is received even if the receiver's
 *       task is cancelled at the same moment (the cancellation hits at its next checkpoint); an
 *       item is never handed to a receiver whose wait was already cancelled.
 *   <li><b>Clones and closing.</b> Each end can be {@code clone()}d; each clone is closed on its
 *       own, and an end counts as closed when all of its clones are. With every receive clone
 *       closed, sending fails with {@link io.weft.BrokenResourceError}; with every send clone
 *       closed and the buffer empty, receiving fails with {@link io.weft.EndOfStream} (and
 *       iteration ends). Using a closed clone fails with {@link io.weft.ClosedResourceError}.
 *       {@code close()} is idempotent and never a checkpoint.
 *   <li><b>Null.</b> Items must not be null ({@code NullPointerException}, nothing sent): Java's
 *       queues and {@link java.util.concurrent.Flow} reject null too. Send an {@code Optional} for
 *       "no value".
 *   <li><b>Threads.</b> Every method is thread-safe; only {@code send}, {@code receive} and
 *       iteration need a Weft task (they may wait). The others, {@code sendNowait} and {@code
 *       receiveNowait} included, may be called from any thread.
 * </ul>
 *
 * <p>{@link #close()} closes both ends held by this pair; clones made from them are not affected.
 *
 * @param <T> the type of the items
 * @param sendStream the sending end
 * @param receiveStream the receiving end
 */
public record MemoryObjectStream<T>(
        MemoryObjectSendStream<T> sendStream, MemoryObjectReceiveStream<T> receiveStream)
        implements AutoCloseable {

    /** The capacity of an {@link #unbounded()} stream: {@code Integer.MAX_VALUE}. */
    public static final int UNBOUNDED = MemoryChannel.UNBOUNDED;

    /**
     * Pairs two ends of the same stream.
     *
     * @throws IllegalArgumentException if the ends belong to different streams
     */
    public MemoryObjectStream {
        Objects.requireNonNull(sendStream, "sendStream");
        Objects.requireNonNull(receiveStream, "receiveStream");
        if (sendStream.end.channel() != receiveStream.end.channel()) {
            throw new IllegalArgumentException("the two ends belong to different streams");
        }
    }

    /**
     * A new stream whose buffer holds up to {@code capacity} items; 0 makes a rendezvous stream
     * (AnyIO's default), {@link #UNBOUNDED} an unbounded one.
     *
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <T> MemoryObjectStream<T> create(int capacity) {
        MemoryChannelEnd[] ends = MemoryChannel.create(capacity);
        return new MemoryObjectStream<>(
                new MemoryObjectSendStream<>(ends[0]), new MemoryObjectReceiveStream<>(ends[1]));
    }

    /** A new stream whose buffer grows as needed: {@code send} never waits. */
    public static <T> MemoryObjectStream<T> unbounded() {
        return create(UNBOUNDED);
    }

    /** Closes both ends of this pair (not their clones). Idempotent; not a checkpoint. */
    @Override
    public void close() {
        sendStream.close();
        receiveStream.close();
    }
}
