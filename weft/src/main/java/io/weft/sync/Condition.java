package io.weft.sync;

import io.weft.internal.Task;
import io.weft.internal.WaitQueue;
import io.weft.internal.Waiter;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable (AnyIO's {@code Condition}): a {@link Lock} plus a queue of tasks waiting to
 * be signalled. A task holding the lock calls {@link #await()} to release it and wait; another task
 * holding the lock calls {@link #signal()} or {@link #signalAll()} to wake waiters, which
 * re-acquire the lock before {@code await()} returns.
 *
 * <pre>{@code
 * Condition changed = new Condition();
 * // consumer
 * try (var _ = changed.acquire()) {
 *     changed.awaitFor(() -> !queue.isEmpty());
 *     item = queue.poll();
 * }
 * // producer
 * try (var _ = changed.acquire()) {
 *     queue.add(item);
 *     changed.signal();
 * }
 * }</pre>
 *
 * <p>AnyIO's {@code wait()}, {@code notify(n)} and {@code notify_all()} are {@code await()}, {@code
 * signal(n)} and {@code signalAll()} here, as in {@code java.util.concurrent.locks.Condition}:
 * {@code Object.wait} and {@code notify} are final methods of every Java object.
 *
 * <p>Thread-safe; the tasks of several runtimes may share one condition.
 *
 * <h2>Checkpoints</h2>
 *
 * <ul>
 *   <li>{@link #acquire()}: as {@link Lock#acquire()}.
 *   <li>{@link #await()} is a checkpoint: it throws {@link io.weft.Cancelled} first if the task is
 *       cancelled, and its wait for a signal can be cancelled. Re-acquiring the lock afterwards is
 *       shielded: it waits for the lock even when the task is cancelled.
 *   <li>{@link #awaitFor} is a checkpoint each time it waits; if the predicate holds at once it
 *       returns without one.
 *   <li>{@link #acquireNowait()}, {@link #release()}, {@link #signal(int)}, {@link #signalAll()},
 *       {@link #locked()} and {@link #statistics()} are not checkpoints and never block.
 * </ul>
 *
 * <p><b>Algorithm.</b> {@code await()} queues a {@link Waiter} (FIFO, under the queue's monitor)
 * while it still holds the lock, then releases the lock and parks. {@code signal(n)} takes waiters
 * off the front of the queue and resumes them until {@code n} resumptions have succeeded. Because a
 * signaller must hold the lock, and a waiter is queued before it releases the lock, no signal can
 * fall between the two.
 *
 * <p><b>Linearisation point</b> of a signal to one waiter: the waiter's CAS ({@link
 * Waiter#tryResume}). A waiter cancelled at the same moment either wins its CAS with the
 * cancellation, and the signal goes to the next waiter (AnyIO's handover of a notification on
 * cancel), or loses it, and then returns normally, signalled, and meets the cancellation at its
 * next checkpoint. A signal is never lost to a cancelled waiter.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Wait in a loop, or with {@link #awaitFor}: by the time a signalled task has re-acquired the
 *       lock, another task may have changed the state again.
 *   <li>A signal wakes only tasks already waiting; it is not remembered. Change the state the
 *       waiters test <em>and</em> signal while holding the lock.
 *   <li>{@code await()} waits for the lock even when cancelled, so a task that never releases the
 *       lock keeps a cancelled waiter from ending.
 *   <li>{@code awaitFor}'s predicate runs with the lock held; it must not take the lock or wait.
 * </ul>
 */
public final class Condition {
    private final Lock lock;
    private final WaitQueue waiters = new WaitQueue();
    private final Held held = this::release;

    /** A condition with a new, unlocked {@link Lock} of its own. */
    public Condition() {
        this(new Lock());
    }

    /**
     * A condition using {@code lock}, which other conditions (or code locking it directly) may
     * share.
     */
    public Condition(Lock lock) {
        this.lock =
                Objects.requireNonNull(
                        lock,
                        "lock is null: use new Condition() for a condition with a lock of its own");
    }

    /**
     * Acquires the underlying lock, as {@link Lock#acquire()}, and returns a {@link Held} whose
     * {@code close()} releases it. If this throws {@link io.weft.Cancelled}, the task does not hold
     * the lock.
     *
     * @throws io.weft.Cancelled if the task is cancelled before it gets the lock
     * @throws IllegalStateException if the calling task already holds the lock
     */
    public Held acquire() {
        lock.acquire();
        return held;
    }

    /**
     * Acquires the underlying lock without waiting, as {@link Lock#acquireNowait()}.
     *
     * @throws io.weft.WouldBlock if another task holds it
     * @throws IllegalStateException if the calling task already holds it
     */
    public void acquireNowait() {
        lock.acquireNowait();
    }

    /**
     * Releases the underlying lock, as {@link Lock#release()}.
     *
     * @throws IllegalStateException if the calling task does not hold it
     */
    public void release() {
        lock.release();
    }

    /** Whether some task holds the underlying lock (a snapshot). */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Releases the lock, waits until another task signals this condition, and re-acquires the lock
     * before returning, also when it throws. A checkpoint. If this throws {@link
     * io.weft.Cancelled}, the task was not signalled (a signal meant for it went to the next
     * waiter) and holds the lock again.
     *
     * @throws io.weft.Cancelled if the task is cancelled before it is signalled
     * @throws IllegalStateException if the calling task does not hold the lock
     */
    public void await() {
        Task t = Task.current();
        t.checkCancelled();
        if (!lock.isHeldBy(t)) {
            throw notHolding(t, "await()");
        }
        Waiter w = new Waiter(t, true);
        waiters.add(w); // before releasing: a signaller needs the lock, so it comes after this
        lock.release();
        int outcome = w.await(this);
        if (outcome != Waiter.RESUMED) {
            waiters.remove(w); // cancelled first: no signal chose it (or a signaller skipped it)
        }
        lock.acquireShielded(t);
        if (outcome == Waiter.CANCELLED) {
            throw t.cancelledNow();
        }
    }

    /**
     * Waits ({@link #await()}, repeatedly) until {@code predicate} is true; the predicate is tested
     * with the lock held, first before any wait. If it is true at once, this returns without a
     * checkpoint. If this throws {@link io.weft.Cancelled}, the predicate was last seen false and
     * the task holds the lock again.
     *
     * @throws io.weft.Cancelled if the task is cancelled while it waits
     * @throws IllegalStateException if the calling task does not hold the lock
     */
    public void awaitFor(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        Task t = Task.current();
        if (!lock.isHeldBy(t)) {
            throw notHolding(t, "awaitFor()");
        }
        while (!predicate.getAsBoolean()) {
            await();
        }
    }

    /**
     * Wakes up to {@code n} waiting tasks, the longest-waiting first; fewer if fewer wait. A waiter
     * that is being cancelled at the same moment does not use up a wakeup: it goes to the next
     * waiter. Not a checkpoint.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException if the calling task does not hold the lock
     */
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot signal a negative number of tasks: " + n);
        }
        checkHolding("signal()");
        for (int woken = 0; woken < n; ) {
            Waiter w = waiters.poll();
            if (w == null) {
                return;
            }
            if (w.tryResume(null)) {
                woken++;
            }
            // Lost: that waiter was cancelled first; the signal goes to the next one.
        }
    }

    /** {@code signal(1)}: wakes the longest-waiting task, if any. */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes every waiting task. Not a checkpoint.
     *
     * @throws IllegalStateException if the calling task does not hold the lock
     */
    public void signalAll() {
        checkHolding("signalAll()");
        for (Waiter w; (w = waiters.poll()) != null; ) {
            w.tryResume(null); // a loser was cancelled first and is leaving anyway
        }
    }

    /** A snapshot: how many tasks wait for a signal, and the lock's statistics. */
    public ConditionStatistics statistics() {
        return new ConditionStatistics(waiters.size(), lock.statistics());
    }

    @Override
    public String toString() {
        return "Condition[" + lock + ", waiting=" + waiters.size() + "]";
    }

    private void checkHolding(String what) {
        Task t = Task.currentOrNull();
        if (t == null || !lock.isHeldBy(t)) {
            throw notHolding(t, what);
        }
    }

    private IllegalStateException notHolding(Task caller, String what) {
        LockStatistics s = lock.statistics();
        return new IllegalStateException(
                "The current task is not holding the underlying lock: "
                        + what
                        + " was called by "
                        + TaskInfos.describeCaller(caller)
                        + (s.owner() == null
                                ? ", but the lock is not held"
                                : ", but the lock is held by task '"
                                        + s.owner().name()
                                        + "' (id "
                                        + s.owner().id()
                                        + ")"));
    }
}
