package io.weft.stream;

/** A two-way byte stream with half-close (AnyIO's {@code ByteStream}): a TCP connection. */
public interface ByteStream extends ByteReceiveStream, ByteSendStream {
    /**
     * Tells the peer that this side will send nothing more (TCP's FIN); receiving goes on.
     * Idempotent. Sending after it fails ({@link io.weft.ClosedResourceError}).
     */
    void sendEof();
}
