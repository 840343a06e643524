package io.weft.stream;

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
public final class StapledObjectStream<T>
        extends Stapled<ObjectSendStream<T>, ObjectReceiveStream<T>> implements ObjectStream<T> {

    /** Staples {@code sendStream} and {@code receiveStream} into one stream. */
    public StapledObjectStream(
            ObjectSendStream<T> sendStream, ObjectReceiveStream<T> receiveStream) {
        super(sendStream, ObjectSendStream::close, receiveStream, ObjectReceiveStream::close);
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
}
