package io.weft;

/**
 * Thrown by {@link TaskHandle#result()} and {@link TaskHandle#join()} when the task failed; the
 * cause is the task's exception. The same exception also reached the task's group: a handle never
 * takes a failure away from the group.
 *
 * <p>The subclasses {@link TaskCancelled} and {@link TaskNotFinished} report the other ways a
 * handle has no result.
 */
public class TaskFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
