package io.weft.stream;

import java.util.Iterator;

/**
 * A stream to receive objects from, which may lose or reorder them (a datagram socket; AnyIO's
 * {@code UnreliableObjectReceiveStream}). Iterating receives until the end of the stream.
 *
 * @param <T> the type of the items
 */
public interface UnreliableObjectReceiveStream<T>
        extends AutoCloseable, TypedAttributeProvider, Iterable<T> {
    /**
     * Receives the next item, waiting for one. A checkpoint. If this throws {@link
     * io.weft.Cancelled}, nothing was consumed.
     *
     * @throws io.weft.EndOfStream if the other end has finished sending and nothing is left
     * @throws io.weft.ClosedResourceError if this stream was closed, also while waiting
     * @throws io.weft.BrokenResourceError if the stream broke (the other side went away)
     * @throws io.weft.BusyResourceError if another task is already receiving, where that is not
     *     allowed
     */
    T receive();

    /**
     * Closes the stream; tasks waiting on it get {@link io.weft.ClosedResourceError}. Idempotent.
     */
    @Override
    void close();

    /** Receives items until the end of the stream ({@link io.weft.EndOfStream} ends the loop). */
    @Override
    default Iterator<T> iterator() {
        return new ReceiveIterator<>(this::receive);
    }
}
