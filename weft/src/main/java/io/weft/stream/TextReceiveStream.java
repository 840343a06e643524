package io.weft.stream;

import io.weft.BusyResourceError;
import io.weft.EndOfStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decodes a byte stream into strings (AnyIO's {@code TextReceiveStream}): each {@link #receive()}
 * returns the characters completed by the next chunk, so a character split across chunks comes out
 * whole, once its last byte has arrived.
 *
 * <pre>{@code
 * var text = new TextReceiveStream(socket, StandardCharsets.UTF_8, TextErrorPolicy.REPLACE);
 * for (String piece : text) {
 *     System.out.print(piece);
 * }
 * }</pre>
 *
 * <p>A chunk that completes no character is not returned as an empty string: {@code receive} goes
 * on receiving. At the end of the inner stream, bytes of an unfinished character are an error under
 * {@link TextErrorPolicy#STRICT}, one replacement under {@code REPLACE}, and nothing under {@code
 * IGNORE}. If {@code receive} throws {@link io.weft.Cancelled}, no byte was consumed. The
 * attributes are the inner stream's.
 *
 * <p>One task receives at a time: a second concurrent {@code receive} throws {@link
 * BusyResourceError}, also over an inner stream that allows several receivers (a memory object
 * stream), because the decoder's state (the bytes of an unfinished character) belongs to one
 * sequence of chunks, decoded in the order they were received.
 */
public final class TextReceiveStream extends TextWrapper implements ObjectReceiveStream<String> {
    private final CharsetDecoder decoder;
    // The decoder, pending and ended belong to the task that won `receiving`; the flag's CAS and
    // its reset order them between consecutive receivers.
    private final AtomicBoolean receiving = new AtomicBoolean();
    private ByteBuffer pending = ByteBuffer.allocate(0); // bytes of an unfinished character
    private boolean ended;

    /** Decodes {@code stream} as UTF-8, strictly. */
    public TextReceiveStream(ByteReceiveStream stream) {
        this(stream, StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
    }

    /** Decodes {@code stream} with {@code charset}, handling bad input by {@code errors}. */
    public TextReceiveStream(ByteReceiveStream stream, Charset charset, TextErrorPolicy errors) {
        this(Wrapped.receiving(stream), charset, errors);
    }

    /** Decodes a stream of byte chunks as UTF-8, strictly. */
    public TextReceiveStream(ObjectReceiveStream<byte[]> stream) {
        this(stream, StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
    }

    /**
     * Decodes a stream of byte chunks with {@code charset}, handling bad input by {@code errors}.
     */
    public TextReceiveStream(
            ObjectReceiveStream<byte[]> stream, Charset charset, TextErrorPolicy errors) {
        this(Wrapped.receiving(stream), charset, errors);
    }

    /** Decodes {@code inner}: also the receiving side of a {@link TextStream}. */
    TextReceiveStream(Wrapped inner, Charset charset, TextErrorPolicy errors) {
        super(inner);
        this.decoder = decoder(charset, errors);
    }

    /**
     * Receives and decodes until at least one character is complete, and returns the characters. A
     * checkpoint.
     *
     * @throws EndOfStream once the inner stream has ended (after what was left is decoded)
     * @throws UncheckedIOException for bytes invalid in the charset, under {@code STRICT}
     * @throws BusyResourceError if another task is receiving from this stream
     */
    @Override
    public String receive() {
        // CAS false → true. The loser is a second task receiving concurrently: refused, before it
        // takes a chunk that would then be decoded out of order.
        if (!receiving.compareAndSet(false, true)) {
            throw new BusyResourceError("another task is already receiving from this text stream");
        }
        try {
            return receiveAndDecode();
        } finally {
            receiving.set(false);
        }
    }

    private String receiveAndDecode() {
        for (; ; ) {
            if (ended) {
                throw new EndOfStream("the text stream has ended");
            }
            byte[] chunk;
            try {
                chunk = inner.receive(ByteReceiveStream.DEFAULT_MAX_BYTES);
            } catch (EndOfStream e) {
                ended = true;
                String tail = decode(ByteBuffer.allocate(0), true);
                if (!tail.isEmpty()) {
                    return tail;
                }
                throw e;
            }
            String s = decode(ByteBuffer.wrap(chunk), false);
            if (!s.isEmpty()) {
                return s;
            }
        }
    }

    private String decode(ByteBuffer chunk, boolean last) {
        ByteBuffer in = chunk;
        if (pending.hasRemaining()) {
            in = ByteBuffer.allocate(pending.remaining() + chunk.remaining());
            in.put(pending).put(chunk).flip();
        }
        CharBuffer out =
                CharBuffer.allocate((int) (in.remaining() * decoder.maxCharsPerByte()) + 2);
        for (; ; ) {
            CoderResult r = decoder.decode(in, out, last);
            if (r.isOverflow()) {
                out = grow(out);
            } else if (r.isError()) {
                throw failure(r);
            } else {
                break;
            }
        }
        if (last) {
            for (CoderResult r; (r = decoder.flush(out)).isOverflow(); ) {
                out = grow(out);
            }
            decoder.reset();
        }
        pending = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip() : in;
        return out.flip().toString();
    }

    private static CharBuffer grow(CharBuffer out) {
        CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + 16);
        return bigger.put(out.flip());
    }

    private static UncheckedIOException failure(CoderResult r) {
        try {
            r.throwException();
        } catch (CharacterCodingException e) {
            return new UncheckedIOException("the stream's bytes are not valid text", e);
        }
        throw new AssertionError(r);
    }

    @Override
    public String toString() {
        return "TextReceiveStream[" + decoder.charset() + ", " + inner + "]";
    }
}
