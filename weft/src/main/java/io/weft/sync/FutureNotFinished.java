package io.weft.sync;

/**
 * {@link Future#result()} or {@link Future#exception()} was called before the future finished
 * (AnyIO's {@code FutureNotFinished}). Use {@link Future#get()} to wait instead.
 *
 * <p>A subclass of {@link FutureFailed}, as {@link io.weft.TaskNotFinished} is one of {@link
 * io.weft.TaskFailed} (in AnyIO it is separate); {@link Future#get()} never throws it.
 */
public final class FutureNotFinished extends FutureFailed {
    private static final long serialVersionUID = 1L;

    FutureNotFinished(String message) {
        super(message, null);
    }
}
