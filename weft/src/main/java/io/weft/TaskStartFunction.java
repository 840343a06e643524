package io.weft;

/**
 * The code of a task started with {@link TaskGroup#start}: it sets itself up, reports that it is
 * ready with {@code status.started(value)}, then goes on running.
 *
 * @param <S> the type of the value passed to {@code started}
 */
@FunctionalInterface
public interface TaskStartFunction<S> {
    /** Runs the task; call {@code status.started(...)} exactly once when it is ready. */
    void run(TaskStatus<S> status) throws Exception;
}
