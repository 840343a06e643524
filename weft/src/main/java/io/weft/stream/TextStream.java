package io.weft.stream;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A two-way text stream over a two-way byte stream (AnyIO's {@code TextStream}): receiving as
 * {@link TextReceiveStream}, sending as {@link TextSendStream}, {@link #sendEof()} and {@link
 * #close()} passed to the wrapped stream.
 */
public final class TextStream extends TextWrapper implements ObjectStream<String> {
    private final TextReceiveStream receiver;
    private final TextSendStream sender;

    /** UTF-8, strict, over {@code stream}. */
    public TextStream(ByteStream stream) {
        this(stream, StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
    }

    /** {@code charset} with {@code errors}, over {@code stream}. */
    public TextStream(ByteStream stream, Charset charset, TextErrorPolicy errors) {
        this(Wrapped.twoWay(stream), charset, errors);
    }

    /** UTF-8, strict, over a two-way stream of byte chunks. */
    public TextStream(ObjectStream<byte[]> stream) {
        this(stream, StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
    }

    /** {@code charset} with {@code errors}, over a two-way stream of byte chunks. */
    public TextStream(ObjectStream<byte[]> stream, Charset charset, TextErrorPolicy errors) {
        this(Wrapped.twoWay(stream), charset, errors);
    }

    private TextStream(Wrapped inner, Charset charset, TextErrorPolicy errors) {
        super(inner);
        this.receiver = new TextReceiveStream(inner, charset, errors);
        this.sender = new TextSendStream(inner, charset, errors);
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
        inner.sendEof();
    }

    @Override
    public String toString() {
        return "TextStream[" + inner + "]";
    }
}
