package io.weft.stream;

/**
 * A stream to send objects to, which may lose or reorder them (AnyIO's {@code
 * UnreliableObjectSendStream}).
 *
 * @param <T> the type of the items
 */
public interface UnreliableObjectSendStream<T> extends AutoCloseable, TypedAttributeProvider {
    /**
     * Sends {@code item}, waiting if the stream applies back-pressure. A checkpoint. If this throws
     * {@link io.weft.Cancelled}, the item was not sent.
     *
     * @throws io.weft.ClosedResourceError if this stream was closed, also while waiting
     * @throws io.weft.BrokenResourceError if the receiving side went away
     */
    void send(T item);

    /**
     * Closes the stream; tasks waiting on it get {@link io.weft.ClosedResourceError}. Idempotent.
     */
    @Override
    void close();
}
