package io.weft.stream;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A two-way text stream over a two-way byte stream (AnyIO's {@code TextStream}): receiving as
 * {@link TextReceiveStream}, sending as {@link TextSendStream}, {@link #sendEof()} and {@link
 * #close()} passed to the wrapped stream.
 */
public final class TextStream implements ObjectStream<String> {
    private final TextReceiveStream receiver;
    private final TextSendStream sender;
    private final ByteStream bytes; // exactly one of these two is set
    private final ObjectStream<byte[]> chunks;

    /** UTF-8, strict, over {@code stream}. */
    public TextStream(ByteStream stream) {
        this(stream, StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
    }

    /** {@code charset} with {@code errors}, over {@code stream}. */
    public TextStream(ByteStream stream, Charset charset, TextErrorPolicy errors) {
        this.bytes = Objects.requireNonNull(stream, "stream");
        this.chunks = null;
        this.receiver = new TextReceiveStream((ByteReceiveStream) stream, charset, errors);
        this.sender = new TextSendStream((ByteSendStream) stream, charset, errors);
    }

    /** UTF-8, strict, over a two-way stream of byte chunks. */
    public TextStream(ObjectStream<byte[]> stream) {
        this(stream, StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
    }

    /** {@code charset} with {@code errors}, over a two-way stream of byte chunks. */
    public TextStream(ObjectStream<byte[]> stream, Charset charset, TextErrorPolicy errors) {
        this.bytes = null;
        this.chunks = Objects.requireNonNull(stream, "stream");
        this.receiver =
                new TextReceiveStream((ObjectReceiveStream<byte[]>) stream, charset, errors);
        this.sender = new TextSendStream((ObjectSendStream<byte[]>) stream, charset, errors);
    }

    /** See {@link TextReceiveStream#receive()}. */
    @Override
    public String receive() {
        return receiver.receive();
    }

    /** See {@link TextSendStream#send(String)}. */
    @Override
    public void send(String text) {
        sender.send(text);
    }

    /** Half-closes the wrapped stream. */
    @Override
    public void sendEof() {
        if (bytes != null) {
            bytes.sendEof();
        } else {
            chunks.sendEof();
        }
    }

    /** Closes the wrapped stream. */
    @Override
    public void close() {
        if (bytes != null) {
            bytes.close();
        } else {
            chunks.close();
        }
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return bytes != null ? bytes.extraAttributes() : chunks.extraAttributes();
    }

    @Override
    public String toString() {
        return "TextStream[" + (bytes != null ? bytes : chunks) + "]";
    }
}
