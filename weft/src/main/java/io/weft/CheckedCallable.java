package io.weft;

/**
 * Code that returns a {@code T} and may throw {@code X}: a task body with a result, a root body for
 * {@link Weft#run(CheckedCallable)}. {@code X} is inferred from the lambda.
 *
 * @param <T> the result type
 * @param <X> what the code may throw
 */
@FunctionalInterface
public interface CheckedCallable<T, X extends Throwable> {
    /** Runs the code and returns its result. */
    T call() throws X;
}
