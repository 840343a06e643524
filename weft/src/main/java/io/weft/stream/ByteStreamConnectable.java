package io.weft.stream;

import java.io.IOException;

/**
 * Something that makes a new connected byte stream on demand (AnyIO's {@code
 * ByteStreamConnectable}): a TCP or UNIX address, or a wrapper around another connectable that adds
 * buffering, text or TLS.
 */
@FunctionalInterface
public interface ByteStreamConnectable {
    /**
     * Connects and returns the stream; the caller owns (and closes) it. A checkpoint.
     *
     * @throws IOException if connecting failed (for TCP: {@link io.weft.ConnectionFailed} is
     *     unchecked and may come instead)
     */
    ByteStream connect() throws IOException;
}
