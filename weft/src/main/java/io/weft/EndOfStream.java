package io.weft;

/**
 * Reading from a stream whose other side has finished sending (every sender of a memory stream was
 * closed and the buffer is empty, a TCP peer sent EOF). Iterating over a stream ends at this point
 * instead of throwing.
 */
public class EndOfStream extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with {@code message}. */
    public EndOfStream(String message) {
        super(message);
    }
}
