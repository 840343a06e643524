package io.weft;

/**
 * The code of a task started with {@link TaskGroup#startForResult}: it sets itself up, reports that
 * it is ready with {@code status.started(value)}, goes on running and returns its result, which the
 * task's {@link StartedTaskHandle} gives ({@link TaskHandle#join()}, {@link TaskHandle#result()}).
 *
 * <pre>{@code
 * StartedTaskHandle<Integer, Long> server = tg.startForResult(status -> {
 *     try (SocketListener listener = Net.createTcpListener("localhost", 0)) {
 *         status.started(listener.localPort());
 *         return serveUntilCancelled(listener);     // connections served
 *     }
 * });
 * }</pre>
 *
 * @param <S> the type of the value passed to {@code started}
 * @param <T> the type of the task's result
 */
@FunctionalInterface
public interface TaskStartCallable<S, T> {
    /**
     * Runs the task and returns its result; call {@code status.started(...)} exactly once when it
     * is ready.
     */
    T call(TaskStatus<S> status) throws Exception;
}
