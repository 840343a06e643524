package io.weft;

/**
 * A Weft operation that needs a running runtime was called from a thread that is not a task of one
 * (AnyIO's {@code NoEventLoopError}). Start a runtime with {@link Weft#run}.
 */
public class NoRuntimeError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with {@code message}. */
    public NoRuntimeError(String message) {
        super(message);
    }
}
