package io.weft.internal;

/** The code a task runs, adapted from whichever public functional interface the user passed. */
@FunctionalInterface
public interface TaskBody {
    /** Runs the task's code and returns its result. */
    Object run() throws Throwable;
}
