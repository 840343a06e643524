package io.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The one wait primitive: a task parked until exactly one party decides how its wait ends.
 *
 * <p><b>State.</b> A waiter is WAITING until exactly one party decides how it ends: RESUMED (with a
 * value), CANCELLED, TIMED_OUT or FAILED (with an exception to throw). The single {@code
 * compareAndSet} that moves {@code outcome} out of a waiting state (in {@link #complete} or {@link
 * #tryClaim}) is the linearisation point of every Weft blocking operation: whoever wins it decides
 * the outcome, and every other party's attempt fails and has no effect. A value handed to a waiter
 * is therefore never lost to a racing cancellation (the canceller loses the CAS, the waiter returns
 * the value and meets the cancellation at its next checkpoint), and a cancelled waiter never also
 * consumes a value (the producer loses the CAS and offers its value to someone else).
 *
 * <p><b>Running or parked.</b> WAITING has two forms in {@code outcome}: {@code null} while the
 * task still counts as running (it has not reached {@link #await(Object)}, or it spins there), and
 * {@link #PARKED} once the task committed to parking ({@link #commitToPark()}, a CAS from {@code
 * null}) and counted itself as blocked. The party that ends the wait learns from the same CAS which
 * form it ended: from {@code null} it does nothing more, since the task has not parked and will see
 * the outcome when its own CAS fails; from {@code PARKED} it counts the task as running again and
 * unparks it. So a hand-off to a task that is still spinning costs one CAS and touches neither the
 * runtime's running count nor the thread.
 *
 * <p><b>Protocol.</b> The task creates a waiter, publishes it where a producer can find it (for
 * example in a {@link WaitQueue}), then calls {@link #await(Object)} at once; producers, cancellers
 * and the timer call the {@code try*} methods from any thread. Every published waiter must be
 * awaited, because {@link #await(Object)} is where the task counts itself as blocked.
 *
 * <p><b>Claim, then resume.</b> A producer that must decide under its own lock (a channel that
 * moves a waiting sender's item into its buffer only if that sender is still waiting) but should
 * not unpark a task while holding it splits the completion in two: {@link #tryClaim()} is the same
 * single CAS (to an intermediate claimed state that every other party loses to, and that the task
 * does not yet see as done), and {@link #resumeClaimed} publishes the value and wakes the task once
 * the lock is released. The claimer must call {@code resumeClaimed} exactly once, promptly: a task
 * whose wait was claimed before it parked waits for that call without parking.
 *
 * <p>A timed wait schedules the {@link Timer} that {@link #timeout()} makes; a waiter carries no
 * timer fields of its own, because most waits have no deadline of their own (a scope's deadline
 * cancels them instead) and every parked task holds a waiter.
 */
public class Waiter {
    /**
     * {@link #await(Object)} result: completed by {@link #tryResume}; the value is {@link
     * #value()}.
     */
    public static final int RESUMED = 0;

    /** {@link #await(Object)} result: completed by {@link #tryCancel}. */
    public static final int CANCELLED = 1;

    /** {@link #await(Object)} result: the deadline passed first. */
    public static final int TIMED_OUT = 2;

    /**
     * {@link #await(Object)} result: completed by {@link #tryFail}; the error is {@link
     * #failure()}.
     */
    public static final int FAILED = 3;

    private static final Object NULL_VALUE = new Object();
    private static final Object CANCELLED_MARK = new Object();
    private static final Object TIMED_OUT_MARK = new Object();
    // Waiting, the task committed to parking and counted itself blocked (see commitToPark).
    private static final Object PARKED = new Object();
    // Claimed (tryClaim) while the task still counted as running; it will not park.
    private static final Object CLAIMED = new Object();
    // Claimed while the task was parked; resumeClaimed counts it running and unparks it.
    private static final Object CLAIMED_PARKED = new Object();

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
        for (; ; ) {
            Object o = outcome;
            if (o == null) {
                if (OUTCOME.compareAndSet(this, null, CLAIMED)) {
                    return true;
                }
            } else if (o == PARKED) {
                if (OUTCOME.compareAndSet(this, PARKED, CLAIMED_PARKED)) {
                    return true;
                }
            } else {
                // Lost: the wait was cancelled, timed out, completed or claimed first; the caller
                // keeps its value.
                return false;
            }
            // The CAS lost to the task committing to park (null -> PARKED) or to another party
            // deciding; re-read which.
        }
    }

    /**
     * As {@link #tryClaim()}, for a claimer that already knows the value it will resume the wait
     * with: a wait whose task has not parked is ended with {@code value} by this same CAS (there is
     * nobody to wake, so nothing is left for after the claimer's lock), and only a parked one is
     * claimed. Either way, after true the caller calls {@link #resumeClaimed} with the same value,
     * which then does nothing or wakes the task. One write less to the waiter for a task spinning
     * on it, and that task sees its value one step earlier.
     */
    public final boolean tryClaimFor(Object value) {
        return claimFor(value == null ? NULL_VALUE : value);
    }

    /**
     * The CAS of {@link #tryClaimFor} and {@link #complete}: ends a wait whose task has not parked
     * with {@code v}, claims a parked one (CLAIMED_PARKED: the caller must wake it with {@code v}).
     */
    private boolean claimFor(Object v) {
        for (; ; ) {
            Object o = outcome;
            if (o == null) {
                if (OUTCOME.compareAndSet(this, null, v)) {
                    return true; // the task has not parked: its commitToPark fails, it sees v
                }
            } else if (o == PARKED) {
                // Claimed first, so that the count rises before the task can see v.
                if (OUTCOME.compareAndSet(this, PARKED, CLAIMED_PARKED)) {
                    return true;
                }
            } else {
                return false; // Lost: ended or claimed first; the caller keeps its value.
            }
            // The CAS lost to the task committing to park or to another party; re-read which.
        }
    }

    /**
     * Ends a wait that the caller claimed with {@link #tryClaim()} (or {@link #tryClaimFor}) with
     * {@code value}, and wakes the task. Call it exactly once per successful claim, outside any
     * lock if possible.
     */
    public final void resumeClaimed(Object value) {
        Object o = outcome;
        if (o == CLAIMED_PARKED) {
            wakeParked(value == null ? NULL_VALUE : value);
        } else if (o == CLAIMED) {
            // The task has not parked; it is waiting for exactly this write.
            outcome = value == null ? NULL_VALUE : value;
        }
        // Otherwise tryClaimFor already ended the wait with this value.
    }

    /**
     * Publishes {@code v} to a task that counted itself blocked, after counting it as running again
     * (so it never runs uncounted), and wakes it.
     */
    private void wakeParked(Object v) {
        WeftRuntime rt = task.runtime;
        if (rt.instruments != null) {
            rt.instruments.scheduled(task); // before the task can see v and run on
        }
        rt.taskUnblocked();
        outcome = v;
        task.resume();
    }

    /** Whether the wait has ended (a claimed wait has not ended until it is resumed). */
    public final boolean isDone() {
        Object o = outcome;
        return o != null && o != PARKED && o != CLAIMED && o != CLAIMED_PARKED;
    }

    /**
     * The task commits to parking: from now on, whoever ends the wait counts the task as running
     * again and unparks it. Returns false, and changes nothing, if the wait was already ended or
     * claimed: the task then must not park (a claimed wait is ended by {@link #resumeClaimed}
     * without waking anyone).
     */
    final boolean commitToPark() {
        // Lost: a party ended or claimed the wait while the task still counted as running.
        return OUTCOME.compareAndSet(this, null, PARKED);
    }

    /** Whether the wait has ended or been claimed, i.e. the task must not commit to parking. */
    final boolean isDecided() {
        Object o = outcome;
        return o != null && o != PARKED;
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
     *
     * @param on what the task waits on, shown by the task-tree dump and the {@code LongWait} event:
     *     the public object the caller called (the {@code Event}, the stream, the task joined), or
     *     null if there is none (a sleep). Kept by the task, not by the waiter, for the wait only.
     */
    public final int await(Object on) {
        task.park(this, on);
        return kind();
    }

    /** How the wait ended, or -1 while it is still waiting. */
    public final int kind() {
        Object o = outcome;
        if (o == null || o == PARKED || o == CLAIMED || o == CLAIMED_PARKED) {
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

    /**
     * A new timer entry that, at its deadline, ends this wait with {@link #TIMED_OUT} unless it has
     * ended already. The caller schedules it, and cancels it if the wait ends otherwise.
     */
    public final Timer timeout() {
        return new Timer() {
            @Override
            protected void onDeadline() {
                complete(TIMED_OUT_MARK);
            }
        };
    }

    private boolean complete(Object v) {
        if (!claimFor(v)) {
            return false; // another party already decided how this wait ends; nothing changed
        }
        if (outcome == CLAIMED_PARKED) {
            wakeParked(v); // ours alone until published
        }
        return true;
    }
}
