package io.weft.stream;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Wraps a connectable so that its connections are {@link TextStream}s (AnyIO's {@code
 * TextConnectable}).
 */
public final class TextConnectable implements ObjectStreamConnectable<String> {
    private final ByteStreamConnectable bytes; // exactly one of these two is set
    private final ObjectStreamConnectable<byte[]> chunks;
    private final Charset charset;
    private final TextErrorPolicy errors;

    /** UTF-8, strict, over the byte streams {@code connectable} makes. */
    public TextConnectable(ByteStreamConnectable connectable) {
        this(connectable, StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
    }

    /** {@code charset} with {@code errors}, over the byte streams {@code connectable} makes. */
    public TextConnectable(
            ByteStreamConnectable connectable, Charset charset, TextErrorPolicy errors) {
        this.bytes = Objects.requireNonNull(connectable, "connectable");
        this.chunks = null;
        this.charset = Objects.requireNonNull(charset, "charset");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    /** UTF-8, strict, over the streams of byte chunks {@code connectable} makes. */
    public TextConnectable(ObjectStreamConnectable<byte[]> connectable) {
        this.bytes = null;
        this.chunks = Objects.requireNonNull(connectable, "connectable");
        this.charset = StandardCharsets.UTF_8;
        this.errors = TextErrorPolicy.STRICT;
    }

    /** Connects and wraps the new stream. */
    @Override
    public TextStream connect() throws IOException {
        return bytes != null
                ? new TextStream(bytes.connect(), charset, errors)
                : new TextStream(chunks.connect(), charset, errors);
    }
}
