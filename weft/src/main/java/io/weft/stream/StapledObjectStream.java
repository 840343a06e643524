package io.weft.stream;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One two-way object stream made of a send stream and a receive stream (AnyIO's {@code
 * StapledObjectStream}), such as the two ends of two memory object streams:
 *
 * <pre>{@code
 * var toServer = MemoryObjectStream.<String>create(0);
 * var toClient = MemoryObjectStream.<String>create(0);
 * var client = new StapledObjectStream<>(toServer.sendStream(), toClient.receiveStream());
 * var server = new StapledObjectStream<>(toClient.sendStream(), toServer.receiveStream());
 * }</pre>
 *
 * <p>{@link #sendEof()} closes the send stream; {@link #close()} closes both (the send stream
 * first). Its attributes are both streams', the receive stream's winning where both have one.
 * Thread safety and cancellation are those of the two streams.
 *
 * @param <T> the type of the items
 */
public final class StapledObjectStream<T> implements ObjectStream<T> {
    private final ObjectSendStream<T> sendStream;
    private final ObjectReceiveStream<T> receiveStream;

    /** Staples {@code sendStream} and {@code receiveStream} into one stream. */
    public StapledObjectStream(
            ObjectSendStream<T> sendStream, ObjectReceiveStream<T> receiveStream) {
        this.sendStream = Objects.requireNonNull(sendStream, "sendStream");
        this.receiveStream = Objects.requireNonNull(receiveStream, "receiveStream");
    }

    /** The stream {@link #send} sends to. */
    public ObjectSendStream<T> sendStream() {
        return sendStream;
    }

    /** The stream {@link #receive} receives from. */
    public ObjectReceiveStream<T> receiveStream() {
        return receiveStream;
    }

    /** Receives from the receive stream; see {@link ObjectReceiveStream#receive()}. */
    @Override
    public T receive() {
        return receiveStream.receive();
    }

    /** Sends to the send stream; if this throws {@code Cancelled}, the item was not sent. */
    @Override
    public void send(T item) {
        sendStream.send(item);
    }

    /** Closes the send stream; receiving goes on. */
    @Override
    public void sendEof() {
        sendStream.close();
    }

    /** Closes the send stream, then the receive stream (also if closing the first throws). */
    @Override
    public void close() {
        try {
            sendStream.close();
        } finally {
            receiveStream.close();
        }
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return TypedAttributes.merge(sendStream.extraAttributes(), receiveStream.extraAttributes());
    }

    @Override
    public String toString() {
        return "StapledObjectStream[send=" + sendStream + ", receive=" + receiveStream + "]";
    }
}
