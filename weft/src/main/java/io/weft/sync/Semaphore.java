package io.weft.sync;

import io.weft.WouldBlock;
import io.weft.internal.Task;
import io.weft.internal.WaitQueue;
import io.weft.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.OptionalInt;

/**
 * A counting semaphore (AnyIO's {@code Semaphore}): {@link #acquire()} takes one unit of the value,
 * waiting while it is zero, and {@link #release()} gives one back. It has no owner: any task, or
 * any thread, may release.
 *
 * <pre>{@code
 * Semaphore slots = new Semaphore(2);           // at most two at a time
 * TaskGroup.run(tg -> {
 *     for (int i = 0; i < 10; i++) {
 *         tg.startSoon(() -> {
 *             try (var _ = slots.acquire()) {
 *                 useSharedResource();
 *             }
 *         });
 *     }
 * });
 * }</pre>
 *
 * <p>With a maximum ({@link #Semaphore(int, int)}), releasing past it is an error: a bounded
 * semaphore catches a release without a matching acquire.
 *
 * <p>Thread-safe; the tasks of several runtimes may share one semaphore. {@link #release()} and
 * {@link #acquireNowait()} may be called from any thread, also one that is not a Weft task.
 *
 * <h2>Checkpoints</h2>
 *
 * <ul>
 *   <li>{@link #acquire()} is a checkpoint: it throws {@link io.weft.Cancelled} first if the task
 *       is cancelled; if the value is positive it takes one and then lets other tasks run without
 *       checking for cancellation again; with {@code fastAcquire} it skips that yield. If the value
 *       is zero it waits, and the wait can be cancelled. On the parallel backends, where a yield
 *       gives up the carrier only once the task's time slice is spent, that happens just before
 *       taking the unit, so a task never leaves its carrier holding a unit it has just taken (the
 *       others would queue behind it, and with first-come hand-off the queue outlives the yield).
 *   <li>{@link #acquireNowait()}, {@link #release()}, {@link #value()} and {@link #statistics()}
 *       are not checkpoints and never block.
 * </ul>
 *
 * <p><b>Algorithm.</b> One {@code int} word, {@code state}, holds the value while nobody waits; the
 * uncontended paths are one CAS each ({@code v → v - 1}, {@code v → v + 1}). When the value is zero
 * an acquirer, under the monitor of the wait queue, turns the state into {@code CONTENDED} (value
 * zero, waiters queued) and queues a {@link Waiter}. A release that finds {@code CONTENDED} hands
 * its unit straight to the first waiter without ever making the value positive, so a late {@link
 * #acquireNowait()} cannot take a unit a waiter was owed.
 *
 * <p><b>Invariants.</b> {@code state >= 0} implies the queue is empty; {@code CONTENDED} means the
 * value is zero, and it changes only under the monitor; the value never exceeds the maximum.
 *
 * <p><b>Linearisation points.</b> An uncontended acquire or release: its CAS. A handoff: the
 * waiter's CAS in {@link Waiter#tryClaim} (under the monitor; the releaser wakes the waiter with
 * {@link Waiter#resumeClaimed} after releasing it). A waiter cancelled at the same moment either
 * wins that CAS with its cancellation, and the unit goes to the next waiter (or back into the
 * value), or loses it, and then returns holding the unit and meets the cancellation at its next
 * checkpoint.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Nothing checks that the task releasing is the one that acquired; pair them with {@code try
 *       (var held = semaphore.acquire())}. Without a maximum, a stray {@code release()} silently
 *       raises the limit; give the semaphore a maximum to catch it.
 *   <li>For "at most N tasks at once, each holding at most one", prefer {@link CapacityLimiter}: it
 *       tracks who borrowed and catches a task borrowing twice.
 *   <li>With {@code fastAcquire}, a loop whose only checkpoint is an uncontended {@code acquire()}
 *       never lets other tasks run on the SERIAL backend.
 * </ul>
 */
