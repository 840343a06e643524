package io.weft.stream;

/**
 * A two-way object stream that may lose or reorder items (AnyIO's {@code UnreliableObjectStream}).
 *
 * @param <T> the type of the items
 */
public interface UnreliableObjectStream<T>
        extends UnreliableObjectReceiveStream<T>, UnreliableObjectSendStream<T> {}
