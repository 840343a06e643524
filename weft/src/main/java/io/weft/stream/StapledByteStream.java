package io.weft.stream;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One two-way byte stream made of a byte send stream and a byte receive stream (AnyIO's {@code
 * StapledByteStream}), such as a process's stdin and stdout. {@link #sendEof()} closes the send
 * stream; {@link #close()} closes both (the send stream first). Its attributes are both streams',
 * the receive stream's winning where both have one.
 */
public final class StapledByteStream implements ByteStream {
    private final ByteSendStream sendStream;
    private final ByteReceiveStream receiveStream;

    /** Staples {@code sendStream} and {@code receiveStream} into one stream. */
    public StapledByteStream(ByteSendStream sendStream, ByteReceiveStream receiveStream) {
        this.sendStream = Objects.requireNonNull(sendStream, "sendStream");
        this.receiveStream = Objects.requireNonNull(receiveStream, "receiveStream");
    }

    /** The stream {@link #send} sends to. */
    public ByteSendStream sendStream() {
        return sendStream;
    }

    /** The stream {@link #receive} receives from. */
    public ByteReceiveStream receiveStream() {
        return receiveStream;
    }

    /**
     * Receives from the receive stream; see {@link ByteReceiveStream#receive(int)}.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is less than 1
     */
    @Override
    public byte[] receive(int maxBytes) {
        return receiveStream.receive(ByteReceiveStream.checkMaxBytes(maxBytes));
    }

    /** Receives into {@code dst} from the receive stream, without copying if it can. */
    @Override
    public int receive(ByteBuffer dst) {
        return receiveStream.receive(dst);
    }

    /** Sends to the send stream. */
    @Override
    public void send(byte[] data) {
        sendStream.send(data);
    }

    /** Sends from {@code src} to the send stream, without copying if it can. */
    @Override
    public void send(ByteBuffer src) {
        sendStream.send(src);
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
        return "StapledByteStream[send=" + sendStream + ", receive=" + receiveStream + "]";
    }
}
