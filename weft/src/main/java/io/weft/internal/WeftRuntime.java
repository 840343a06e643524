package io.weft.internal;

import io.weft.Backend;
import io.weft.Cancelled;
import io.weft.RunFinishedError;
import io.weft.RunOptions;
import io.weft.internal.diag.DiagnosticsMBean;
import io.weft.internal.diag.TaskTree;
import io.weft.internal.diag.TaskTreeText;
import io.weft.internal.net.Poller;
import io.weft.internal.thread.WorkerCall;
import io.weft.internal.thread.WorkerPool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Weft runtime: what {@code Weft.run} starts (AnyIO's event loop). It owns the backend, the
 * clock and timers, the count of running tasks, the run variables and the root task.
 *
 * <p><b>Running count.</b> {@code running} counts the runtime's tasks that are not parked in a Weft
 * wait: it rises when a task is spawned and when the winner of a waiter's CAS resumes a task that
 * had committed to parking, and falls when a task commits to parking and when it ends (a wait that
 * ends before its task commits moves it not at all; see {@link Waiter}). It is exact at every
 * instant a task parks, which is what makes {@link #waitAllTasksBlocked} exact without polling: the
 * task whose park brings the count to zero wakes the waiters (each of which counted itself as
 * blocked when it parked). On a {@link VirtualClock} the same moment, once those waiters are
 * served, is when the clock may autojump (see {@link Timers}).
 */
public final class WeftRuntime {
    private static final AtomicLong IDS = new AtomicLong();
    private static final Set<WeftRuntime> LIVE = ConcurrentHashMap.newKeySet();

    /** Unique in the JVM. */
    public final long id;

    /** How tasks get threads. */
    public final Backend backend;

    /** Deadlines of this runtime. */
    public final Timers timers;

    /** The instruments the run was given, or null if none (what the hot paths test). */
    public final Instruments instruments;

    /** The baton of a SERIAL runtime; null on the parallel backends. */
    final SerialScheduler serial;

    private final StallWatchdog watchdog;

    private final ThreadFactory virtualThreads = Thread.ofVirtual().factory();
    private final AtomicLong running = new AtomicLong();
    private final WaitQueue allBlockedWaiters = new WaitQueue();
    private final ConcurrentHashMap<Object, Object> runVars = new ConcurrentHashMap<>();
    private volatile Task rootTask;
    private volatile boolean ended;

    // System tasks (calls from outside the runtime) and worker threads; see callInSystemTask.
    private final List<Task> systemTasks = new ArrayList<>(); // also the monitor for `closing`
    private boolean closing; // guarded by systemTasks: the root task has ended
    private final long threadIdleNanos;
    private volatile WorkerPool workers;
    private final java.util.ArrayDeque<Runnable> endActions =
            new java.util.ArrayDeque<>(); // guarded by systemTasks
    private volatile Poller poller;

    // Package-private for the jcstress tests of the core (a runtime that runs nothing).
    WeftRuntime(RunOptions options, Clock clock) {
        this.id = IDS.incrementAndGet();
        this.threadIdleNanos = options.threadIdleTimeout().toNanos();
        this.backend = options.backend();
        this.timers = new Timers(clock, "weft-timer-" + id, this);
        this.instruments = Instruments.of(options.instruments());
        if (backend == Backend.SERIAL) {
            TraceRecorder trace =
                    options.trace() == null ? null : Secrets.traceRecorder(options.trace());
            if (trace != null) {
                trace.clear();
            }
            this.serial = new SerialScheduler(options.seed(), trace, this::serialIdle);
            this.watchdog =
                    new StallWatchdog(serial, options.stallWarning(), "weft-stall-watchdog-" + id);
        } else {
            this.serial = null;
            this.watchdog = null;
        }
    }

    /**
     * The runtime of the calling task, or of the task whose {@code ToThread.runSync} call the
     * calling worker thread runs.
     *
     * @throws io.weft.NoRuntimeError if the calling thread is neither
     */
    public static WeftRuntime current() {
        Task t = Task.currentOrNull();
        if (t != null) {
            return t.runtime;
        }
        WorkerCall c = WorkerCall.current();
        if (c != null) {
            return c.host.runtime;
        }
        return Task.current().runtime; // throws NoRuntimeError
    }

    /**
     * Runs {@code body} as the root task of a new runtime on the calling thread's behalf and
     * returns the finished root task. The calling thread waits; if it is interrupted, the whole run
     * is cancelled (and the interrupt flag restored when this returns). When this returns, no
     * thread of the runtime is alive.
     *
     * @param clock the virtual clock to run on, or null for the system clock
     * @throws IllegalStateException if called from a task of a runtime, or if {@code clock} is in
     *     use by another runtime
     */
    public static Task run(
            RunOptions options, VirtualClock clock, Object nameSource, TaskBody body) {
        Task outer = Task.currentOrNull();
        if (outer != null) {
            throw new IllegalStateException(
                    "Weft.run was called from inside "
                            + outer
                            + " of a running Weft runtime; start concurrent work with a"
                            + " TaskGroup instead of a nested runtime");
        }
        String rootName = options.rootTaskName();
        if (clock == null) {
            return new WeftRuntime(options, Clock.SYSTEM).runRoot(rootName, nameSource, body);
        }
        WeftRuntime rt = new WeftRuntime(options, clock);
        clock.attach(rt);
        try {
            return rt.runRoot(rootName, nameSource, body);
        } finally {
            clock.detach(rt);
        }
    }

    private Task runRoot(String rootName, Object nameSource, TaskBody body) {
        DiagnosticsMBean.registerOnce();
        LIVE.add(this);
        try {
            return runRootTask(rootName, nameSource, body);
        } finally {
            LIVE.remove(this);
        }
    }

    /** The runtimes of this JVM whose run has started and not ended (a snapshot, by id). */
    public static List<WeftRuntime> live() {
        List<WeftRuntime> all = new ArrayList<>(LIVE);
        all.sort(Comparator.comparingLong(r -> r.id));
        return all;
    }

    private Task runRootTask(String rootName, Object nameSource, TaskBody body) {
        Task root = new Task(this, null, null, rootName, nameSource, body);
        rootTask = root;
        taskSpawned();
        root.createThread();
        if (serial != null) {
            serial.spawned(root);
            watchdog.start();
        }
        root.startThread();
        boolean interrupted = false;
        while (root.thread.isAlive()) {
            try {
                root.thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
                root.root.cancelInternal(
                        "the thread that called Weft.run was interrupted",
                        "thread '" + Thread.currentThread().getName() + "'",
                        false);
            }
        }
        endSystemTasks();
        runEndActions();
        Poller p = poller;
        if (p != null) {
            p.close();
        }
        WorkerPool pool = workers;
        if (pool != null) {
            pool.close();
        }
        ended = true;
        timers.stop();
        if (watchdog != null) {
            watchdog.stop();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return root;
    }

    /**
     * Registers {@code action} to run when the run ends: after the last task has ended and before
     * the runtime's threads stop, on the thread that called {@code Weft.run}, most recently
     * registered first. For resources of the runtime that must not outlive it (child processes).
     *
     * @throws RunFinishedError if the run has ended or is ending
     */
    public void whenEnded(Runnable action) {
        synchronized (systemTasks) {
            if (closing || ended) {
                throw new RunFinishedError("the Weft runtime " + id + " has ended");
            }
            endActions.push(action);
        }
    }

    private void runEndActions() {
        for (; ; ) {
            Runnable a;
            synchronized (systemTasks) {
                a = endActions.poll();
            }
            if (a == null) {
                return;
            }
            try {
                a.run();
            } catch (Throwable e) {
                // A failing end action is a Weft bug; it must not stop the others or the run's end.
                Thread.currentThread()
                        .getUncaughtExceptionHandler()
                        .uncaughtException(Thread.currentThread(), e);
            }
        }
    }

    /** How long an idle worker thread of the runtime lives. */
    public long threadIdleNanos() {
        return threadIdleNanos;
    }

    /** Whether the run has ended. */
    public boolean hasEnded() {
        return ended;
    }

    /** Cancels the whole run (its root scope) with {@code reason}. Safe from any thread. */
    public void cancelRun(String reason) {
        Task root = rootTask;
        if (root != null) {
            root.root.cancelInternal(reason, Scope.describeCaller(), false);
        }
    }

    // ---------------------------------------------------------------- calls from outside

    /**
     * The runtime's I/O poller, started on first use and stopped when the run ends.
     *
     * @throws IOException if the poller's selector cannot be opened (the next call tries again)
     */
    public Poller poller() throws IOException {
        Poller p = poller;
        if (p == null) {
            synchronized (systemTasks) {
                p = poller;
                if (p == null) {
                    if (closing || ended) {
                        throw new RunFinishedError("the Weft runtime " + id + " has ended");
                    }
                    // A virtual poller where its resumes land on running carriers (ADR 0027).
                    boolean virtual = backend != Backend.PLATFORM && Spin.CPUS >= 2;
                    poller = p = new Poller("weft-poller-" + id, virtual);
                }
            }
        }
        return p;
    }

    /** The runtime's I/O poller, or null if no task has needed one yet. */
    public Poller pollerIfStarted() {
        return poller;
    }

    /** Whether the poller thread is alive (for leak tests); false if there never was one. */
    public boolean pollerThreadAlive() {
        Poller p = poller;
        return p != null && p.threadAlive();
    }

    /** The runtime's worker threads for {@code ToThread}, created on first use. */
    public WorkerPool workers() {
        WorkerPool pool = workers;
        if (pool == null) {
            synchronized (systemTasks) {
                pool = workers;
                if (pool == null) {
                    workers = pool = new WorkerPool("weft-worker-" + id + "-", threadIdleNanos);
                }
            }
        }
        return pool;
    }

    /**
     * Runs {@code body} in a new system task of this runtime on behalf of the calling thread, which
     * is not a task of it, and blocks that thread until the task ends; returns the body's value or
     * throws its exception. A system task belongs to no task group: it is not cancelled by any
     * task's scope, only when the root task has ended (the run is then ending), and its failure
     * goes to the caller only.
     *
     * @throws RunFinishedError if the run has ended or is ending, or ended the task by cancelling
     *     it (the {@code Cancelled} is the cause)
     */
    public Object callInSystemTask(String name, TaskBody body) throws Throwable {
        Object[] locals = TaskLocals.currentOrEmpty(); // a worker's callback sees its values
        ThreadOutcome outcome = new ThreadOutcome();
        Task t =
                new Task(
                        this,
                        null,
                        null,
                        name,
                        body,
                        (TaskBody)
                                () -> {
                                    Object v = null;
                                    Throwable e = null;
                                    try {
                                        v = body.run();
                                    } catch (Throwable x) {
                                        e = x;
                                    }
                                    outcome.complete(v, e);
                                    return null;
                                });
        t.systemTask = true;
        t.locals = locals;
        synchronized (systemTasks) {
            if (closing || ended) {
                throw new RunFinishedError(
                        "the Weft runtime " + id + " has ended; it cannot run " + name);
            }
            systemTasks.add(t);
            taskSpawned();
            try {
                t.createThread();
                if (serial != null) {
                    serial.spawned(t);
                }
                t.startThread();
            } catch (Throwable e) {
                if (serial != null) {
                    serial.exit(t);
                }
                systemTasks.remove(t);
                taskEnded();
                throw e;
            }
        }
        try {
            return outcome.await();
        } catch (Cancelled c) {
            if (t.root.cancelCalled) {
                throw new RunFinishedError(
                        "the Weft runtime " + id + " ended while it ran " + name, c);
            }
            throw c;
        }
    }

    void systemTaskEnded(Task t) {
        synchronized (systemTasks) {
            systemTasks.remove(t);
        }
    }

    /** After the root task: no new system task starts; those running are cancelled and joined. */
    private void endSystemTasks() {
        List<Task> left;
        synchronized (systemTasks) {
            closing = true;
            left = new ArrayList<>(systemTasks);
        }
        for (Task t : left) {
            t.root.cancelInternal("the Weft run is ending", "Weft.run", false);
        }
        for (Task t : left) {
            Task.joinQuietly(t.thread);
        }
    }

    /** Storage of this runtime's run variables. */
    public ConcurrentHashMap<Object, Object> runVars() {
        return runVars;
    }

    Thread newVirtualThread(Runnable r) {
        return virtualThreads.newThread(r);
    }

    // ---------------------------------------------------------------- running count

    /** Tasks not parked in a Weft wait right now (a snapshot; see the class comment). */
    long runningCount() {
        return running.get();
    }

    void taskSpawned() {
        running.incrementAndGet();
    }

    void taskUnblocked() {
        running.incrementAndGet();
    }

    void taskBlocked() {
        if (running.decrementAndGet() == 0) {
            wakeAllBlockedWaiters();
            // On SERIAL the parking task still holds the baton here; the scheduler calls
            // serialIdle() once it has let go and nothing is ready, so that what an autojump
            // wakes queues in deadline order behind nobody, the last parker included.
            if (serial == null && timers.isVirtual()) {
                allTasksBlocked();
            }
        }
    }

    /** The SERIAL baton was let go with no task ready: the autojump hook, if all are parked. */
    void serialIdle() {
        if (timers.isVirtual() && running.get() == 0) {
            allTasksBlocked();
        }
    }

    /**
     * Wakes the {@link #waitAllTasksBlocked} callers, if every task is still parked. The queue's
     * monitor is held from the re-check to the end of the drain, and callers enqueue under the same
     * monitor, so the drain wakes exactly the waiters that were queued at an instant when the count
     * was zero (each belongs to a parked task: a caller counts as running until it parks). Without
     * the monitor, a drain running late could wake a waiter queued after the count had risen again
     * (by a task this very drain had just woken), and that caller would return while others run. A
     * drain that finds the count above zero again does nothing: some task woke in between, and its
     * next park brings the count back to zero and drains then.
     */
    private void wakeAllBlockedWaiters() {
        synchronized (allBlockedWaiters) {
            if (running.get() != 0) {
                return;
            }
            for (Waiter w; (w = allBlockedWaiters.poll()) != null; ) {
                w.tryResume(null);
            }
        }
    }

    void taskEnded() {
        taskBlocked();
    }

    /**
     * Waits until every other task of this runtime is parked in a Weft wait. A checkpoint.
     *
     * @param t the calling task
     */
    public void waitAllTasksBlocked(Task t) {
        t.checkCancelled();
        Waiter w = new Waiter(t, true);
        allBlockedWaiters.add(w);
        if (w.await(this) == Waiter.CANCELLED) {
            allBlockedWaiters.remove(w);
            throw t.cancelledNow();
        }
    }

    // ---------------------------------------------------------------- virtual time

    /**
     * Numbers the idle periods (the count reaching zero), so an autojump that waited for its
     * threshold can tell that a task woke and parked again meanwhile.
     */
    private final AtomicLong idleEpoch = new AtomicLong();

    /**
     * The autojump hook, called when the count has just reached zero, after the {@link
     * #waitAllTasksBlocked} callers were served and outside their queue's monitor. Those callers
     * take precedence: one that was woken counts as running, so no jump happens. Numbering the
     * period here rather than when the count leaves zero keeps the wake-up path unchanged; the cost
     * is that a check racing with a task that has just parked again may see the old number with the
     * count at zero, and jump without waiting out the new period (every task is blocked then, so
     * the jump is still one the clock may make).
     */
    private void allTasksBlocked() {
        timers.allTasksBlocked(idleEpoch.incrementAndGet());
    }

    /** Whether every task is still parked, in the same idle period {@code epoch}. */
    boolean stillAllBlocked(long epoch) {
        return running.get() == 0 && idleEpoch.get() == epoch;
    }

    /**
     * The virtual clock's autojump threshold changed: if every task is blocked, a period starts.
     */
    void autojumpSettingChanged() {
        if (running.get() == 0) {
            allTasksBlocked();
        }
    }

    // ---------------------------------------------------------------- introspection

    /** The unfinished tasks of this runtime, in the order they were started. */
    public List<Task> tasks() {
        List<Task> all = new ArrayList<>();
        Task root = rootTask;
        if (root != null && root.root.isActive()) {
            Scope.forEachTaskUnder(root.root, false, all::add);
        }
        all.sort(Comparator.comparingLong(t -> t.id));
        return all;
    }

    /**
     * The tasks at the top of this runtime's tree: the root task, then the system tasks that run
     * calls from outside the runtime (a snapshot; a task that has ended may still be listed).
     */
    public List<Task> topLevelTasks() {
        List<Task> top = new ArrayList<>();
        Task root = rootTask;
        if (root != null) {
            top.add(root);
        }
        synchronized (systemTasks) {
            top.addAll(systemTasks);
        }
        return top;
    }

    /** The runtime's clock reading now, in nanoseconds (virtual on a mock clock). */
    public long now() {
        return timers.clock().now();
    }

    /** The runtime's task tree as text, with every task's stack (see {@link TaskTree}). */
    public String dumpTasks() {
        return TaskTreeText.render(TaskTree.of(this, true));
    }

    /** Whether the timer thread is alive (for leak tests). */
    public boolean timerThreadAlive() {
        return timers.threadAlive();
    }

    @Override
    public String toString() {
        return "WeftRuntime[" + id + ", " + backend + "]";
    }
}
