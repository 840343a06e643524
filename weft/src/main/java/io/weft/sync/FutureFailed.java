package io.weft.sync;

/**
 * Thrown by {@link Future#get()} and {@link Future#result()} when the future was given an exception
 * ({@link Future#setException}); the cause is that exception, the message is "the future raised an
 * exception" (AnyIO's {@code FutureFailed}).
 *
 * <p>The subclasses {@link FutureCancelled} and {@link FutureNotFinished} report the other ways a
 * future has no value, so that {@code catch (FutureFailed e)} around {@code result()} covers every
 * "no value" case, as {@link io.weft.TaskFailed} does for task handles. Unchecked, as all of Weft's
 * own exceptions.
 */
public class FutureFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FutureFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
