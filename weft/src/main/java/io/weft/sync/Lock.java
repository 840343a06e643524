package io.weft.sync;

import io.weft.CheckedCallable;
import io.weft.CheckedRunnable;
import io.weft.WouldBlock;
import io.weft.internal.Task;
import io.weft.internal.WaitQueue;
import io.weft.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A mutual-exclusion lock owned by one task at a time (AnyIO's {@code Lock}): only the task that
 * acquired it may release it, it is not reentrant, and waiters get it in first-in, first-out order.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 * try (var _ = lock.acquire()) {
 *     balance += amount;          // one task at a time
 * }
 * lock.withLock(() -> balance -= fee);
 * }</pre>
 *
 * <p>Thread-safe: the tasks of a runtime run in parallel, and tasks of several runtimes may share
 * one lock. A lock can be created outside any runtime.
 *
 * <h2>Checkpoints</h2>
 *
 * <ul>
 *   <li>{@link #acquire()} is a checkpoint: it throws {@link io.weft.Cancelled} first if the task
 *       is cancelled; if the lock is free it takes it and then lets other tasks run without
 *       checking for cancellation again (AnyIO's {@code cancel_shielded_checkpoint}); with {@code
 *       fastAcquire} it skips that yield, so an uncontended acquire is only a cancel point. If the
 *       lock is held it waits, and the wait can be cancelled. On the parallel backends, where a
 *       yield gives up the carrier only once the task's time slice is spent, that happens just
 *       before taking the lock, so a task never leaves its carrier holding a lock it has just
 *       taken.
 *   <li>{@link #acquireNowait()}, {@link #release()}, {@link #locked()} and {@link #statistics()}
 *       are not checkpoints and never block.
 * </ul>
 *
 * <p><b>Algorithm.</b> One word, {@code state}, says who holds the lock: {@code null} (free, nobody
 * waiting), the owner's {@code Task} (held, nobody waiting) or a {@code Contended} record naming
 * the owner (held, waiters queued). The uncontended paths are one CAS each: acquire {@code null →
 * task}, release {@code task → null}. Everything else happens under the monitor of the wait queue:
 * a task that finds the lock held turns the state into {@code Contended} (by CAS, racing only the
 * owner's fast release) and queues a {@link Waiter}; a release that finds {@code Contended} takes
 * the first waiter off the queue and hands it the lock, making it the owner <em>before</em> it
 * wakes (direct handoff), so the state is never {@code null} while a task waits and a late {@link
 * #acquireNowait()} cannot barge in.
 *
 * <p><b>Invariants.</b> {@code state == null} or a {@code Task} implies the queue is empty; a
 * {@code Contended} state changes only under the monitor; only the owner moves the state away from
 * its own {@code Task} except to {@code Contended}.
 *
 * <p><b>Linearisation points.</b> An uncontended acquire or release: its CAS. A contended acquire:
 * the waiter's CAS in {@link Waiter#tryClaim} (the handoff, under the monitor; the releaser wakes
 * the waiter with {@link Waiter#resumeClaimed} after releasing the monitor). A waiter's
 * cancellation races that CAS: if the cancellation wins, the releaser offers the lock to the next
 * waiter (or frees it); if the handoff wins, the waiter returns holding the lock and meets the
 * cancellation at its next checkpoint. The lock is never lost and a cancelled waiter never ends up
 * holding it.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Not reentrant: acquiring a lock the task already holds throws {@link IllegalStateException}
 *       instead of deadlocking. Restructure the code so that the inner call does not lock, or pass
 *       the fact that it is held along.
 *   <li>Owned by a task, not a thread: release it in the task that acquired it. Handing a held lock
 *       to a child task (or a worker thread) and releasing it there fails.
 *   <li>A task that ends (or fails) while holding the lock leaves it locked forever. Use {@code try
 *       (var held = lock.acquire())} or {@link #withLock}, never a bare {@code acquire()} without
 *       {@code finally}.
 *   <li>This is not {@code java.util.concurrent.locks.ReentrantLock}: waiting here is a Weft wait
 *       that cancellation ends; a JDK lock held across a Weft checkpoint blocks the carrier thread
 *       and cannot be cancelled.
 * </ul>
 */
public final class Lock {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Lock.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The owner while waiters are queued. Guarded by the queue's monitor; read racily. */
    private static final class Contended {
        volatile Task owner;
    }

    private final boolean fastAcquire;
    private final WaitQueue waiters = new WaitQueue();
    private final Held held = this::release;
    private volatile Object state; // null | Task | Contended
    private Contended contended; // created on first contention; guarded by the queue's monitor

    /** An unlocked lock whose uncontended {@link #acquire()} is a full checkpoint. */
    public Lock() {
        this(false);
    }

    /**
     * An unlocked lock.
     *
     * @param fastAcquire if true, an uncontended {@link #acquire()} does not let other tasks run
     *     (it is only a cancel point): faster, but a loop that does nothing else between acquires
     *     never lets the runtime's other tasks run on the SERIAL backend
     */
    public Lock(boolean fastAcquire) {
        this.fastAcquire = fastAcquire;
    }

    /**
     * Acquires the lock, waiting if another task holds it, and returns a {@link Held} whose {@code
     * close()} releases it. Waiters get the lock in the order they started waiting. A checkpoint
     * (see the class comment). If this throws {@link io.weft.Cancelled}, the task does not hold the
     * lock.
     *
     * @throws io.weft.Cancelled if the task is cancelled before it gets the lock
     * @throws IllegalStateException if the calling task already holds this lock
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public Held acquire() {
        Task t = Task.current();
        t.checkCancelled();
        if (!fastAcquire) {
            t.yieldBeforeTaking();
        }
        // CAS null → t. The loser finds the lock held (or waiters queued) and takes the slow path.
        if (STATE.compareAndSet(this, null, t)) {
            if (!fastAcquire) {
                t.yieldAfterTaking();
            }
            return held;
        }
        acquireSlow(t, true);
        return held;
    }

    /**
     * Acquires the lock if it is free, without waiting. Not a checkpoint.
     *
     * @throws WouldBlock if another task holds the lock (or it was just handed to a waiting task)
     * @throws IllegalStateException if the calling task already holds this lock
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public void acquireNowait() {
        Task t = Task.current();
        // CAS null → t. The loser fails: the lock is held, or handed on to a waiter.
        if (STATE.compareAndSet(this, null, t)) {
            return;
        }
        Task owner = ownerOf(state);
        if (owner == t) {
            throw alreadyHeld(t);
        }
        throw new WouldBlock(
                "the lock is held by "
                        + (owner == null ? "another task" : TaskInfos.describe(owner)));
    }

    /**
     * Releases the lock; if tasks are waiting, the first of them gets it at once. Not a checkpoint;
     * never blocks.
     *
     * @throws IllegalStateException if the calling task does not hold the lock (the message names
     *     the owner and the caller)
     */
    public void release() {
        Object s = state;
        // CAS owner → null, only by the owner's own thread. The loser (waiters were queued
        // meanwhile, so the state became Contended) hands the lock on in the slow path.
        if (s instanceof Task t
                && t.thread() == Thread.currentThread()
                && STATE.compareAndSet(this, t, null)) {
            return;
        }
        releaseSlow();
    }

    /**
     * Runs {@code body} holding the lock and returns its value; the lock is released however the
     * body ends. Acquiring is a checkpoint, as in {@link #acquire()}; if the task is cancelled
     * while it waits for the lock, the body does not run.
     *
     * @throws X what the body throws
     * @throws io.weft.Cancelled if the task is cancelled before it gets the lock
     * @throws IllegalStateException if the calling task already holds this lock
     */
    public <T, X extends Throwable> T withLock(CheckedCallable<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        acquire();
        try {
            return body.call();
        } finally {
            release();
        }
    }

    /** As {@link #withLock(CheckedCallable)}, for a body without a result. */
    public <X extends Throwable> void withLock(CheckedRunnable<X> body) throws X {
        Objects.requireNonNull(body, "body");
        acquire();
        try {
            body.run();
        } finally {
            release();
        }
    }

    /** Whether some task holds the lock (a snapshot). Not a checkpoint. */
    public boolean locked() {
        return state != null;
    }

    /** A snapshot of the lock: whether it is held, by which task, and how many tasks wait. */
    public LockStatistics statistics() {
        Task owner;
        int waiting;
        synchronized (waiters) {
            owner = ownerOf(state);
            waiting = waiters.size();
        }
        return new LockStatistics(
                owner != null, owner == null ? null : TaskInfos.of(owner), waiting);
    }

    @Override
    public String toString() {
        Task owner = ownerOf(state);
        return owner == null
                ? "Lock[unlocked]"
                : "Lock[locked by "
                        + TaskInfos.describe(owner)
                        + ", waiting="
                        + waiters.size()
                        + "]";
    }

    // ---------------------------------------------------------------- for Condition

    /** Whether {@code t} holds the lock. */
    boolean isHeldBy(Task t) {
        return ownerOf(state) == t;
    }

    /**
     * Acquires the lock for {@code t} in a wait that cancellation does not end (a condition's
     * re-acquire after its wait, AnyIO's shielded {@code acquire}). Neither a cancel point nor, on
     * the fast path, a schedule point.
     */
    void acquireShielded(Task t) {
        // CAS null → t. The loser waits in the slow path, not cancellable.
        if (!STATE.compareAndSet(this, null, t)) {
            acquireSlow(t, false);
        }
    }

    // ---------------------------------------------------------------- slow paths

    private void acquireSlow(Task t, boolean cancellable) {
        Waiter w = new Waiter(t, cancellable);
        synchronized (waiters) {
            for (; ; ) {
                Object s = state;
                if (s == null) {
                    // Freed since the fast path. CAS null → t; the loser lost to another fast
                    // acquire and re-reads.
                    if (STATE.compareAndSet(this, null, t)) {
                        w = null;
                        break;
                    }
                } else if (s instanceof Task owner) {
                    if (owner == t) {
                        throw alreadyHeld(t);
                    }
                    Contended c = contended;
                    if (c == null) {
                        contended = c = new Contended();
                    }
                    c.owner = owner; // not yet visible: the state does not refer to c
                    // CAS owner → Contended. The loser lost to the owner's fast release (the state
                    // is now null) and re-reads.
                    if (STATE.compareAndSet(this, owner, c)) {
                        waiters.add(w);
                        break;
                    }
                } else {
                    if (((Contended) s).owner == t) {
                        throw alreadyHeld(t);
                    }
                    waiters.add(w);
                    break;
                }
            }
        }
        if (w == null) {
            // Took a lock that was freed meanwhile: the uncontended path after all.
            if (cancellable && !fastAcquire) {
                t.yieldAfterTaking();
            }
            return;
        }
        if (w.await(this) == Waiter.RESUMED) {
            return; // the releaser made t the owner before it resumed the waiter
        }
        // CANCELLED: the cancellation won the waiter's CAS, so no releaser chose this waiter (a
        // releaser that polled it lost tryClaim and offered the lock to the next one).
        synchronized (waiters) {
            waiters.remove(w);
            if (waiters.size() == 0 && state instanceof Contended c) {
                state = c.owner; // nobody waits any more: the owner's release is fast again
            }
        }
        throw t.cancelledNow();
    }

    private void releaseSlow() {
        Task caller = Task.currentOrNull();
        Waiter granted = null;
        synchronized (waiters) {
            Object s = state;
            if (s instanceof Contended c) {
                if (c.owner != caller) {
                    throw notOwner(caller, c.owner);
                }
                for (Waiter w; (w = waiters.poll()) != null; ) {
                    // Make the waiter's task the owner before resuming it, so that it (and anyone
                    // it talks to) sees itself as the owner once it wakes.
                    Task next = w.task();
                    if (waiters.size() == 0) {
                        state = next;
                    } else {
                        c.owner = next;
                    }
                    // Claim under the monitor (the handoff's CAS), wake after releasing it, so
                    // that the woken task and the next releaser do not find the monitor held.
                    if (w.tryClaim()) {
                        granted = w;
                        break;
                    }
                    // Lost: the waiter was cancelled first and will not take the lock; offer it
                    // to the next one.
                }
                if (granted == null) {
                    state = null;
                }
            } else if (s != null && s == caller) {
                // Our fast release lost to a waiter queueing, and that waiter has since been
                // cancelled and left: nobody waits. Only the owner changes a Task state (other
                // than to Contended, under this monitor), so a plain write is enough.
                state = null;
            } else {
                throw notOwner(caller, (Task) s);
            }
        }
        if (granted != null) {
            granted.resumeClaimed(null);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Task ownerOf(Object s) {
        return s == null ? null : s instanceof Task t ? t : ((Contended) s).owner;
    }

    private static IllegalStateException alreadyHeld(Task t) {
        return new IllegalStateException(
                "Attempted to acquire an already held Lock: "
                        + TaskInfos.describe(t)
                        + " holds it already (a Weft Lock is not reentrant)");
    }

    private static IllegalStateException notOwner(Task caller, Task owner) {
        return new IllegalStateException(
                "The current task is not holding this lock: release() was called by "
                        + TaskInfos.describeCaller(caller)
                        + (owner == null
                                ? ", but the lock is not held"
                                : ", but the lock is held by " + TaskInfos.describe(owner)));
    }
}
