package io.weft.stream;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A two-way byte stream whose receiving side is buffered (AnyIO's {@code BufferedByteStream}):
 * {@link #receiveExactly}, {@link #receiveUntil} and {@link #feedData} as on {@link
 * BufferedByteReceiveStream}; sends and {@link #sendEof()} go to the wrapped stream unchanged.
 * {@link #close()} closes the wrapped stream.
 */
public final class BufferedByteStream implements ByteStream {
    private final Wrapped inner;
    private final BufferedByteReceiveStream receiver;

    /** Buffers the receiving side of {@code stream}. */
    public BufferedByteStream(ByteStream stream) {
        this(Wrapped.twoWay(stream));
    }

    /** Buffers the receiving side of a two-way stream of byte chunks. */
    public BufferedByteStream(ObjectStream<byte[]> stream) {
        this(Wrapped.twoWay(stream));
    }

    private BufferedByteStream(Wrapped inner) {
        this.inner = inner;
        this.receiver = new BufferedByteReceiveStream(inner);
    }

    /** See {@link BufferedByteReceiveStream#buffer()}. */
    public byte[] buffer() {
        return receiver.buffer();
    }

    /** See {@link BufferedByteReceiveStream#feedData(byte[])}. */
    public void feedData(byte[] data) {
        receiver.feedData(data);
    }

    /** See {@link BufferedByteReceiveStream#receive(int)}. */
    @Override
    public byte[] receive(int maxBytes) {
        return receiver.receive(maxBytes);
    }

    /** See {@link BufferedByteReceiveStream#receive(ByteBuffer)}. */
    @Override
    public int receive(ByteBuffer dst) {
        return receiver.receive(dst);
    }

    /** See {@link BufferedByteReceiveStream#receiveExactly(int)}. */
    public byte[] receiveExactly(int nbytes) {
        return receiver.receiveExactly(nbytes);
    }

    /** See {@link BufferedByteReceiveStream#receiveUntil(byte[], int)}. */
    public byte[] receiveUntil(byte[] delimiter, int maxBytes) {
        return receiver.receiveUntil(delimiter, maxBytes);
    }

    /** Sends {@code data} through the wrapped stream. */
    @Override
    public void send(byte[] data) {
        inner.send(data);
    }

    /** Sends the bytes left in {@code src} through the wrapped stream. */
    @Override
    public void send(ByteBuffer src) {
        inner.send(src);
    }

    /** Half-closes the wrapped stream; receiving goes on. */
    @Override
    public void sendEof() {
        inner.sendEof();
    }

    /** Closes the wrapped stream. */
    @Override
    public void close() {
        receiver.close();
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return receiver.extraAttributes();
    }

    @Override
    public String toString() {
        return "BufferedByteStream[" + inner + "]";
    }
}