public final class Semaphore {
    private static final int CONTENDED = -1;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Semaphore.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int maxValue; // -1: no maximum
    private final boolean fastAcquire;
    private final WaitQueue waiters = new WaitQueue();
    private final Held held = this::release;
    private volatile int state; // the value, or CONTENDED

    /** A semaphore with value {@code initialValue}, no maximum, and a full-checkpoint acquire. */
    public Semaphore(int initialValue) {
        this(initialValue, -1, false, false);
    }

    /**
     * A semaphore with value {@code initialValue} and no maximum.
     *
     * @param fastAcquire if true, an {@link #acquire()} that need not wait does not let other tasks
     *     run (it is only a cancel point)
     * @throws IllegalArgumentException if {@code initialValue} is negative
     */
    public Semaphore(int initialValue, boolean fastAcquire) {
        this(initialValue, -1, false, fastAcquire);
    }

    /**
     * A semaphore with value {@code initialValue} that may never exceed {@code maxValue}.
     *
     * @throws IllegalArgumentException if {@code initialValue} is negative or above {@code
     *     maxValue}
     */
    public Semaphore(int initialValue, int maxValue) {
        this(initialValue, maxValue, true, false);
    }

    /**
     * A semaphore with value {@code initialValue} that may never exceed {@code maxValue}.
     *
     * @param fastAcquire if true, an {@link #acquire()} that need not wait does not let other tasks
     *     run (it is only a cancel point)
     * @throws IllegalArgumentException if {@code initialValue} is negative or above {@code
     *     maxValue}
     */
    public Semaphore(int initialValue, int maxValue, boolean fastAcquire) {
        this(initialValue, maxValue, true, fastAcquire);
    }

    private Semaphore(int initialValue, int maxValue, boolean bounded, boolean fastAcquire) {
        if (initialValue < 0) {
            throw new IllegalArgumentException(
                    "initialValue must be >= 0, but was " + initialValue);
        }
        if (bounded && maxValue < initialValue) {
            throw new IllegalArgumentException(
                    "maxValue must be equal to or higher than initialValue, but maxValue is "
                            + maxValue
                            + " and initialValue "
                            + initialValue);
        }
        this.state = initialValue;
        this.maxValue = bounded ? maxValue : -1;
        this.fastAcquire = fastAcquire;
    }

    /**
     * Takes one unit of the value, waiting while it is zero, and returns a {@link Held} whose
     * {@code close()} releases it. Waiters are served in the order they started waiting. A
     * checkpoint (see the class comment). If this throws {@link io.weft.Cancelled}, no unit was
     * taken.
     *
     * @throws io.weft.Cancelled if the task is cancelled before it gets a unit
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public Held acquire() {
        Task t = Task.current();
        t.checkCancelled();
        if (!fastAcquire) {
            t.yieldBeforeTaking();
        }
        if (tryTake()) {
            if (!fastAcquire) {
                t.yieldAfterTaking();
            }
            return held;
        }
        acquireSlow(t);
        return held;
    }

    /**
     * Takes one unit if the value is positive, without waiting. Not a checkpoint; callable from any
     * thread.
     *
     * @throws WouldBlock if the value is zero (also when a released unit is on its way to a waiting
     *     task)
     */
    public void acquireNowait() {
        if (!tryTake()) {
            throw new WouldBlock("the semaphore's value is 0");
        }
    }

    /**
     * Gives one unit back: to the longest-waiting task if any waits, else to the value. Not a
     * checkpoint; never blocks; callable from any thread.
     *
     * @throws IllegalStateException if the value is already at the maximum ("released too many
     *     times")
     */
    public void release() {
        for (; ; ) {
            int v = state;
            if (v == CONTENDED) {
                if (releaseSlow()) {
                    return;
                }
                continue; // the waiters left meanwhile; the value is a count again
            }
            if (maxValue >= 0 && v >= maxValue) {
                throw tooMany();
            }
            // CAS v → v + 1. The loser lost to another acquire or release (or to a waiter
            // queueing) and re-reads.
            if (STATE.compareAndSet(this, v, v + 1)) {
                return;
            }
        }
    }

