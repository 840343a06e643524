package io.weft.stream;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Encodes strings onto a byte stream (AnyIO's {@code TextSendStream}). Each {@link #send} encodes
 * its string whole and sends the bytes in one send of the inner stream. Whether two tasks may send
 * at once is the inner stream's rule (a byte stream refuses the second with {@code
 * BusyResourceError}); the encoding itself keeps no state between sends. The attributes are the
 * inner stream's.
 */
public final class TextSendStream extends TextWrapper implements ObjectSendStream<String> {
    private final CharsetEncoder encoder;
    private final TextErrorPolicy errors;

    // Whether a send is using `encoder` (a CharsetEncoder is stateful and not thread-safe).
    private final AtomicBoolean encoding = new AtomicBoolean();

    /** Encodes onto {@code stream} as UTF-8, strictly. */
    public TextSendStream(ByteSendStream stream) {
        this(stream, StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
    }

    /**
     * Encodes onto {@code stream} with {@code charset}, handling unencodable text by {@code
     * errors}.
     */
    public TextSendStream(ByteSendStream stream, Charset charset, TextErrorPolicy errors) {
        this(Wrapped.sending(stream), charset, errors);
    }

    /** Encodes onto a stream of byte chunks as UTF-8, strictly. */
    public TextSendStream(ObjectSendStream<byte[]> stream) {
        this(stream, StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
    }

    /** Encodes onto a stream of byte chunks with {@code charset} and {@code errors}. */
    public TextSendStream(
            ObjectSendStream<byte[]> stream, Charset charset, TextErrorPolicy errors) {
        this(Wrapped.sending(stream), charset, errors);
    }

    /** Encodes onto {@code inner}: also the sending side of a {@link TextStream}. */
    TextSendStream(Wrapped inner, Charset charset, TextErrorPolicy errors) {
        super(inner);
        this.encoder = encoder(charset, errors);
        this.errors = errors;
    }

    /**
     * Encodes {@code text} and sends it. A checkpoint; if it throws {@link io.weft.Cancelled}, the
     * inner stream's send was cancelled (for a memory stream: nothing was sent).
     *
     * @throws UncheckedIOException for text the charset cannot encode, under {@code STRICT}
     */
    @Override
    public void send(String text) {
        // Two tasks sending at once is the inner stream's to refuse (BusyResourceError), as in
        // AnyIO, whose encoding is stateless: so a send that overlaps another one's encoding
        // (CAS false -> true lost) encodes with an encoder of its own instead of sharing the
        // stateful one.
        boolean shared = encoding.compareAndSet(false, true);
        CharsetEncoder e = shared ? encoder : encoder(encoder.charset(), errors);
        ByteBuffer encoded;
        try {
            encoded = e.encode(CharBuffer.wrap(text)); // resets the encoder first
        } catch (CharacterCodingException x) {
            throw new UncheckedIOException("the text cannot be encoded in " + e.charset(), x);
        } finally {
            if (shared) {
                encoding.set(false);
            }
        }
        inner.send(Arrays.copyOf(encoded.array(), encoded.limit()));
    }

    @Override
    public String toString() {
        return "TextSendStream[" + encoder.charset() + ", " + inner + "]";
    }
}
