package io.weft.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The stream under one of this package's wrappers ({@link BufferedByteReceiveStream}, {@link
 * BufferedByteStream}, {@link TextReceiveStream}, {@link TextSendStream}, {@link TextStream}), and
 * the set-up those wrappers and their connectables share.
 *
 * <p>Each wrapper takes either a byte stream or an object stream of byte chunks (such as a memory
 * object stream of {@code byte[]}); a {@code Wrapped} gives the two kinds one face, so a wrapper
 * has one code path instead of a branch in every method. The one difference the face keeps is
 * {@link #receive(int)}: a byte stream returns 1 to {@code maxBytes} bytes, a chunk stream its next
 * chunk whole, which may be longer or empty; the wrappers that care split or skip it. A {@code
 * Wrapped} made by {@link #receiving} cannot send, one made by {@link #sending} cannot receive, and
 * only {@link #twoWay} ones have {@link #sendEof()}; the wrappers only call what they made.
 *
 * <p>Package-private, so the public constructors (one per kind of stream) stay as they were.
 */
final class Wrapped {
    private final TypedAttributeProvider stream; // the wrapped stream itself
    private final Runnable close;
    private final IntFunction<byte[]> receive; // null if it cannot receive
    private final ByteReceiveStream byteReceiver; // the stream, if it is a byte receive stream
    private final Consumer<byte[]> send; // null if it cannot send
    private final Consumer<ByteBuffer> sendBuffer;
    private final Runnable sendEof; // null unless two-way

    private Wrapped(
            TypedAttributeProvider stream,
            Runnable close,
            IntFunction<byte[]> receive,
            ByteReceiveStream byteReceiver,
            Consumer<byte[]> send,
            Consumer<ByteBuffer> sendBuffer,
            Runnable sendEof) {
        this.stream = stream;
        this.close = close;
        this.receive = receive;
        this.byteReceiver = byteReceiver;
        this.send = send;
        this.sendBuffer = sendBuffer;
        this.sendEof = sendEof;
    }

    /** A byte stream to receive from; null-checked as {@code stream}. */
    static Wrapped receiving(ByteReceiveStream s) {
        Objects.requireNonNull(s, "stream");
        return new Wrapped(s, s::close, s::receive, s, null, null, null);
    }

    /** A stream of byte chunks to receive from; null-checked as {@code stream}. */
    static Wrapped receiving(ObjectReceiveStream<byte[]> s) {
        Objects.requireNonNull(s, "stream");
        return new Wrapped(s, s::close, maxBytes -> s.receive(), null, null, null, null);
    }

    /** A byte stream to send to; null-checked as {@code stream}. */
    static Wrapped sending(ByteSendStream s) {
        Objects.requireNonNull(s, "stream");
        return new Wrapped(s, s::close, null, null, s::send, s::send, null);
    }

    /** A stream of byte chunks to send to; null-checked as {@code stream}. */
    static Wrapped sending(ObjectSendStream<byte[]> s) {
        Objects.requireNonNull(s, "stream");
        return new Wrapped(s, s::close, null, null, s::send, copying(s::send), null);
    }

    /** A two-way byte stream; null-checked as {@code stream}. */
    static Wrapped twoWay(ByteStream s) {
        Objects.requireNonNull(s, "stream");
        return new Wrapped(s, s::close, s::receive, s, s::send, s::send, s::sendEof);
    }

    /** A two-way stream of byte chunks; null-checked as {@code stream}. */
    static Wrapped twoWay(ObjectStream<byte[]> s) {
        Objects.requireNonNull(s, "stream");
        return new Wrapped(
                s, s::close, maxBytes -> s.receive(), null, s::send, copying(s::send), s::sendEof);
    }

    /** A chunk stream sends a buffer's remaining bytes as one chunk of their own. */
    private static Consumer<ByteBuffer> copying(Consumer<byte[]> send) {
        return src -> {
            byte[] b = new byte[src.remaining()];
            src.get(b);
            send.accept(b);
        };
    }

    /**
     * From a byte stream, 1 to {@code maxBytes} bytes; from a chunk stream, the next chunk whole
     * (any length, even 0). A checkpoint, as the inner stream's receive.
     */
    byte[] receive(int maxBytes) {
        return receive.apply(maxBytes);
    }

    /** The wrapped stream if it is a byte receive stream (it can receive in place), else null. */
    ByteReceiveStream byteReceiver() {
        return byteReceiver;
    }

    void send(byte[] data) {
        send.accept(data);
    }

    /** Sends what remains in {@code src}; a chunk stream gets it as one chunk. */
    void send(ByteBuffer src) {
        sendBuffer.accept(src);
    }

    void sendEof() {
        sendEof.run();
    }

    void close() {
        close.run();
    }

    Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return stream.extraAttributes();
    }

    /** The wrapped stream's own text, for the wrappers' {@code toString}. */
    @Override
    public String toString() {
        return String.valueOf(stream);
    }

    // ---------------------------------------------------------------- text set-up

    /** A decoder for {@code charset} that handles bad input by {@code errors}. */
    static CharsetDecoder decoder(Charset charset, TextErrorPolicy errors) {
        checkCoding(charset, errors);
        return charset.newDecoder()
                .onMalformedInput(errors.action)
                .onUnmappableCharacter(errors.action);
    }

    /** An encoder for {@code charset} that handles unencodable text by {@code errors}. */
    static CharsetEncoder encoder(Charset charset, TextErrorPolicy errors) {
        checkCoding(charset, errors);
        return charset.newEncoder()
                .onMalformedInput(errors.action)
                .onUnmappableCharacter(errors.action);
    }

    /** Null-checks a text wrapper's charset and error policy, in that order. */
    static void checkCoding(Charset charset, TextErrorPolicy errors) {
        Objects.requireNonNull(
                charset, "charset is null: pass StandardCharsets.UTF_8 (the default)");
        Objects.requireNonNull(
                errors,
                "errors is null: pass TextErrorPolicy.STRICT (the default), REPLACE or IGNORE");
    }

    /**
     * How a wrapping connectable connects: the inner connectable's {@code connect()} with the new
     * stream wrapped, whichever kind of connectable it was given.
     *
     * @param <S> the wrapper it makes
     */
    @FunctionalInterface
    interface Connector<S> {
        S connect() throws IOException;
    }
}
