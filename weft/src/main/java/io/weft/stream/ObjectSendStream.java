package io.weft.stream;

/**
 * A stream to send objects to that delivers them in order and loses none (AnyIO's {@code
 * ObjectSendStream}); a memory object stream's sending end is one.
 *
 * @param <T> the type of the items
 */
public interface ObjectSendStream<T> extends UnreliableObjectSendStream<T> {}
