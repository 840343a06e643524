package io.weft.internal.process;

import io.weft.BrokenWorkerProcess;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.internal.Task;
import io.weft.internal.Timer;
import io.weft.internal.WeftRuntime;
import io.weft.sync.CapacityLimiter;
import io.weft.sync.Held;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The worker JVMs of one runtime, for {@code ToProcess.runSync} (AnyIO's process pool): started on
 * demand, reused most recently used first, retired after {@link WorkerSettings#maxIdle()} of
 * idleness, and all killed when the run ends.
 *
 * <p><b>A call</b> borrows a token of its limiter (a cancellable wait), takes the most recently
 * used idle worker or starts one (a cancellable wait for its READY), and sends the function. From
 * there the exchange is shielded unless the call is cancellable; a cancellation of a cancellable
 * call kills the worker. The worker goes back on the idle stack when its answer has arrived, before
 * the answer is deserialized, so the next call can use it at once. A worker that died, broke the
 * protocol or threw a {@link VirtualMachineError} is killed, reaped and forgotten.
 *
 * <p><b>State</b> (under this object's monitor): {@code all}, the workers alive and not forgotten;
 * {@code idle}, those of them waiting for a call, most recently used first (so the oldest is last);
 * the retirement timer's deadline; {@code closed}. A worker is in {@code idle} only if it is in
 * {@code all}. One {@link Timer} on the runtime's clock fires when the oldest idle worker has been
 * idle for {@code maxIdle}; it retires every worker idle that long and re-arms for the next oldest.
 * Being a runtime timer, it follows a virtual clock: tests retire workers without waiting.
 *
 * <p>A worker that died while idle is found when a call takes it: a worker known to have exited is
 * skipped, and one whose death the runtime has not heard of yet fails the write of the call, which
 * the worker never saw, so the call moves on to the next worker.
 */
public final class WorkerJvmPool {
    private static final Object KEY = new Object(); // run-variable key
    private static final long NONE = Long.MIN_VALUE;
    private static final long REAP_WAIT_SECONDS = 10;

    private final WeftRuntime rt;
    private final WorkerSettings settings;
    private final long maxIdleNanos;
    private final Retire timer = new Retire();

    // Guarded by this.
    private final ArrayDeque<WorkerJvm> idle = new ArrayDeque<>();
    private final Set<WorkerJvm> all = new HashSet<>();
    private long armedFor = NONE;
    private boolean closed;
    private int started;

    private WorkerJvmPool(WeftRuntime rt, WorkerSettings settings) {
        this.rt = rt;
        this.settings = settings;
        this.maxIdleNanos = settings.maxIdle().toNanos();
    }

    /** The pool of {@code rt}, created on first use; it is closed when the run ends. */
    public static WorkerJvmPool of(WeftRuntime rt) {
        return (WorkerJvmPool)
                rt.runVars()
                        .computeIfAbsent(
                                KEY,
                                k -> {
                                    WorkerJvmPool p = new WorkerJvmPool(rt, WorkerSettings.of(rt));
                                    rt.whenEnded(p::close);
                                    return p;
                                });
    }

    /**
     * The CALL frame of {@code fn}, serialized in the caller before anything else happens.
     *
     * @throws IllegalArgumentException if {@code fn} cannot be serialized (the cause says why)
     */
    public static byte[] request(Object fn) {
        try {
            return Frames.serialized(Frames.CALL, fn);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "the function cannot be serialized to be sent to a worker JVM ("
                            + e
                            + "); a lambda must capture only serializable values, and it captures"
                            + " its enclosing object when it uses an instance field or method",
                    e);
        }
    }

    // ---------------------------------------------------------------- a call

    /**
     * Runs the function of {@code request} in a worker, under a token of {@code limiter}, and
     * returns its value or throws what it threw (see the class comment). Classes of the answer are
     * loaded with {@code loader} first.
     *
     * @throws BrokenWorkerProcess if the worker failed the call
     * @throws Cancelled if the task was cancelled while waiting for a token or a new worker, or
     *     during a cancellable call (whose worker was killed)
     */
    public Object call(
            Task t,
            byte[] request,
            ClassLoader loader,
            CapacityLimiter limiter,
            boolean cancellable)
            throws Throwable {
        Object borrower = new Borrower(t);
        Frames.Frame answer;
        WorkerJvm w;
        try (Held _ = limiter.acquireOnBehalfOf(borrower)) {
            for (; ; ) {
                w = takeIdle(t);
                boolean reused = w != null;
                if (w == null) {
                    w = WorkerJvm.start(t, settings);
                    add(t, w);
                }
                try {
                    answer = exchange(t, w, request, cancellable);
                    break;
                } catch (WorkerJvm.Gone g) {
                    forget(w);
                    if (reused && g.kind == WorkerJvm.Gone.Kind.UNSENT) {
                        w.killAndReap(t); // it died idle; the call never reached it
                        continue;
                    }
                    throw w.broken(t, "during the call", g);
                } catch (Throwable e) {
                    forget(w); // a cancellable call was cancelled: the worker goes with it
                    w.killAndReap(t);
                    throw e;
                }
            }
            if (answer.type() == Frames.THREW_FATAL) {
                forget(w); // after an OutOfMemoryError or a StackOverflowError, start afresh
                w.killAndReap(t);
            } else {
                release(w);
            }
        }
        return WorkerAnswers.outcome(answer, w.pid(), loader);
    }

    private static Frames.Frame exchange(Task t, WorkerJvm w, byte[] request, boolean cancellable)
            throws WorkerJvm.Gone {
        if (cancellable) {
            return w.call(t, request);
        }
        return CancelScope.shielded().call(() -> w.call(t, request));
    }

    // ---------------------------------------------------------------- the pool

    /** The most recently used idle worker not known to be dead, or null. */
    private WorkerJvm takeIdle(Task t) {
        for (; ; ) {
            WorkerJvm w;
            synchronized (this) {
                w = idle.pollFirst();
                if (w == null) {
                    return null;
                }
                if (!w.exited()) {
                    rearm();
                    return w;
                }
                all.remove(w);
                rearm();
            }
            w.killAndReap(t); // dead already: this only collects it
        }
    }

    private void add(Task t, WorkerJvm w) {
        synchronized (this) {
            if (!closed) {
                all.add(w);
                started++;
                return;
            }
        }
        w.killAndReap(t); // cannot happen while a task runs; never leave a worker unowned
        throw new BrokenWorkerProcess("the Weft run has ended; no worker JVM can be used");
    }

    /** Puts {@code w} back on top of the idle stack. */
    private void release(WorkerJvm w) {
        synchronized (this) {
            if (!closed && all.contains(w)) {
                w.idleSince = rt.timers.clock().now();
                idle.push(w);
                rearm();
                return;
            }
        }
        w.child.killInBackground();
    }

    private synchronized void forget(WorkerJvm w) {
        all.remove(w);
        if (idle.remove(w)) {
            rearm();
        }
    }

    /** Under the monitor: the timer's deadline follows the oldest idle worker. */
    private void rearm() {
        WorkerJvm oldest = idle.peekLast();
        long want = oldest == null ? NONE : saturatedAdd(oldest.idleSince, maxIdleNanos);
        if (closed || want == armedFor) {
            return;
        }
        armedFor = want;
        if (want == NONE) {
            rt.timers.cancel(timer);
        } else {
            rt.timers.schedule(timer, want);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE - 1 : s;
    }

    /** The timer fired: retires the workers idle for {@code maxIdle} or longer. */
    private void retireIdle() {
        List<WorkerJvm> old = new ArrayList<>();
        synchronized (this) {
            armedFor = NONE;
            if (closed) {
                return;
            }
            long now = rt.timers.clock().now();
            for (WorkerJvm w;
                    (w = idle.peekLast()) != null && now - w.idleSince >= maxIdleNanos; ) {
                idle.pollLast();
                all.remove(w);
                old.add(w);
            }
            rearm();
        }
        for (WorkerJvm w : old) {
            w.child.killInBackground(); // a timer thread: no task to wait for it
        }
    }

    /** The run has ended: kills every worker and waits (a bounded time) for each to be gone. */
    private void close() {
        List<WorkerJvm> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(all);
            all.clear();
            idle.clear();
            if (armedFor != NONE) {
                rt.timers.cancel(timer);
            }
        }
        for (WorkerJvm w : left) {
            w.child.killInBackground();
        }
        for (WorkerJvm w : left) {
            try {
                w.child.process().onExit().get(REAP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Not gone within the wait after SIGKILL (stuck in the kernel): the JDK's reaper
                // still collects it; the run's end must not hang on it.
            }
        }
    }

    // ---------------------------------------------------------------- for tests

    /** The workers alive and owned by the pool (a snapshot). */
    public synchronized List<Long> workerPids() {
        return all.stream().map(WorkerJvm::pid).toList();
    }

    /** The idle workers' pids, most recently used first (a snapshot). */
    public synchronized List<Long> idlePids() {
        return idle.stream().map(WorkerJvm::pid).toList();
    }

    /** How many workers the pool has started. */
    public synchronized int startedCount() {
        return started;
    }

    /** Fires at the oldest idle worker's retirement. */
    private final class Retire extends Timer {
        @Override
        protected void onDeadline() {
            retireIdle();
        }
    }

    /** Who holds the limiter's token: the call (by identity), named after its task. */
    private static final class Borrower {
        private final Task task;

        Borrower(Task task) {
            this.task = task;
        }

        @Override
        public String toString() {
            return "ToProcess.runSync call of " + task;
        }
    }
}
