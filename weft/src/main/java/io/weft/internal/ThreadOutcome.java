package io.weft.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The outcome of a call that a plain thread (a worker, a foreign thread) waits for while a task
 * runs it: set once by the task, awaited by one thread, which blocks without giving up the thread
 * (it is not a Weft task, so there is nothing else for it to do).
 *
 * <p>The linearisation point is the volatile write of {@code done}; {@code value} and {@code error}
 * are written before it and read after it.
 */
public final class ThreadOutcome {
    private final Thread waiter = Thread.currentThread(); // created by the thread that waits
    private Object value;
    private Throwable error;
    private volatile boolean done;

    /** Records how the call ended and wakes the waiting thread. Called once. */
    public void complete(Object value, Throwable error) {
        this.value = value;
        this.error = error;
        done = true;
        LockSupport.unpark(waiter);
    }

    /**
     * Blocks the creating thread until the call ended, then returns its value or throws its error.
     * Interrupts do not end the wait (the call cannot be abandoned half-way); the flag is kept.
     */
    public Object await() throws Throwable {
        boolean interrupted = false;
        while (!done) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (error != null) {
            throw error;
        }
        return value;
    }
}