    /** The current value (a snapshot); 0 while tasks wait. */
    public int value() {
        int v = state;
        return v == CONTENDED ? 0 : v;
    }

    /** The maximum value, if the semaphore has one. */
    public OptionalInt maxValue() {
        return maxValue >= 0 ? OptionalInt.of(maxValue) : OptionalInt.empty();
    }

    /** A snapshot: how many tasks wait for a unit. */
    public SemaphoreStatistics statistics() {
        return new SemaphoreStatistics(waiters.size());
    }

    @Override
    public String toString() {
        return "Semaphore[value="
                + value()
                + (maxValue >= 0 ? ", max=" + maxValue : "")
                + ", waiting="
                + waiters.size()
                + "]";
    }

    // ---------------------------------------------------------------- internals

    /** Takes a unit if the value is positive. */
    private boolean tryTake() {
        for (; ; ) {
            int v = state;
            if (v <= 0) {
                return false; // zero, or CONTENDED
            }
            // CAS v → v - 1. The loser lost to another acquire or a release and re-reads.
            if (STATE.compareAndSet(this, v, v - 1)) {
                return true;
            }
        }
    }

    private void acquireSlow(Task t) {
        Waiter w = new Waiter(t, true);
        synchronized (waiters) {
            for (; ; ) {
                int v = state;
                if (v > 0) {
                    // Released since the fast path. CAS v → v - 1; the loser lost to a fast
                    // acquire or release and re-reads.
                    if (STATE.compareAndSet(this, v, v - 1)) {
                        w = null;
                        break;
                    }
                } else if (v == 0) {
                    // CAS 0 → CONTENDED. The loser lost to a fast release (0 → 1) and re-reads.
                    if (STATE.compareAndSet(this, 0, CONTENDED)) {
                        waiters.add(w);
                        break;
                    }
                } else {
                    waiters.add(w);
                    break;
                }
            }
        }
        if (w == null) {
            if (!fastAcquire) {
                t.yieldAfterTaking();
            }
            return;
        }
        if (w.await(this) == Waiter.RESUMED) {
            return; // a releaser handed its unit to this waiter
        }
        // CANCELLED: no releaser handed this waiter a unit (one that polled it lost tryClaim and
        // offered the unit to the next waiter).
        synchronized (waiters) {
            waiters.remove(w);
            if (waiters.size() == 0 && state == CONTENDED) {
                state = 0; // nobody waits any more; CONTENDED changes only under this monitor
            }
        }
        throw t.cancelledNow();
    }

    /** Release with waiters queued; false if they had all left (the caller retries). */
    private boolean releaseSlow() {
        Waiter granted = null;
        synchronized (waiters) {
            if (state != CONTENDED) {
                return false;
            }
            if (maxValue == 0) {
                throw tooMany();
            }
            for (Waiter w; (w = waiters.poll()) != null; ) {
                // Claim under the monitor (the handoff's CAS), wake after releasing it, so that
                // the woken task and the next releaser do not find the monitor held.
                if (w.tryClaim()) {
                    if (waiters.size() == 0) {
                        state = 0; // the unit went to the waiter; nobody else waits
                    }
                    granted = w;
                    break;
                }
                // Lost: that waiter was cancelled first; offer the unit to the next one.
            }
            if (granted == null) {
                // Every queued waiter had been cancelled: the unit goes back into the value. A
                // plain write: CONTENDED changes only under this monitor, and fast paths leave it
                // alone.
                state = 1;
            }
        }
        if (granted != null) {
            granted.resumeClaimed(null);
        }
        return true;
    }

    private IllegalStateException tooMany() {
        return new IllegalStateException(
                "semaphore released too many times: its value is already its maximum, " + maxValue);
    }
}
