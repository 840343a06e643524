package io.weft.stream;

import java.nio.ByteBuffer;

/**
 * One two-way byte stream made of a byte send stream and a byte receive stream (AnyIO's {@code
 * StapledByteStream}), such as a process's stdin and stdout. {@link #sendEof()} closes the send
 * stream; {@link #close()} closes both (the send stream first). Its attributes are both streams',
 * the receive stream's winning where both have one.
 */
public final class StapledByteStream extends Stapled<ByteSendStream, ByteReceiveStream>
        implements ByteStream {

    /** Staples {@code sendStream} and {@code receiveStream} into one stream. */
    public StapledByteStream(ByteSendStream sendStream, ByteReceiveStream receiveStream) {
        super(sendStream, ByteSendStream::close, receiveStream, ByteReceiveStream::close);
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
}
