package io.weft;

/**
 * The body of a cancel scope: code that runs inside {@code scope} and may throw {@code X}.
 *
 * @param <X> what the body may throw; the scope rethrows it unchanged
 */
@FunctionalInterface
public interface ScopeBody<X extends Throwable> {
    /** Runs the body; {@code scope} is the scope it runs in. */
    void run(CancelScope scope) throws X;
}
