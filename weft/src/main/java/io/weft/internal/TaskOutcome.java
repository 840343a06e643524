package io.weft.internal;

import io.weft.Cancelled;
import io.weft.TaskHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How one task ended, as its {@link io.weft.TaskHandle} sees it: the status, the result or failure,
 * and the tasks joining it. {@link Task} extends it (rather than holding one) so that a task is one
 * allocation.
 *
 * <p><b>Status.</b> {@code status} only moves forward: PENDING→RUNNING when the task starts,
 * →CANCELLING when a handle cancels it (by CAS from PENDING or RUNNING, so a cancel that races the
 * start or the end wins or loses cleanly), and to one final state written once by the task itself
 * in {@link #complete}. The task's own PENDING→RUNNING is a CAS too: its loser (a handle already
 * set CANCELLING) keeps CANCELLING.
 *
 * <p><b>Joiners</b> publish a waiter in {@code joiners} and then re-read the status; {@link
 * #complete} writes the final status and then reads {@code joiners}. With volatile accesses one of
 * them sees the other (the Dekker pattern): a joiner is either woken by {@code complete} or sees
 * the final status and takes its waiter back. No monitor is taken on the task's way out.
 */
public abstract sealed class TaskOutcome permits TaskInterrupts {
    private static final VarHandle STATUS;

    static {
        try {
            STATUS =
                    MethodHandles.lookup()
                            .findVarHandle(TaskOutcome.class, "status", TaskHandle.Status.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile TaskHandle.Status status = TaskHandle.Status.PENDING;
    // The result once FINISHED, the Throwable once FAILED or CANCELLED (one field: a task has one
    // or the other); published by the volatile write of status, which says which it is.
    private Object outcome;
    private volatile WaitQueue joiners;

    TaskOutcome() {}

    /** The handle status. */
    public TaskHandle.Status status() {
        return status;
    }

    /** PENDING→RUNNING; loses (and changes nothing) if a handle already cancelled the task. */
    void markRunning() {
        STATUS.compareAndSet(this, TaskHandle.Status.PENDING, TaskHandle.Status.RUNNING);
    }

    /** Marks the task CANCELLING if it has not finished; returns whether it changed. */
    public boolean markCancelling() {
        for (; ; ) {
            TaskHandle.Status s = status;
            if (s != TaskHandle.Status.PENDING && s != TaskHandle.Status.RUNNING) {
                return false;
            }
            if (STATUS.compareAndSet(this, s, TaskHandle.Status.CANCELLING)) {
                return true;
            }
            // Lost to the task starting (PENDING→RUNNING) or to another cancel: re-read.
        }
    }

    /**
     * Records the outcome and wakes the joiners: {@code error} if the body (or its root scope) let
     * one out, else a cancellation the root scope swallowed ({@code swallowed}), else {@code
     * value}.
     */
    void complete(Object value, Throwable error, Cancelled swallowed) {
        if (error == null && swallowed != null) {
            outcome = swallowed;
            status = TaskHandle.Status.CANCELLED;
        } else if (error instanceof Cancelled) {
            outcome = error;
            status = TaskHandle.Status.CANCELLED;
        } else if (error != null) {
            outcome = error;
            status = TaskHandle.Status.FAILED;
        } else {
            outcome = value;
            status = TaskHandle.Status.FINISHED;
        }
        // After the status write: a joiner that publishes later sees the status (see join).
        WaitQueue js = joiners;
        if (js != null) {
            for (Waiter w; (w = js.poll()) != null; ) {
                if (w instanceof DoneAction a) {
                    a.action.run();
                } else {
                    w.tryResume(null);
                }
            }
        }
    }

    /**
     * Runs {@code action} once the task has finished: at once in the calling thread if it has, else
     * in the task's own thread as it ends (after its status is final). The action must be short and
     * must not throw; it is queued with the joiners and follows their protocol (see {@link #join}).
     *
     * <p>Returns what takes the action back if it has not run yet: a caller that stops needing it
     * before the task ends must call that, or the action (and what it captured) stays queued for as
     * long as the task runs.
     */
    public Runnable whenDone(Runnable action) {
        if (status.isDone()) {
            action.run();
            return NOTHING;
        }
        DoneAction a = new DoneAction((Task) this, action);
        WaitQueue q = joiners();
        q.add(a);
        if (status.isDone() && q.remove(a)) {
            action.run(); // complete() did not see it, and now it never will
            return NOTHING;
        }
        return () -> q.remove(a); // a no-op once complete() has taken it
    }

    private static final Runnable NOTHING = () -> {};

    /** A queued {@link #whenDone} action: a waiter nobody awaits, only fired. */
    private static final class DoneAction extends Waiter {
        final Runnable action;

        DoneAction(Task task, Runnable action) {
            super(task, false);
            this.action = action;
        }
    }

    private WaitQueue joiners() {
        WaitQueue q = joiners;
        if (q == null) {
            synchronized (this) {
                q = joiners;
                if (q == null) {
                    joiners = q = new WaitQueue();
                }
            }
        }
        return q;
    }

    /** How many joiners and {@link #whenDone} actions are queued (for tests). */
    public int queuedJoiners() {
        WaitQueue q = joiners;
        return q == null ? 0 : q.size();
    }

    /** The outcome of a task whose body never ran because its thread could not be started. */
    void failedBeforeStart(Throwable error) {
        outcome = error;
        status = TaskHandle.Status.FAILED;
    }

    /** The body's return value once FINISHED, else null. */
    public Object result() {
        return status == TaskHandle.Status.FINISHED ? outcome : null;
    }

    /** The failure or cancellation once FAILED or CANCELLED, else null. */
    public Throwable failure() {
        TaskHandle.Status s = status;
        return s == TaskHandle.Status.FAILED || s == TaskHandle.Status.CANCELLED
                ? (Throwable) outcome
                : null;
    }

    /**
     * Waits until the task has finished. A checkpoint for {@code caller} (the calling task): throws
     * {@code Cancelled} if it is cancelled, before or during the wait; cancelling the caller does
     * not affect the awaited task.
     */
    public void join(Task caller) {
        caller.checkCancelled();
        if (status.isDone()) {
            caller.yieldPoint();
            return;
        }
        Waiter w = new Waiter(caller, true);
        WaitQueue q = joiners();
        q.add(w);
        // Re-check after publishing: complete() writes the final status before it reads
        // `joiners`, so a joiner it did not see sees the status here. If we can still take our
        // waiter back, nobody completed it; otherwise complete() did (or will), and the await
        // returns at once.
        if (status.isDone() && q.remove(w)) {
            caller.yieldPoint();
            return;
        }
        if (w.await(this) == Waiter.CANCELLED) {
            q.remove(w);
            throw caller.cancelledNow();
        }
    }
}
