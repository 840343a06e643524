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
    private final Wrapped.Connector<TextStream> connector;

    /** UTF-8, strict, over the byte streams {@code connectable} makes. */
    public TextConnectable(ByteStreamConnectable connectable) {
        this(connectable, StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
    }

    /** {@code charset} with {@code errors}, over the byte streams {@code connectable} makes. */
    public TextConnectable(
            ByteStreamConnectable connectable, Charset charset, TextErrorPolicy errors) {
        Objects.requireNonNull(connectable, "connectable");
        TextWrapper.checkCoding(charset, errors);
        this.connector = () -> new TextStream(connectable.connect(), charset, errors);
    }

    /** UTF-8, strict, over the streams of byte chunks {@code connectable} makes. */
    public TextConnectable(ObjectStreamConnectable<byte[]> connectable) {
        Objects.requireNonNull(connectable, "connectable");
        this.connector = () -> new TextStream(connectable.connect());
    }

    /** Connects and wraps the new stream. */
    @Override
    public TextStream connect() throws IOException {
        return connector.connect();
    }
}
