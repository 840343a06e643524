package io.weft.internal;

import io.weft.Backend;
import io.weft.Cancelled;
import io.weft.NoRuntimeError;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One task: a thread plus the state Weft keeps for it (identity, current cancel scope, wait and
 * interrupt state). What its handle sees of how it ended is its superclass {@link TaskOutcome};
 * when a checkpoint gives up the thread on the parallel backends, in {@link TimeSlice}.
 *
 * <p><b>Cancellation is pulled and pushed.</b> A checkpoint <em>pulls</em>: {@link #cancelOrigin()}
 * walks the scope chain from the task's current scope outwards to the first shield and reports the
 * outermost cancelled scope on it. {@code Scope.cancel} <em>pushes</em>: it finds every task under
 * the scope and calls {@link #wakeIfCancelled()}, which ends the task's Weft wait if it is parked
 * in one, or interrupts its thread if it is running (it may be blocked in a JDK call Weft does not
 * own).
 *
 * <p><b>Mode word.</b> {@code mode} is RUNNING, PARKED (in a Weft wait), NO_INTERRUPT (inside a
 * section where an interrupt would do harm, such as an NIO channel operation), INTERRUPTING (a
 * canceller, or the task itself in {@link #arm()}, is delivering an interrupt) or NEW/DONE. Only
 * the winner of a CAS RUNNING→INTERRUPTING may interrupt the thread, so an interrupt can never land
 * inside a NO_INTERRUPT section or during {@link #disarm()}. The task itself moves RUNNING↔PARKED
 * and RUNNING↔NO_INTERRUPT, waiting out a brief INTERRUPTING.
 *
 * <p><b>Why nothing is missed.</b> A canceller writes {@code cancelCalled} and then reads {@code
 * mode}; the task writes {@code mode} (or its {@code waiter}) and then reads {@code cancelCalled}.
 * With volatile accesses at least one side sees the other's write: either the task's re-check sees
 * the cancellation, or the canceller sees the task parked (and cancels its waiter) or running (and
 * interrupts it).
 *
 * <p><b>The interrupt flag mirrors cancellation.</b> While the task runs user code and is
 * effectively cancelled, its interrupt flag is set (by a canceller, or by the task itself on
 * returning from Weft code: {@link #syncInterrupt()}), so JDK blocking calls fail with {@code
 * InterruptedException} the way Weft checkpoints throw {@code Cancelled}. When the task leaves the
 * cancelled scope or enters a shield, the flag Weft set is cleared again: no interrupt outlives the
 * scope that caused it.
 */
public final class Task extends TaskOutcome implements Runnable {
    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();
    private static final AtomicLong IDS = new AtomicLong();

    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int PARKED = 2;
    static final int NO_INTERRUPT = 3;
    static final int INTERRUPTING = 4;
    static final int DONE = 5;

    private static final VarHandle MODE;
    private static final VarHandle CURRENT_SCOPE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MODE = l.findVarHandle(Task.class, "mode", int.class);
            CURRENT_SCOPE = l.findVarHandle(Task.class, "current", Scope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Unique in the JVM, starting at 1. */
    public final long id;

    /** The runtime this task belongs to. */
    public final WeftRuntime runtime;

    /** The task's own root scope: its parent is the group scope; {@code TaskHandle.cancel}. */
    public final Scope root;

    /** The runtime's baton on the SERIAL backend, else null. */
    private final SerialScheduler serial;

    // Scheduling state on SERIAL; guarded by the scheduler's monitor.
    int serialState;
    int serialNumber;

    private final TaskBody body;
    private final Object nameSource;
    private volatile String name;
    volatile Task parentTask;
    volatile GroupScope group;
    volatile Scope current;
    Thread thread;

    private volatile int mode = NEW;
    private volatile Waiter waiter;
    private volatile boolean weftInterruptPending;

    // Sibling links in the group's child list; guarded by the group's child-list lock.
    Task prevSibling;
    Task nextSibling;

    volatile StartStatus<?> startStatus;

    /**
     * A task the runtime runs for a thread outside it (see {@link WeftRuntime#callInSystemTask}).
     */
    boolean systemTask;

    /** The task's {@code TaskLocal} values (see {@link TaskLocals}); its own thread only. */
    Object[] locals = TaskLocals.EMPTY;

    private TimeSlice slice; // created at the first schedule point; the task's own thread only
    private int spinBudget = Spin.INITIAL; // see Spin; the task's own thread only

    // Checkpoint counters for io.weft.testing.Checkpoints (Trio's _cancel_points and
    // _schedule_points): cancel points in the low 32 bits, schedule points in the high 32, so that
    // checkpoint() counts both with one add (two separate int fields cost it twice as much in
    // CheckpointBench). A plain field: written and read only by the task's own thread. A carry
    // out of the low half (after 2^32 cancel points) bumps the high half once; harmless.
    private long points;

    Task(
            WeftRuntime runtime,
            Task parentTask,
            GroupScope group,
            String name,
            Object nameSource,
            TaskBody body) {
        this.id = IDS.incrementAndGet();
        this.runtime = runtime;
        this.parentTask = parentTask;
        this.group = group;
        this.name = name;
        this.nameSource = nameSource;
        this.body = body;
        this.root = Scope.taskRoot(this, group);
        this.current = root;
        this.serial = runtime.serial;
    }

    // ---------------------------------------------------------------- identity

    /** The task bound to the calling thread. */
    public static Task current() {
        Task t = CURRENT.get();
        if (t == null) {
            throw new NoRuntimeError(
                    "this Weft operation must be called from a task of a running Weft runtime,"
                            + " but thread '"
                            + Thread.currentThread().getName()
                            + "' is not a Weft task; start one with Weft.run(...)");
        }
        return t;
    }

    /** The task bound to the calling thread, or null. */
    public static Task currentOrNull() {
        return CURRENT.get();
    }

    /** The task's name: the one it was given, or one derived from its code's class. */
    public String name() {
        String n = name;
        if (n == null) {
            n = defaultName(nameSource);
            name = n;
        }
        return n;
    }

    /** The id of the task that started this one (the group's host once started), or 0. */
    public long parentId() {
        Task p = parentTask;
        return p == null ? 0 : p.id;
    }

    /** The task's thread. */
    public Thread thread() {
        return thread;
    }

    /** Whether the task is parked in a Weft wait right now (a snapshot). */
    public boolean isParked() {
        return mode == PARKED;
    }

    /** The group the task currently belongs to, or null for a runtime's root task. */
    public GroupScope group() {
        return group;
    }

    /** The name of a task running {@code fn} that was given none: derived from its class. */
    public static String defaultName(Object fn) {
        if (fn == null) {
            return "task";
        }
        String cn = fn.getClass().getName();
        int i = cn.indexOf("$$Lambda");
        return i >= 0 ? cn.substring(0, i) + ".lambda" : cn;
    }

    @Override
    public String toString() {
        return "Task[" + id + " '" + name() + "']";
    }

    // ---------------------------------------------------------------- running

    @Override
    public void run() {
        CURRENT.set(this);
        try {
            if (serial != null && serial.awaitTurn(this, serial)) {
                thread.interrupt(); // interrupted before it first ran: keep it
            }
            mode = RUNNING;
            markRunning();
            syncInterrupt(); // spawned into a cancelled scope: JDK calls must see it too
            Object value = null;
            Throwable error = null;
            try {
                value = body.run();
            } catch (Throwable t) {
                error = t;
            }
            error = root.exit(this, error);
            finish(value, error);
        } finally {
            if (serial != null) {
                serial.exit(this);
            }
            CURRENT.remove();
        }
    }

    private void finish(Object value, Throwable error) {
        mode = DONE;
        complete(value, error, root.swallowed);
        GroupScope g = group;
        if (g == null) {
            if (systemTask) {
                runtime.systemTaskEnded(this);
            }
            runtime.taskEnded();
            return;
        }
        StartStatus<?> st = startStatus;
        boolean toStarter = st != null && st.childExited(error);
        if (!toStarter && error instanceof Cancelled) {
            g.childCancelled();
        } else if (!toStarter && error != null) {
            g.childFailed(this, error);
        }
        g.childFinished(this);
    }

    /** The body was never run because the task's thread could not be started. */
    void failBeforeStart(Throwable error) {
        failedBeforeStart(error);
        mode = DONE;
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * The outermost cancelled scope visible from the task's current scope (walking outwards and
     * stopping at the first shield), or null if the task is not effectively cancelled.
     */
    public Scope cancelOrigin() {
        return Scope.effectiveCancelOrigin(current);
    }

    /** Throws {@code Cancelled} if the task is effectively cancelled; never yields. */
    public void checkCancelled() {
        points++;
        cancelCheck();
    }

    private void cancelCheck() {
        Scope origin = cancelOrigin();
        if (origin != null) {
            throw cancelled(origin, null);
        }
    }

    /** The {@code Cancelled} to throw now, for a task known to be cancelled. */
    public Error cancelledNow() {
        Scope origin = cancelOrigin();
        if (origin == null) {
            // The wait was cancelled and the scope has since been un-cancelled (shield set by
            // another thread); still report the cancellation that ended the wait.
            return Secrets.newCancelled("Cancelled", null);
        }
        return cancelled(origin, null);
    }

    /** A new {@code Cancelled} for {@code origin}; re-arms the interrupt flag (level). */
    Error cancelled(Scope origin, Throwable cause) {
        Error e = Secrets.newCancelled(origin.cancelMessage(), cause);
        if (Thread.currentThread() == thread) {
            arm();
        }
        return e;
    }

    /**
     * A scheduling point. On the parallel backends tasks already run in parallel, so this yields
     * the carrier only once the task has run for a time slice without blocking; the clock is
     * sampled adaptively, about every eighth of a slice, so the common call costs a decrement.
     */
    public void yieldPoint() {
        points += 1L << 32;
        yieldNoCount();
    }

    private void yieldNoCount() {
        if (serial != null) {
            serial.yield(this); // SERIAL: every schedule point lets the next ready task run
            return;
        }
        TimeSlice ts = slice;
        if (ts == null) {
            slice = ts = new TimeSlice();
        }
        if (ts.spent()) {
            Thread.yield();
        }
    }

    /**
     * How many cancel points ({@link #checkCancelled()}) the task has passed; call from the task's
     * own thread. Wraps around; compare two readings with {@code !=}.
     */
    public int cancelPoints() {
        return (int) points;
    }

    /**
     * How many schedule points ({@link #yieldPoint()}, and parking in a Weft wait) the task has
     * passed; call from the task's own thread. Wraps around; compare two readings with {@code !=}.
     */
    public int schedulePoints() {
        return (int) (points >>> 32);
    }

    /** {@code checkCancelled()} then {@code yieldPoint()}. */
    public void checkpoint() {
        points += (1L << 32) + 1;
        cancelCheck();
        yieldNoCount();
    }

    /** Whether {@code t} is the exception a JDK call throws when its thread is interrupted. */
    static boolean isInterruptException(Throwable t) {
        return t instanceof InterruptedException
                || t instanceof ClosedByInterruptException
                || (t != null && t.getClass() == InterruptedIOException.class);
    }

    /**
     * If {@code t} is an interrupt exception and the task is effectively cancelled, the interrupt
     * was Weft's cancellation: returns the {@code Cancelled} it stands for (with {@code t} as its
     * cause). Otherwise returns {@code t}.
     */
    public Throwable asCancellationIfInterrupted(Throwable t) {
        if (isInterruptException(t)) {
            Scope origin = cancelOrigin();
            if (origin != null) {
                return cancelled(origin, t);
            }
        }
        return t;
    }

    // ---------------------------------------------------------------- parking

    /** Parks this task (the caller) until {@code w} completes. See {@link Waiter#await()}. */
    void park(Waiter w) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(
                    "a Weft wait of " + this + " was attempted from another thread");
        }
        waiter = w;
        for (; ; ) {
            int m = mode;
            if (m == RUNNING && MODE.compareAndSet(this, RUNNING, PARKED)) {
                break;
            } else if (m == INTERRUPTING) {
                Thread.onSpinWait();
            } else if (m != RUNNING) {
                waiter = null;
                throw new IllegalStateException(
                        this
                                + " cannot wait here (mode "
                                + m
                                + "): no Weft wait is allowed"
                                + " inside a no-interrupt section");
            }
        }
        points += 1L << 32;
        // Re-check after publishing PARKED: a canceller that wrote cancelCalled before we
        // published did not see us parked, so we must see its write.
        if (w.cancellable && !w.isDone() && cancelOrigin() != null) {
            w.tryCancel();
        }
        if (w.spin && serial == null && !w.isDone()) {
            // Still counted as running while it spins: it is, and waitAllTasksBlocked must not
            // return meanwhile.
            spinBudget = Spin.awhile(runtime, w, spinBudget);
        }
        runtime.taskBlocked();
        boolean interrupted = false;
        if (serial != null) {
            interrupted = serial.block(this, w);
        } else {
            while (!w.isDone()) {
                LockSupport.park(w);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        }
        mode = RUNNING;
        waiter = null;
        if (slice != null) {
            slice.restart();
        }
        if (interrupted && !weftInterruptPending) {
            thread.interrupt(); // an interrupt that was not Weft's is preserved
        }
        syncInterrupt();
    }

    /**
     * Lets this task run again after the winner of its waiter's CAS completed the wait: unparks it,
     * or on SERIAL makes it ready for the baton. Called from any thread.
     */
    void resume() {
        if (serial != null) {
            serial.wake(this);
        } else {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Called by a canceller (any thread) for a task under a scope that was just cancelled or
     * un-shielded: ends its Weft wait, or interrupts it if it runs outside Weft.
     */
    void wakeIfCancelled() {
        if (cancelOrigin() == null) {
            return;
        }
        // The task may leave the cancelled scope at any moment after the check above, and then
        // park or run outside it. So each branch below re-checks cancelOrigin() once it has pinned
        // what it acts on, and acts only if the task is still effectively cancelled.
        for (; ; ) {
            int m = mode;
            if (m == PARKED) {
                Waiter w = waiter;
                if (w == null) {
                    continue; // it is waking up; re-read the mode
                }
                // Reading `w` saw the task's write of `waiter`, which follows (in the task) every
                // change of its scope chain made before it parked on `w`; the chain cannot change
                // while it stays parked on `w`. So this re-check sees the chain `w` waits in: a
                // stale cancel cannot end a later wait made outside the cancelled scope.
                if (w.cancellable && cancelOrigin() != null) {
                    // If this loses, the wait ended otherwise; the task re-checks on waking
                    // (it publishes RUNNING before reading cancelCalled, which we wrote first).
                    w.tryCancel();
                }
                return;
            } else if (m == RUNNING) {
                if (MODE.compareAndSet(this, RUNNING, INTERRUPTING)) {
                    boolean wasPending = weftInterruptPending;
                    weftInterruptPending = true;
                    // Re-check after publishing the pending interrupt: a task leaving the scope
                    // writes its chain and then reads weftInterruptPending (syncInterrupt), so
                    // either we see it gone and deliver nothing, or it sees the pending interrupt
                    // and clears it (disarm waits until we leave INTERRUPTING).
                    if (cancelOrigin() != null) {
                        thread.interrupt();
                    } else {
                        weftInterruptPending = wasPending;
                    }
                    mode = RUNNING;
                    return;
                }
                // Lost to the task changing mode; re-read.
            } else {
                // NEW: the task checks on starting. NO_INTERRUPT: it checks on leaving the
                // section. INTERRUPTING: another canceller (or the task itself) is interrupting
                // it. DONE: nothing to do.
                return;
            }
        }
    }

    /**
     * Brings the interrupt flag in line with the task's cancellation state: set if effectively
     * cancelled, cleared (if Weft set it) if not. Called by the task itself whenever it returns to
     * user code after its scope chain or wait state changed.
     */
    void syncInterrupt() {
        if (cancelOrigin() != null) {
            arm();
        } else if (weftInterruptPending) {
            disarm();
        }
    }

    /** As {@link #syncInterrupt()}, after a change that needs a full fence (shield exit). */
    void syncInterruptAfterChainChange() {
        VarHandle.fullFence();
        syncInterrupt();
    }

    private void arm() {
        // Under INTERRUPTING, as a canceller delivers, so the two never interleave: a canceller
        // that decides not to interrupt restores weftInterruptPending, which would otherwise
        // erase the task's own write and leave an interrupt nobody clears.
        if (!MODE.compareAndSet(this, RUNNING, INTERRUPTING)) {
            // NO_INTERRUPT: the section re-syncs when it ends. INTERRUPTING: a canceller is
            // delivering; it interrupts, since the task is effectively cancelled.
            return;
        }
        try {
            weftInterruptPending = true;
            if (!thread.isInterrupted()) {
                thread.interrupt();
            }
        } finally {
            mode = RUNNING;
        }
    }

    private void disarm() {
        for (; ; ) {
            int m = mode;
            if (m == RUNNING && MODE.compareAndSet(this, RUNNING, NO_INTERRUPT)) {
                break;
            } else if (m != RUNNING && m != INTERRUPTING) {
                return; // not running user code; nothing to clear now
            }
            // INTERRUPTING, or lost the CAS to a canceller that took it: wait until it is done
            // (it may be delivering the very interrupt we must clear), then retry.
            Thread.onSpinWait();
        }
        try {
            if (cancelOrigin() == null) {
                Thread.interrupted();
                weftInterruptPending = false;
            }
        } finally {
            mode = RUNNING;
        }
        if (cancelOrigin() != null) {
            arm(); // a cancellation arrived while we held NO_INTERRUPT
        }
    }

    /**
     * Runs {@code body} in a section where cancellation is recorded but no interrupt is delivered,
     * so NIO channels touched by {@code body} cannot be closed by an interrupt. Any interrupt flag
     * set on entry is held back and restored (or re-armed) on exit.
     */
    public <T> T withoutInterrupts(TaskBody body) throws Throwable {
        for (; ; ) {
            int m = mode;
            if (m == RUNNING && MODE.compareAndSet(this, RUNNING, NO_INTERRUPT)) {
                break;
            } else if (m == INTERRUPTING) {
                Thread.onSpinWait();
            } else if (m != RUNNING) {
                throw new IllegalStateException(this + " is already in a no-interrupt section");
            }
        }
        boolean held = Thread.interrupted();
        try {
            @SuppressWarnings("unchecked")
            T value = (T) body.run();
            return value;
        } finally {
            mode = RUNNING;
            if (held && !weftInterruptPending) {
                thread.interrupt();
            }
            syncInterruptAfterChainChange();
        }
    }

    // ---------------------------------------------------------------- scope stack (for Scope)

    void setCurrent(Scope s) {
        CURRENT_SCOPE.setRelease(this, s);
    }

    // ---------------------------------------------------------------- threads

    /** Creates the thread for this task on the runtime's backend (not started). */
    void createThread() {
        thread =
                runtime.backend == Backend.PLATFORM
                        ? Thread.ofPlatform().daemon().name("weft-task-" + id).unstarted(this)
                        : runtime.newVirtualThread(this);
    }

    /** Joins {@code t}, ignoring interrupts (they are restored); used for threads at their end. */
    static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Clears any interrupt before the thread's last steps (joining a sibling's thread). */
    void clearInterruptAtEnd() {
        if (weftInterruptPending) {
            weftInterruptPending = false;
        }
        Thread.interrupted();
    }
}
