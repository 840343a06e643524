package io.weft;

/**
 * A call into a runtime through a {@link RuntimeToken} (or a {@code BlockingPortal}) came after
 * that runtime had ended, or the runtime ended while the call was running in it (AnyIO's {@code
 * RunFinishedError}). Nothing was run, or what ran was cancelled by the end of the run (then the
 * {@link Cancelled} is the cause).
 */
public class RunFinishedError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with {@code message}. */
    public RunFinishedError(String message) {
        super(message);
    }

    /** Creates the exception with {@code message} and {@code cause}. */
    public RunFinishedError(String message, Throwable cause) {
        super(message, cause);
    }
}
