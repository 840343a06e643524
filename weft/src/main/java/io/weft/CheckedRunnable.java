package io.weft;

/**
 * Code that returns nothing and may throw {@code X}: a task body, a root body for {@link
 * Weft#run(CheckedRunnable)}. {@code X} is inferred from the lambda, so a method that runs the body
 * can declare exactly what the body throws.
 *
 * @param <X> what the code may throw
 */
@FunctionalInterface
public interface CheckedRunnable<X extends Throwable> {
    /** Runs the code. */
    void run() throws X;
}
