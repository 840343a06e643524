package io.weft;

/**
 * The resource was closed <em>here</em> (by this side: {@code close()} on the stream, the lock's
 * owner group ended...) and can no longer be used; also what an operation blocked on it in another
 * task gets when it is closed under it.
 */
public class ClosedResourceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with {@code message}. */
    public ClosedResourceError(String message) {
        super(message);
    }
}
