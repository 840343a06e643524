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
     * @throws IOException if connecting failed: for TCP an {@link java.net.UnknownHostException} or
     *     an {@link io.weft.ConnectionFailed}, for TLS also an {@link javax.net.ssl.SSLException}
     *     from the handshake
     */
    ByteStream connect() throws IOException;
}
