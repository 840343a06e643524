package io.weft.internal;

import io.weft.Cancelled;
import io.weft.ExceptionGroup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scope of a task group, plus the group's bookkeeping: its children, the count of tasks it must
 * wait for, and the failures it will report.
 *
 * <p><b>Count word.</b> {@code pending} counts unfinished children plus reservations for pending
 * {@code start()} calls. The host closes the group by CAS 0→CLOSED; spawning reserves by CAS n→n+1
 * and fails once CLOSED. So a task is either counted before the host closes (and the host waits for
 * it) or refused: nothing can be started into a group that has stopped waiting. The child that
 * brings the count to zero wakes the host; the host publishes its waiter before re-reading the
 * count, and a child decrements before reading the waiter, so one of them always sees the other.
 *
 * <p><b>No thread outlives its group.</b> A finishing child swaps its thread into {@code
 * lastFinished}; the thread that was there before has usually ended by then, and if it has not, the
 * child queues it in {@code stragglers} (before it counts itself finished) instead of waiting for
 * it. The host, after the count reaches zero, joins the last one and every straggler. Every child
 * thread has therefore terminated when the group exits, and no child parks to wait for another:
 * when many children end at once (a cancelled group), a chain of joins would park nearly every one
 * of them. A child also drops stragglers that have ended from the head of the queue, so a
 * long-lived group does not accumulate them.
 *
 * <p><b>Child list.</b> An array of the children in start order, under a spin lock. Every child is
 * in it from before its thread starts until it has ended, so a cancel walk ({@link
 * #childrenSnapshot}) reaches every live child; the walk skips children that have ended. An ending
 * child does not remove itself (that would make every ending child take the lock against the
 * spawner); instead a spawn that finds the array full first compacts it, dropping the children that
 * have ended, and doubles it only if it is still at least half full. So that a group whose children
 * end without new ones being spawned does not keep the ended ones, an ending child that leaves a
 * power of two of unfinished children compacts the array too if it is more than about twice that
 * (and shrinks it if it is mostly empty): a handful of compactions while a large group drains. Each
 * spawn and each end costs amortised O(1), and no spawn writes into another task's object.
 *
 * <p><b>Failures.</b> The first failure (of the host body or a child) cancels the group's scope;
 * every failure is kept in order of occurrence and thrown as one {@link ExceptionGroup} when the
 * group exits. {@code Cancelled} is never recorded; if nothing failed but the body or a child ended
 * with one, the group throws a single {@code Cancelled} for the scope that caused it.
 */
public final class GroupScope extends Scope {
    private static final int CLOSED = Integer.MIN_VALUE;

    /** The task that runs the group's body. */
    public final Task host;

    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Thread> lastFinished = new AtomicReference<>();
    private final ConcurrentLinkedQueue<Thread> stragglers = new ConcurrentLinkedQueue<>();
    private volatile Waiter hostWaiter;
    private volatile boolean childCancelled;
    private static final VarHandle CHILD_LOCK;

    static {
        try {
            CHILD_LOCK =
                    MethodHandles.lookup().findVarHandle(GroupScope.class, "childLock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The child list (see the class comment); guarded by childLock (see lockChildren).
    private volatile int childLock;
    private Task[] children = NO_CHILDREN;
    private int childCount;
    private static final Task[] NO_CHILDREN = {};
    private List<Throwable> errors;

    /** A group scope for {@code host}, the calling task; enter it with {@link #enter}. */
    public GroupScope(Task host) {
        this.host = host;
    }

    /** Body of a group, run in the host task. */
    @FunctionalInterface
    public interface Body {
        /** Runs the group's body. */
        Object run() throws Throwable;
    }

    /** Body of a task started with {@code start()}; it receives its status. */
    @FunctionalInterface
    public interface StartBody {
        /**
         * Runs the task, which must call {@code status.started(...)} once it is ready, and returns
         * its result.
         */
        Object run(StartStatus<Object> status) throws Throwable;
    }

    // ---------------------------------------------------------------- running the group

    /**
     * Runs {@code body} as the host of this group, waits for every child, and returns the body's
     * result; throws the group's {@link ExceptionGroup}, or a {@code Cancelled} if the only reason
     * to stop was an outer cancellation.
     */
    public Object run(Body body) {
        Task h = host;
        enter(h);
        Object result = null;
        Throwable hostError = null;
        try {
            result = body.run();
        } catch (Throwable t) {
            hostError = h.asCancellationIfInterrupted(t);
            if (!(hostError instanceof Cancelled)) {
                recordFailure(hostError, "the group's host task raised ");
            }
        }
        boolean hadChildren = awaitChildren();
        Throwable out = takeErrors();
        if (out == null && hostError != null) {
            out = hostError; // a Cancelled
        }
        if (out == null) {
            // Trio's rule (AnyIO since 4.1): the wait for children is where a cancellation of
            // the host lands, and a child's Cancelled is the group's too; either makes the group
            // throw one Cancelled for the scope that caused it. With nothing to wait for and no
            // child cancelled, leaving is only a schedule point, even in a cancelled scope.
            Scope origin = hadChildren || childCancelled ? h.cancelOrigin() : null;
            if (origin != null) {
                out = h.cancelled(origin, null);
            } else if (!hadChildren) {
                h.yieldPoint();
            }
        }
        out = exit(h, out);
        if (out != null) {
            throw Secrets.sneakyThrow(out);
        }
        return result;
    }

    /**
     * Waits, without being cancellable, until every child has finished and its thread has ended,
     * then closes the group to new tasks. Returns whether there were children.
     */
    boolean awaitChildren() {
        boolean had = false;
        for (; ; ) {
            int n = pending.get();
            if (n == 0) {
                if (pending.compareAndSet(0, CLOSED)) {
                    break;
                }
                continue; // lost to a spawn; it will be waited for
            }
            had = true;
            Waiter w = new Waiter(host, false);
            hostWaiter = w;
            if (pending.get() == 0) {
                w.tryResume(null);
            }
            w.await(this);
            hostWaiter = null;
        }
        Thread last = lastFinished.getAndSet(null);
        if (last != null) {
            Task.joinQuietly(last);
        }
        for (Thread t; (t = stragglers.poll()) != null; ) {
            Task.joinQuietly(t);
        }
        return had;
    }

    private synchronized ExceptionGroup takeErrors() {
        if (errors == null || errors.isEmpty()) {
            return null;
        }
        ExceptionGroup g = new ExceptionGroup("unhandled errors in a TaskGroup", errors);
        errors = null;
        return g;
    }

    private void recordFailure(Throwable error, String what) {
        synchronized (this) {
            if (errors == null) {
                errors = new ArrayList<>(2);
            }
            errors.add(error);
        }
        cancelInternal(what + error, describeCaller(), false);
    }

    // ---------------------------------------------------------------- children

    /**
     * Reserves a place for one more task; false if the group is closed.
     *
     * @return whether the reservation was made
     */
    boolean tryReserve() {
        for (; ; ) {
            int n = pending.get();
            if (n < 0) {
                return false;
            }
            if (pending.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (pending.decrementAndGet() == 0) {
            Waiter w = hostWaiter;
            if (w != null) {
                w.tryResume(null);
            }
        }
    }

    private void ensureActive() {
        if (!tryReserve()) {
            throw new IllegalStateException(
                    "this task group is not active; no new tasks can be started (the group has"
                            + " exited)");
        }
    }

    /**
     * Starts {@code body} as a new child task of the calling task {@code spawner}. Not a
     * checkpoint.
     *
     * @throws IllegalStateException if the group has exited
     */
    public Task spawn(Task spawner, String name, Object nameSource, Object body) {
        ensureActive();
        Task child = new Task(host.runtime, host, this, name, nameSource, body);
        child.locals = spawner.locals; // inherits the spawner's task-locals as they are now
        startThread(child);
        return child;
    }

    private void startThread(Task child) {
        try {
            addChild(child); // may have to grow the list
        } catch (Throwable e) {
            child.failBeforeStart(e);
            release();
            throw e;
        }
        host.runtime.taskSpawned();
        try {
            child.createThread();
            if (host.runtime.serial != null) {
                host.runtime.serial.spawned(child); // queued: it runs once this task gives way
            }
            child.startThread();
        } catch (Throwable e) {
            if (host.runtime.serial != null) {
                host.runtime.serial.exit(child);
            }
            removeChild(child);
            host.runtime.taskEnded();
            child.failBeforeStart(e);
            release();
            throw e;
        }
    }

    /**
     * Starts {@code body} in a new task and waits until it calls {@code status.started(value)};
     * returns the task (its start value is set). Until then the task runs in a private scope inside
     * the caller's current scope, so cancelling the caller cancels it; {@code started} moves it
     * into this group.
     *
     * <p>If the task fails or returns before {@code started}, that is thrown from here and not
     * recorded in the group. If the caller is cancelled first, the task is cancelled too, the
     * caller waits for it to end or start, and the cancellation is thrown.
     */
    public Task start(Task caller, String name, Object nameSource, StartBody body) {
        ensureActive();
        GroupScope privateScope = new GroupScope(caller);
        privateScope.enter(caller);
        StartStatus<Object> status = new StartStatus<>(this, privateScope);
        Throwable out = null;
        Task child = null;
        try {
            privateScope.ensureActive();
            child =
                    new Task(
                            host.runtime,
                            caller,
                            privateScope,
                            name,
                            nameSource,
                            (TaskBody) () -> body.run(status));
            status.task = child;
            child.startStatus = status;
            child.locals = caller.locals;
            privateScope.startThread(child);
            if (status.await(caller, true)) {
                out = startFailure(caller, status);
            } else {
                Error cancel = caller.cancelledNow();
                privateScope.cancelInternal(
                        "the task that called start() was cancelled", describeCaller(), false);
                status.await(caller, false);
                Throwable dropped = status.exitFailure();
                if (dropped != null && !(dropped instanceof Cancelled)) {
                    cancel.addSuppressed(dropped);
                }
                out = cancel;
            }
        } catch (Throwable e) {
            out = e;
        }
        if (!status.isStarted()) {
            release(); // the reservation was never used
        }
        privateScope.awaitChildren();
        out = privateScope.exit(caller, out);
        if (out != null) {
            throw Secrets.sneakyThrow(out);
        }
        return child;
    }

    private static Throwable startFailure(Task caller, StartStatus<?> status) {
        if (status.isStarted()) {
            return null;
        }
        Throwable f = status.exitFailure();
        if (f == null) {
            return new IllegalStateException(
                    "task '"
                            + status.task.name()
                            + "' exited without calling TaskStatus.started()");
        }
        if (f instanceof Cancelled && caller.cancelOrigin() != null) {
            return caller.cancelledNow();
        }
        return f;
    }

    /** Moves {@code t} from {@code from} (a start() call's private scope) into this group. */
    void adopt(Task t, GroupScope from) {
        // The move is one step under both lists' locks: in two steps, a cancel of this group
        // between them could miss t (unlinked from `from` first) or a cancel of `from` reach it
        // (linked here first). Lock order from -> this cannot deadlock: `from`
        // is the start() call's private scope, whose lock nothing takes while holding another's.
        from.lockChildren();
        try {
            lockChildren();
            try {
                from.unlinkChild(t);
                linkChild(t);
            } finally {
                unlockChildren();
            }
        } finally {
            from.unlockChildren();
        }
        t.group = this;
        t.parentTask = host;
        t.root.parent = this;
        from.release();
    }

    void childFailed(Task child, Throwable error) {
        recordFailure(error, "task '" + child.name() + "' raised ");
    }

    /** A child ended with a {@code Cancelled}; the group rethrows one at its end. */
    void childCancelled() {
        childCancelled = true;
    }

    /**
     * The last steps of a child's thread. It wakes the host (if it is the last child) before it
     * counts itself as ended, so the runtime's running count never touches zero in between: for
     * that instant every task would look parked although the host is being woken, and {@code
     * waitAllTasksBlocked} (or a virtual clock's autojump) would act on it. The host still waits
     * for this thread to end (through {@code lastFinished}), so the count is settled by then.
     */
    void childFinished(Task child) {
        // Stays in the child list (see the class comment), which a spawn compacts, or this, now
        // and then, when few children are left.
        // A heuristic, so snapshots do: of pending, and of childCount read without the lock.
        int left = pending.get() - 1;
        if (left > 0 && (left & (left - 1)) == 0 && childCount > 2 * left + 8) {
            compactChildren();
        }
        Thread previous = lastFinished.getAndSet(child.thread);
        if (previous != null && previous.isAlive()) {
            stragglers.add(previous); // before release(): the host must find it when it exits
        }
        // Drop stragglers that have ended: nobody need join them. remove(t), not poll(): another
        // child may have dropped t meanwhile, and poll() would then take a live thread.
        for (Thread t; (t = stragglers.peek()) != null && !t.isAlive(); ) {
            stragglers.remove(t);
        }
        release();
        child.runtime.taskEnded();
        child.clearInterruptAtEnd();
    }

    /**
     * Takes the child-list lock. A CAS spin lock rather than the monitor: the host adds children
     * while finishing children remove themselves, and a contended monitor would park a virtual
     * thread for a critical section of a few pointer writes. The loser of the CAS spins, and yields
     * its thread now and then so that a holder queued on the same carrier can finish.
     */
    private void lockChildren() {
        for (int spins = 1; !CHILD_LOCK.compareAndSet(this, 0, 1); spins++) {
            if ((spins & 63) == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void unlockChildren() {
        CHILD_LOCK.setRelease(this, 0);
    }

    private void addChild(Task t) {
        lockChildren();
        try {
            linkChild(t);
        } finally {
            unlockChildren();
        }
    }

    private void linkChild(Task t) {
        Task[] a = children;
        int n = childCount;
        if (n == a.length) {
            n = compact(a, n);
            if (2 * n >= a.length) { // still at least half full: grow, so compaction stays rare
                a = children = Arrays.copyOf(a, Math.max(8, a.length * 2));
            }
        }
        a[n] = t;
        childCount = n + 1;
    }

    /** Drops the ended children from the list, and shrinks it if it is then mostly empty. */
    private void compactChildren() {
        lockChildren();
        try {
            int n = compact(children, childCount);
            childCount = n;
            if (children.length > 64 && n < children.length / 4) {
                children = Arrays.copyOf(children, Math.max(8, 2 * n));
            }
        } finally {
            unlockChildren();
        }
    }

    /** Drops the ended children from {@code a[0..n)}, keeping the order; returns the new count. */
    private int compact(Task[] a, int n) {
        int j = 0;
        for (int i = 0; i < n; i++) {
            Task c = a[i];
            if (c.mode != Task.DONE) {
                a[j++] = c;
            }
        }
        Arrays.fill(a, j, n, null);
        return j;
    }

    private void removeChild(Task t) {
        lockChildren();
        try {
            unlinkChild(t);
        } finally {
            unlockChildren();
        }
    }

    /** Removes {@code t} if it is in the list (searched from the end: usually the newest). */
    private void unlinkChild(Task t) {
        Task[] a = children;
        for (int i = childCount - 1; i >= 0; i--) {
            if (a[i] == t) {
                System.arraycopy(a, i + 1, a, i, childCount - i - 1);
                a[--childCount] = null;
                return;
            }
        }
    }

    /** What dumps show a host waiting at the end of its group waits on (a snapshot). */
    @Override
    public String toString() {
        int n = pending.get();
        return "TaskGroup[" + (n < 0 ? "closed" : n + " unfinished") + "]";
    }

    /** The children that have not ended, in start order (a copy). */
    public Task[] childrenSnapshot() {
        lockChildren();
        try {
            Task[] a = children;
            int n = childCount;
            Task[] out = new Task[n];
            int j = 0;
            for (int i = 0; i < n; i++) {
                if (a[i].mode != Task.DONE) {
                    out[j++] = a[i];
                }
            }
            return j == n ? out : Arrays.copyOf(out, j);
        } finally {
            unlockChildren();
        }
    }
}
