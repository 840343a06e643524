package io.weft;

/**
 * The stream ended before {@code receiveExactly} or {@code receiveUntil} of a buffered stream had
 * what it needed (AnyIO's {@code IncompleteRead}). The bytes received so far stay in the buffer.
 */
public class IncompleteRead extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code cause} is the {@link EndOfStream} that cut the read short. */
    public IncompleteRead(Throwable cause) {
        super("The stream was closed before the read operation could be completed", cause);
    }
}
