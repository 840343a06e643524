package io.weft;

/**
 * A worker JVM of {@code ToProcess} failed the call: it could not be started or did not answer
 * within its start-up deadline, it died during the call (killed, crashed, {@code System.exit}), it
 * broke the protocol, or it could not carry out the call (the function could not be read in the
 * worker, or its outcome could not be serialized back). The cause, if any, is the underlying error
 * (the {@link java.io.NotSerializableException}, the {@link java.io.IOException} of the start).
 * AnyIO's {@code BrokenWorkerProcess}.
 *
 * <p>An exception the function itself throws is never wrapped in this: it is rethrown as is.
 *
 * <p>Unchecked, as Weft's other resource errors ({@link BrokenResourceError}): the worker is a
 * resource the runtime opened and owns on the caller's behalf, not a request the caller made of the
 * operating system, so a call does not have to declare {@code IOException} for it.
 */
public class BrokenWorkerProcess extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with {@code message}. */
    public BrokenWorkerProcess(String message) {
        super(message);
    }

    /** Creates the exception with {@code message} and {@code cause}. */
    public BrokenWorkerProcess(String message, Throwable cause) {
        super(message, cause);
    }
}
