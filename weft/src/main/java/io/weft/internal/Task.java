package io.weft.internal;

import io.weft.Backend;
import io.weft.Cancelled;
import io.weft.CheckedCallable;
import io.weft.CheckedRunnable;
import io.weft.NoRuntimeError;
import io.weft.internal.jfr.LongWaitEvent;
import io.weft.internal.jfr.TaskEvent;
import io.weft.internal.jfr.WeftEvents;
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
 * the scope and calls {@code wakeIfCancelled()} (of {@link TaskInterrupts}), which ends the task's
 * Weft wait if it is parked in one, or interrupts its thread if it is running (it may be blocked in
 * a JDK call Weft does not own).
 *
 * <p>How a cancellation reaches the task's thread (the mode word, interrupts and their clearing) is
 * its superclass {@link TaskInterrupts}.
 *
 * <p><b>Finding the current task.</b> A task is its thread's {@linkplain
 * Thread#getUncaughtExceptionHandler() uncaught-exception handler}, set before the thread starts:
 * {@link #current()} reads that field of {@code Thread.currentThread()}. A {@code ThreadLocal}
 * would cost every task a {@code ThreadLocalMap} with its 16-slot table (about 136 bytes, a tenth
 * of a parked task) and a {@code ScopedValue} binding more with its per-thread cache (ADR 0019).
 * Nothing reaches {@link #uncaughtException} but an error escaping {@link #run()} itself, which
 * catches everything its body throws; it is passed on as the thread's group would.
 */
public final class Task extends TaskInterrupts
        implements Runnable, Thread.UncaughtExceptionHandler {
    private static final AtomicLong IDS = new AtomicLong();

    private static final VarHandle CURRENT_SCOPE;

    static {
        try {
            CURRENT_SCOPE =
                    MethodHandles.lookup().findVarHandle(Task.class, "current", Scope.class);
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

    // Scheduling state on SERIAL; guarded by the scheduler's monitor.
    int serialState;
    int serialNumber;

    /**
     * What the task runs: a {@link TaskBody}, or the user's {@link CheckedCallable} or {@link
     * CheckedRunnable} itself, so that a spawn allocates no adapter (see {@link #runBody()}).
     */
    private Object body; // dropped when the task ends: its group may keep the task a while

    /** The name given, else the object a name is derived from until {@link #name()} does so. */
    private volatile Object label;

    volatile Task parentTask;
    volatile GroupScope group;
    volatile Scope current;

    volatile StartStatus<?> startStatus;

    /**
     * A task the runtime runs for a thread outside it (see {@link WeftRuntime#callInSystemTask}).
     */
    boolean systemTask;

    /** The task's {@code TaskLocal} values (see {@link TaskLocals}); its own thread only. */
    public Object[] locals = TaskLocals.EMPTY;

    private TimeSlice slice; // created at the first schedule point; the task's own thread only
    private short spinBudget = Spin.INITIAL; // see Spin; the task's own thread only

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
            Object body) {
        this.id = IDS.incrementAndGet();
        this.runtime = runtime;
        this.parentTask = parentTask;
        this.group = group;
        this.label = name != null ? name : nameSource;
        this.body = body;
        this.root = Scope.taskRoot(this, group);
        this.current = root;
    }

    // ---------------------------------------------------------------- identity

    /** The task bound to the calling thread. */
    public static Task current() {
        if (Thread.currentThread().getUncaughtExceptionHandler() instanceof Task t) {
            return t;
        }
        throw notATask();
    }

    /** The task bound to the calling thread, or null. */
    public static Task currentOrNull() {
        return Thread.currentThread().getUncaughtExceptionHandler() instanceof Task t ? t : null;
    }

    private static NoRuntimeError notATask() {
        Thread me = Thread.currentThread();
        String replaced =
                me.getUncaughtExceptionHandler() instanceof ThreadGroup
                        ? ""
                        : " (if it is one, its uncaught-exception handler was replaced, and Weft"
                                + " finds a task through that handler: do not replace it)";
        return new NoRuntimeError(
                "this Weft operation must be called from a task of a running Weft runtime,"
                        + " but thread '"
                        + me.getName()
                        + "' is not a Weft task"
                        + replaced
                        + "; start one with Weft.run(...)");
    }

    /**
     * Passes an error that escaped {@link #run()} on as the thread's group would (to the default
     * handler, or printed): only a Weft bug or a VM error such as {@code OutOfMemoryError} gets
     * here.
     */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        ThreadGroup g = t.getThreadGroup(); // null only once the thread has terminated
        if (g != null) {
            g.uncaughtException(t, e);
        } else {
            e.printStackTrace();
        }
    }

    /** The task's name: the one it was given, or one derived from its code's class. */
    public String name() {
        Object l = label;
        if (l instanceof String n) {
            return n;
        }
        String n = defaultName(l);
        label = n;
        return n;
    }

    /** The id of the task that started this one (the group's host once started), or 0. */
    public long parentId() {
        Task p = parentTask;
        return p == null ? 0 : p.id;
    }

    /** The value the task passed to {@code TaskStatus.started}, or null. */
    public Object startValue() {
        StartStatus<?> st = startStatus;
        return st == null ? null : st.startValue();
    }

    /** The scope the task is running in now (the innermost one it has entered). */
    public Scope currentScope() {
        return current;
    }

    /** The task's thread. */
    public Thread thread() {
        return thread;
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
        String cn = (fn instanceof Class<?> c ? c : fn.getClass()).getName();
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
        SerialScheduler serial = runtime.serial;
        try {
            if (serial != null && serial.awaitTurn(this, serial)) {
                thread.interrupt(); // interrupted before it first ran: keep it
            }
            mode = RUNNING;
            markRunning();
            if (serial != null && runtime.instruments != null) {
                runtime.instruments.beforeStep(this);
            }
            if (WeftEvents.ON) {
                TaskEvents.start(this);
            }
            syncInterrupt(); // spawned into a cancelled scope: JDK calls must see it too
            Object value = null;
            Throwable error = null;
            try {
                value = runBody();
            } catch (Throwable t) {
                error = t;
            }
            error = root.exit(this, error);
            finish(value, error);
        } finally {
            if (serial != null) {
                if (runtime.instruments != null) {
                    runtime.instruments.afterStep(this);
                }
                serial.exit(this);
            }
        }
    }

    /**
     * Runs the body. A user's function that is both a {@code CheckedCallable} and a {@code
     * CheckedRunnable} reaches here as the one it was passed as: {@code TaskGroup} wraps it when it
     * was passed as a runnable.
     */
    private Object runBody() throws Throwable {
        Object b = body;
        if (b instanceof TaskBody t) {
            return t.run();
        }
        if (b instanceof CheckedCallable<?, ?> c) {
            return c.call();
        }
        ((CheckedRunnable<?>) b).run();
        return null;
    }

    /** Fills in the fields every task event carries. */
    public void describe(TaskEvent e) {
        e.runtimeId = runtime.id;
        e.taskId = id;
        e.name = name();
        e.parentId = parentId();
    }

    private void finish(Object value, Throwable error) {
        mode = DONE;
        // A group keeps ended children until it compacts its list (see GroupScope), and handles
        // and dumps keep tasks too; none of them should keep what the user's code captured.
        body = null;
        Object l = label;
        if (l != null && !(l instanceof String)) {
            label = l.getClass(); // enough for defaultName
        }
        complete(value, error, root.swallowedCancellation());
        if (WeftEvents.ON) {
            TaskEvents.end(this);
        }
        if (runtime.instruments != null) {
            runtime.instruments.exited(this);
        }
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
    @Override
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

    /**
     * An acquire's schedule point on the parallel backends, called before trying to take the lock,
     * unit or token: counts it and gives up the carrier now if the time slice is spent, so that the
     * task never leaves its carrier holding what it has just taken (the others would queue behind a
     * task that is not running, and with first-come hand-off the queue then outlives the yield: a
     * convoy in which every release wakes a parked task). Does nothing on SERIAL, where {@link
     * #yieldAfterTaking()} is the schedule point. Touches no cancel state.
     */
    public void yieldBeforeTaking() {
        if (runtime.serial == null) {
            points += 1L << 32;
            yieldIfSliceSpent();
        }
    }

    /**
     * An acquire's schedule point on SERIAL, after the take succeeded without waiting: counts it
     * and lets the next ready task run (AnyIO's cancel-shielded checkpoint after {@code
     * acquire_nowait}). Does nothing on the parallel backends, where {@link #yieldBeforeTaking()}
     * was the schedule point.
     */
    public void yieldAfterTaking() {
        SerialScheduler serial = runtime.serial;
        if (serial != null) {
            points += 1L << 32;
            serial.yield(this);
        }
    }

    private void yieldNoCount() {
        SerialScheduler serial = runtime.serial;
        if (serial != null) {
            serial.yield(this); // SERIAL: every schedule point lets the next ready task run
            return;
        }
        yieldIfSliceSpent();
    }

    /** The parallel backends' schedule point: gives up the thread once a slice is spent. */
    private void yieldIfSliceSpent() {
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

    /**
     * Parks this task (the caller) until {@code w} completes; {@code on} is what the wait waits on,
     * for dumps. See {@link Waiter#await(Object)}.
     */
    void park(Waiter w, Object on) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(
                    "a Weft wait of " + this + " was attempted from another thread");
        }
        SerialScheduler serial = runtime.serial;
        int m = mode;
        if (m != RUNNING && m != INTERRUPTING) {
            // Refused before the record of the wait is touched: in PARKED it is the wait the task
            // is in (an instrument's callback or a LongWait target's toString tried another).
            throw new IllegalStateException(
                    this
                            + " cannot wait here (mode "
                            + m
                            + "): no Weft wait is allowed inside a no-interrupt section or"
                            + " another wait");
        }
        beginWait(w, on);
        // Only a canceller's brief INTERRUPTING can move the mode now; the task makes every other
        // change itself.
        while (mode != RUNNING || !MODE.compareAndSet(this, RUNNING, PARKED)) {
            Thread.onSpinWait();
        }
        points += 1L << 32;
        Instruments ins = runtime.instruments;
        String waitingIn = ins != null ? ins.beforeWait(this) : null; // PARKED: no nested wait
        // Re-check after publishing PARKED: a canceller that wrote cancelCalled before we
        // published did not see us parked, so we must see its write.
        if (w.cancellable && !w.isDone() && cancelOrigin() != null) {
            w.tryCancel();
        }
        if (w.spin && serial == null && !w.isDone()) {
            // Still counted as running while it spins: it is, and waitAllTasksBlocked must not
            // return meanwhile.
            spinBudget = (short) Spin.awhile(runtime, w, spinBudget);
        }
        boolean interrupted = false;
        if (w.commitToPark()) {
            markParked(); // only here: a wait that ended while the task spun never parked
            LongWaitEvent longWait = WeftEvents.ON ? LongWaitEvent.beginIfEnabled() : null;
            runtime.taskBlocked();
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
            if (longWait != null) {
                TaskEvents.longWait(this, longWait, w, on);
            }
        } else {
            // Ended or claimed before we parked, so nobody counts us running again or unparks us;
            // a claimer publishes the outcome promptly (see Waiter), so wait for it without
            // parking.
            Spin.untilDone(w);
        }
        if (waitingIn != null) {
            ins.afterWait(this, waitingIn); // still PARKED: no nested wait
        }
        mode = RUNNING;
        endWait();
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
        SerialScheduler serial = runtime.serial;
        if (serial != null) {
            serial.wake(this);
        } else {
            LockSupport.unpark(thread);
        }
    }

    // ---------------------------------------------------------------- scope stack (for Scope)

    void setCurrent(Scope s) {
        CURRENT_SCOPE.setRelease(this, s);
    }

    // ---------------------------------------------------------------- threads

    /** Creates the thread for this task on the runtime's backend (not started). */
    void createThread() {
        Thread t =
                runtime.backend == Backend.PLATFORM
                        ? Thread.ofPlatform().daemon().name("weft-task-" + id).unstarted(this)
                        : runtime.newVirtualThread(this);
        t.setUncaughtExceptionHandler(this); // how current() finds this task
        thread = t;
    }

    /** Starts the thread made by {@link #createThread()}, telling the instruments first. */
    void startThread() {
        Instruments ins = runtime.instruments;
        if (ins != null) {
            ins.spawned(this);
        }
        thread.start();
    }

    /** Joins {@code t}, ignoring interrupts (they are restored); used for threads at their end. */
    public static void joinQuietly(Thread t) {
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
}
