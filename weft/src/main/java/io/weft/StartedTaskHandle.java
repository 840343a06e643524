package io.weft;

import io.weft.internal.Task;

/**
 * A handle to a task started with {@link TaskGroup#startWithHandle} or {@link
 * TaskGroup#startForResult}: everything a {@link TaskHandle} gives, plus the value the task passed
 * to {@link TaskStatus#started(Object)} (AnyIO's {@code start(..., return_handle=True)}).
 *
 * <pre>{@code
 * StartedTaskHandle<Integer, Long> server = tg.startForResult(status -> {
 *     status.started(port);          // startForResult returns here
 *     return serve();                // the task goes on; join() gives this
 * });
 * connect(server.startValue());
 * ...
 * server.cancel();
 * }</pre>
 *
 * <p>The start value is there as soon as the handle is: {@code startWithHandle} and {@code
 * startForResult} return only once the task has called {@code started}.
 *
 * @param <S> the type of the start value
 * @param <T> the type of the task's result ({@link Void} for a {@link TaskStartFunction}, whose
 *     result is always null)
 */
public final class StartedTaskHandle<S, T> extends TaskHandle<T> {

    StartedTaskHandle(Task task) {
        super(task);
    }

    /**
     * The value the task passed to {@link TaskStatus#started(Object)} (null for {@code started()}).
     */
    @SuppressWarnings("unchecked")
    public S startValue() {
        return (S) task.startValue();
    }
}
