package io.weft;

/**
 * The resource is unusable for a reason outside the caller's control: the peer went away (every
 * receiver of a memory stream was closed, the connection was reset). Its cause, if any, is the
 * underlying error.
 */
public class BrokenResourceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with {@code message}. */
    public BrokenResourceError(String message) {
        super(message);
    }

    /** Creates the exception with {@code message} and {@code cause}. */
    public BrokenResourceError(String message, Throwable cause) {
        super(message, cause);
    }
}
