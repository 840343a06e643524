package io.weft;

/**
 * The body of a task group, run by the host task. Whatever it throws becomes part of the group's
 * outcome, so it may throw anything.
 */
@FunctionalInterface
public interface TaskGroupBody {
    /** Runs the body; start tasks with {@code tg}. */
    void run(TaskGroup tg) throws Exception;
}
