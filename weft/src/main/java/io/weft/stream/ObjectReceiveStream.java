package io.weft.stream;

/**
 * A stream to receive objects from that delivers them in the order they were sent and loses none
 * (AnyIO's {@code ObjectReceiveStream}); a memory object stream's receiving end is one.
 *
 * @param <T> the type of the items
 */
public interface ObjectReceiveStream<T> extends UnreliableObjectReceiveStream<T> {}
