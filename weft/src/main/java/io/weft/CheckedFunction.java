package io.weft;

/**
 * A function from {@code A} to {@code R} that may throw {@code X}: what {@code
 * io.weft.util.Tasks.map} applies to each item and what an {@code io.weft.util.LruCache} computes
 * for a key. {@code X} is inferred from the lambda.
 *
 * @param <A> the argument type
 * @param <R> the result type
 * @param <X> what the function may throw
 */
@FunctionalInterface
public interface CheckedFunction<A, R, X extends Throwable> {
    /** Applies the function to {@code argument}. */
    R apply(A argument) throws X;
}
