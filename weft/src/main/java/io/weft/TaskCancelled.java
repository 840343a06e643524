package io.weft;

/**
 * Thrown by {@link TaskHandle} accessors when the task was cancelled (or a cancellation was
 * requested and it has not finished yet). Once the task has ended, the cause is the {@link
 * Cancelled} that ended it.
 */
public final class TaskCancelled extends TaskFailed {
    private static final long serialVersionUID = 1L;

    TaskCancelled(String message, Throwable cause) {
        super(message, cause);
    }
}
