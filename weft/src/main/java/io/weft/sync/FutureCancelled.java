package io.weft.sync;

/**
 * The future was {@linkplain Future#cancel() cancelled}: thrown by {@link Future#get()}, {@link
 * Future#result()} and {@link Future#exception()} of a cancelled future, and by {@link
 * Future#setResult} and {@link Future#setException} when the future was cancelled before the value
 * arrived (AnyIO's {@code FutureCancelled}).
 *
 * <p>This is about the <em>future</em>, not about a task: it is not a {@link io.weft.Cancelled},
 * and throwing it cancels nothing. A task whose own {@code get()} was cancelled gets a {@code
 * Cancelled} instead.
 */
public final class FutureCancelled extends FutureFailed {
    private static final long serialVersionUID = 1L;

    FutureCancelled(String message) {
        super(message, null);
    }
}
