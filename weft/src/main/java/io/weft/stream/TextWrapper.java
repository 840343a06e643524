package io.weft.stream;

import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the text streams ({@link TextReceiveStream}, {@link TextSendStream}, {@link TextStream})
 * share: the wrapped stream, whose {@code close()} and attributes are theirs, and the coding
 * set-up, which {@link TextConnectable} checks too.
 *
 * <p>Package-private, like {@code java.util}'s abstract collection views: the public classes keep
 * their own constructors, and inherit these methods unchanged.
 */
abstract sealed class TextWrapper permits TextReceiveStream, TextSendStream, TextStream {
    final Wrapped inner;

    TextWrapper(Wrapped inner) {
        this.inner = inner;
    }

    /** Closes the wrapped stream. */
    public void close() {
        inner.close();
    }

    /** The wrapped stream's attributes. */
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return inner.extraAttributes();
    }

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

    /**
     * Null-checks a charset and an error policy, in that order. A null may be meant as "the
     * default", which Java has no way to say in an argument, so the messages name it.
     */
    static void checkCoding(Charset charset, TextErrorPolicy errors) {
        Objects.requireNonNull(
                charset,
                "charset is null: pass StandardCharsets.UTF_8 (the default), or use the"
                        + " constructor without a charset");
        Objects.requireNonNull(
                errors,
                "errors is null: pass TextErrorPolicy.STRICT (the default), REPLACE or IGNORE");
    }
}
