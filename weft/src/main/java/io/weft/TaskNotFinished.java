package io.weft;

/** Thrown by {@link TaskHandle} accessors when the task has not finished yet. */
public final class TaskNotFinished extends TaskFailed {
    private static final long serialVersionUID = 1L;

    TaskNotFinished(String message) {
        super(message, null);
    }
}
