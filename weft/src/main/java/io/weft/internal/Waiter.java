package io.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The one wait primitive: a task parked until exactly one party decides how its wait ends.
 *
 * <p><b>State.</b> A waiter starts WAITING ({@code outcome == null}) and leaves that state exactly
 * once, to RESUMED (with a value), CANCELLED, TIMED_OUT or FAILED (with an exception to throw), or
 * to CLAIMED on the way to RESUMED (see below). The single {@code compareAndSet} on {@code outcome}
 * in {@link #complete} is the linearisation point of every Weft blocking operation: whoever wins it
 * decides the outcome, and every other party's attempt fails and has no effect. A value handed to a
 * waiter is therefore never lost to a racing cancellation (the canceller loses the CAS, the waiter
 * returns the value and meets the cancellation at its next checkpoint), and a cancelled waiter
 * never also consumes a value (the producer loses the CAS and offers its value to someone else).
 *
 * <p><b>Protocol.</b> The task creates a waiter, publishes it where a producer can find it (for
 * example in a {@link WaitQueue}), then calls {@link #await()} at once; producers, cancellers and
 * the timer call the {@code try*} methods from any thread. The winner of the CAS counts the task as
 * running again and unparks it. Every published waiter must be awaited, because {@link #await()} is
 * where the task counts itself as blocked.
 *
 * <p><b>Claim, then resume.</b> A producer that must decide under its own lock (a channel that
 * moves a waiting sender's item into its buffer only if that sender is still waiting) but should
 * not unpark a task while holding it splits the completion in two: {@link #tryClaim()} is the same
 * single CAS (to an intermediate CLAIMED state that every other party loses to, and that the task
 * does not yet see as done), and {@link #resumeClaimed} publishes the value and wakes the task once
 * the lock is released. The claimer must call {@code resumeClaimed} exactly once, promptly.
 *
 * <p>A waiter is also a {@link Timer}, so a timed wait schedules itself without allocating.
 */
public class Waiter extends Timer {
    /** {@link #await()} result: completed by {@link #tryResume}; the value is {@link #value()}. */
    public static final int RESUMED = 0;

    /** {@link #await()} result: completed by {@link #tryCancel}. */
    public static final int CANCELLED = 1;

    /** {@link #await()} result: the deadline passed first. */
    public static final int TIMED_OUT = 2;

    /** {@link #await()} result: completed by {@link #tryFail}; the error is {@link #failure()}. */
    public static final int FAILED = 3;

    private static final Object NULL_VALUE = new Object();
    private static final Object CANCELLED_MARK = new Object();
    private static final Object TIMED_OUT_MARK = new Object();
    private static final Object CLAIMED = new Object();

    private record Failure(Throwable error) {}

    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(Waiter.class, "outcome", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Task task;
    final boolean cancellable;
    private volatile Object outcome;

    // Whether the task may spin briefly before it parks (see Spin); set before publication.
    boolean spin;

    // Links of the WaitQueue holding this waiter; guarded by that queue's lock.
    Waiter prev;
    Waiter next;
    WaitQueue queue;

    /**
     * Creates a waiter for {@code task}, which must be the calling task.
     *
     * @param cancellable whether a cancellation of the task's scope ends the wait; a wait that is
     *     not cancellable is ended only by a producer, the deadline or a failure
     */
    public Waiter(Task task, boolean cancellable) {
        this.task = task;
        this.cancellable = cancellable;
    }

    /**
     * Lets the task spin briefly before it parks, when the runtime has CPUs to spare (see {@code
     * Spin}): for waits that another running task usually ends within about a park-and-unpark's
     * time (a channel hand-off, a lock hand-over). Call before publishing the waiter.
     *
     * @return this waiter
     */
    public final Waiter spinFirst() {
        spin = true;
        return this;
    }

    /** The task this waiter belongs to. */
    public final Task task() {
        return task;
    }

    /**
     * Ends the wait with {@code value}. Returns false, and changes nothing, if the wait had already
     * ended; the caller still owns {@code value} then.
     */
    public final boolean tryResume(Object value) {
        return complete(value == null ? NULL_VALUE : value);
    }

    /** Ends the wait as cancelled. Returns false if the wait had already ended. */
    public final boolean tryCancel() {
        return complete(CANCELLED_MARK);
    }

    /** Ends the wait so that the task throws {@code error}. Returns false if it had ended. */
    public final boolean tryFail(Throwable error) {
        return complete(new Failure(error));
    }

    /**
     * Claims the wait for the caller: the same single CAS as {@link #tryResume}, so a canceller,
     * the timer or another producer now loses, but the task stays parked (and counted as blocked)
     * until the caller calls {@link #resumeClaimed}. Returns false, and changes nothing, if the
     * wait had already ended or been claimed.
     */
    public final boolean tryClaim() {
        // Lost: the wait was cancelled, timed out or completed first; the caller keeps its value.
        return OUTCOME.compareAndSet(this, null, CLAIMED);
    }

    /**
     * Ends a wait that the caller claimed with {@link #tryClaim()} with {@code value}, and wakes
     * the task. Call it exactly once per successful claim, outside any lock if possible.
     */
    public final void resumeClaimed(Object value) {
        // Counted as running before the task can see the outcome, so it never runs uncounted.
        task.runtime.taskUnblocked();
        outcome = value == null ? NULL_VALUE : value;
        task.resume();
    }

    /** Whether the wait has ended (a claimed wait has not ended until it is resumed). */
    public final boolean isDone() {
        Object o = outcome;
        return o != null && o != CLAIMED;
    }

    /** Whether the wait ended by cancellation. */
    public final boolean isCancelled() {
        return outcome == CANCELLED_MARK;
    }

    /** The value the wait was resumed with; only meaningful after {@link #RESUMED}. */
    public final Object value() {
        Object o = outcome;
        return o == NULL_VALUE ? null : o;
    }

    /** The error the wait failed with; only meaningful after {@link #FAILED}. */
    public final Throwable failure() {
        return outcome instanceof Failure f ? f.error() : null;
    }

    /**
     * Parks the calling task until the wait ends and returns how it ended ({@link #RESUMED}, {@link
     * #CANCELLED}, {@link #TIMED_OUT} or {@link #FAILED}). A cancellable wait whose task is already
     * effectively cancelled ends at once as CANCELLED unless a producer won first.
     */
    public final int await() {
        task.park(this);
        return kind();
    }

    /** How the wait ended, or -1 while it is still waiting. */
    public final int kind() {
        Object o = outcome;
        if (o == null || o == CLAIMED) {
            return -1;
        } else if (o == CANCELLED_MARK) {
            return CANCELLED;
        } else if (o == TIMED_OUT_MARK) {
            return TIMED_OUT;
        } else if (o instanceof Failure) {
            return FAILED;
        }
        return RESUMED;
    }

    @Override
    protected final void onDeadline() {
        complete(TIMED_OUT_MARK);
    }

    private boolean complete(Object o) {
        if (!OUTCOME.compareAndSet(this, null, o)) {
            // Lost: another party already decided how this wait ends. Nothing was changed.
            return false;
        }
        task.runtime.taskUnblocked();
        task.resume();
        return true;
    }
}
