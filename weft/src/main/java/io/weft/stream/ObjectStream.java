package io.weft.stream;

/**
 * A reliable two-way object stream (AnyIO's {@code ObjectStream}) that can also say "no more items
 * from this side" while still receiving.
 *
 * @param <T> the type of the items
 */
public interface ObjectStream<T>
        extends ObjectReceiveStream<T>, ObjectSendStream<T>, UnreliableObjectStream<T> {
    /**
     * Tells the peer that this side will send nothing more; receiving goes on. Idempotent. Sending
     * after it fails ({@link io.weft.ClosedResourceError}).
     */
    void sendEof();
}
