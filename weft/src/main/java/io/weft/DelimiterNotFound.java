package io.weft;

/**
 * {@code receiveUntil} of a buffered stream read its maximum number of bytes without finding the
 * delimiter (AnyIO's {@code DelimiterNotFound}). The bytes read stay in the buffer.
 */
public class DelimiterNotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int maxBytes;

    /** Creates the exception for a search limited to {@code maxBytes} bytes. */
    public DelimiterNotFound(int maxBytes) {
        super("The delimiter was not found among the first " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    /** The limit the search had. */
    public int maxBytes() {
        return maxBytes;
    }
}
