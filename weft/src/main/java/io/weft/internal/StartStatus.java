package io.weft.internal;

import io.weft.TaskStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link TaskStatus} of one {@code start()} call.
 *
 * <p>{@code phase} goes PENDING→STARTED (the task called {@link #started}) or PENDING→EXITED (the
 * task ended first); the CAS decides which, so a task that ends while another thread calls {@code
 * started} for it is reported exactly once. The {@code start()} caller waits on a {@link Waiter} it
 * publishes in {@code waiter} and re-checks {@code phase} afterwards; {@link #wake()} runs after
 * {@code phase} is written, so the caller cannot miss the resolution.
 */
public final class StartStatus<S> implements TaskStatus<S> {
    private static final int PENDING = 0;
    private static final int STARTED = 1;
    private static final int EXITED = 2;

    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(StartStatus.class, "phase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final GroupScope target;
    private final GroupScope privateScope;
    private volatile int phase;
    private volatile Waiter waiter;
    volatile Task task;
    volatile Throwable exitFailure;
    private volatile Object startValue; // here, not in every Task: few tasks are started so

    StartStatus(GroupScope target, GroupScope privateScope) {
        this.target = target;
        this.privateScope = privateScope;
    }

    @Override
    public void started(S value) {
        if (!PHASE.compareAndSet(this, PENDING, STARTED)) {
            throw new IllegalStateException(
                    phase == STARTED
                            ? "called 'started' twice on the same task status"
                            : "called 'started' after the task had already exited");
        }
        Task t = task;
        startValue = value;
        target.adopt(t, privateScope);
        wake();
        if (Thread.currentThread() == t.thread) {
            t.syncInterruptAfterChainChange();
        }
    }

    @Override
    public void started() {
        started(null);
    }

    /** Called by the task as it ends; returns whether the start() caller takes its outcome. */
    boolean childExited(Throwable error) {
        exitFailure = error; // read only by those who see phase == EXITED
        if (PHASE.compareAndSet(this, PENDING, EXITED)) {
            wake();
            return true;
        }
        return false;
    }

    /** The value passed to {@link #started}, once it has been called. */
    Object startValue() {
        return startValue;
    }

    boolean isStarted() {
        return phase == STARTED;
    }

    /** How the task ended before starting (null if it returned or has not ended). */
    Throwable exitFailure() {
        return phase == EXITED ? exitFailure : null;
    }

    /**
     * Waits until the task starts or ends. Returns false if a cancellable wait was cancelled first.
     */
    boolean await(Task caller, boolean cancellable) {
        if (phase != PENDING) {
            return true;
        }
        Waiter w = new Waiter(caller, cancellable);
        waiter = w;
        if (phase != PENDING) {
            w.tryResume(null);
        }
        int kind = w.await(task); // the task starting, once created
        waiter = null;
        return kind != Waiter.CANCELLED || phase != PENDING;
    }

    private void wake() {
        Waiter w = waiter;
        if (w != null) {
            w.tryResume(null);
        }
    }
}
