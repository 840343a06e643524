package io.weft;

/**
 * The body of a cancel scope that returns a value.
 *
 * @param <T> the result type
 * @param <X> what the body may throw; the scope rethrows it unchanged
 */
@FunctionalInterface
public interface ScopeFunction<T, X extends Throwable> {
    /** Runs the body and returns its result; {@code scope} is the scope it runs in. */
    T apply(CancelScope scope) throws X;
}
