package io.weft;

/**
 * How a task started with {@link TaskGroup#start} tells its starter that it is ready.
 *
 * <p>Call {@link #started(Object)} exactly once. Until then the task runs under the starter's
 * cancel scope (cancelling the starter cancels it) and a failure is thrown from {@code start()};
 * afterwards it belongs to the target group.
 *
 * @param <S> the type of the start value
 */
public interface TaskStatus<S> {

    /**
     * Reports that the task is ready; {@code start()} returns {@code value}. Not a checkpoint.
     *
     * @throws IllegalStateException if called a second time, or after the task has exited
     */
    void started(S value);

    /** Same as {@code started(null)}. */
    void started();

    /**
     * A status whose {@code started} does nothing: for calling a start function directly, without
     * {@code start()} (AnyIO's {@code TASK_STATUS_IGNORED}).
     */
    @SuppressWarnings("unchecked")
    static <S> TaskStatus<S> ignored() {
        return (TaskStatus<S>) Ignored.INSTANCE;
    }

    /** See {@link #ignored()}. */
    final class Ignored implements TaskStatus<Object> {
        static final Ignored INSTANCE = new Ignored();

        private Ignored() {}

        @Override
        public void started(Object value) {}

        @Override
        public void started() {}
    }
}
