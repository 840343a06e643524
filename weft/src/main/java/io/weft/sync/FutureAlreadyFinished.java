package io.weft.sync;

/**
 * {@link Future#setResult} or {@link Future#setException} was called on a future that already has a
 * value or an exception (AnyIO's {@code FutureAlreadyFinished}); the future was not changed. A
 * future that was cancelled reports {@link FutureCancelled} instead.
 *
 * <p>Setting a future twice is misuse, so this is an {@link IllegalStateException}. Where several
 * parties race to set a future and losing is expected, use {@link Future#trySetResult} or {@link
 * Future#trySetException}, which return false instead of throwing.
 */
public final class FutureAlreadyFinished extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    FutureAlreadyFinished(String message) {
        super(message);
    }
}
