package io.weft;

/**
 * The body of a task group that returns a value (see {@link TaskGroup#call}).
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface TaskGroupFunction<T> {
    /** Runs the body and returns its result; start tasks with {@code tg}. */
    T apply(TaskGroup tg) throws Exception;
}
