package io.weft.internal.thread;

import io.weft.internal.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The platform worker threads of one runtime, for {@code ToThread.runSync}: created on demand,
 * reused, retired after an idle timeout, and stopped when the runtime ends.
 *
 * <p><b>Algorithm.</b> Idle workers wait on a stack under the pool's monitor, most recently used on
 * top (as AnyIO's pool: the warm thread is reused and the others age out). {@link #execute} pops
 * one and hands it the job through its {@code job} field, or starts a new worker with the job if
 * none is idle. A worker runs its job, then pushes itself back under the monitor and parks until it
 * is handed another job or its idle timeout passes; a worker that times out re-checks under the
 * monitor (a job may have been handed to it meanwhile) and otherwise removes itself and ends.
 *
 * <p><b>Invariants</b> (under the monitor). A worker is on the idle stack iff it has no job and has
 * not ended; once {@code closed} is set, no worker is started or handed a job, and no worker goes
 * back on the stack: each ends when its current job (if any) ends.
 *
 * <p>{@link #close} is called when the runtime's last task has ended; it stops the idle workers and
 * joins every worker that is not running a job its caller abandoned ({@code abandonOnCancel}): such
 * a worker ends on its own when its job returns, and nothing waits for it.
 */
public final class WorkerPool {
    private final String namePrefix;
    private final long idleNanos;
    private final long stackSize;
    private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // guarded by this
    private final Set<Worker> all = new HashSet<>(); // guarded by this
    private int started; // guarded by this; numbers the threads
    private boolean closed; // guarded by this

    /** A pool whose threads are named {@code namePrefix + n} and retire after {@code idleNanos}. */
    public WorkerPool(String namePrefix, long idleNanos) {
        this(namePrefix, idleNanos, 0);
    }

    /**
     * A pool as {@link #WorkerPool(String, long)} whose threads have stacks of {@code stackSize}
     * bytes (0: the JVM's default), for jobs known to need little (pipe pumps).
     */
    public WorkerPool(String namePrefix, long idleNanos, long stackSize) {
        this.namePrefix = namePrefix;
        this.idleNanos = idleNanos;
        this.stackSize = stackSize;
    }

    /**
     * A job a worker runs: {@link #run} never throws; {@link #done} then tells whoever waits for
     * it, once the worker is back on the idle stack, so that a caller who makes the next call
     * straight away finds the same worker idle and warm.
     */
    public interface Job extends Runnable {
        /** Reports the job's outcome to its caller; called by the worker after {@link #run}. */
        void done();

        /** Whether the caller has stopped waiting for this job (nothing should join its thread). */
        boolean abandoned();
    }

    /**
     * Runs {@code job} on an idle worker, or on a new one.
     *
     * @throws IllegalStateException if the pool is closed (the runtime has ended)
     */
    public void execute(Job job) {
        Worker w;
        boolean fresh;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("this Weft runtime has ended; no worker is left");
            }
            w = idle.pollFirst();
            fresh = w == null;
            if (fresh) {
                w = new Worker(namePrefix + (++started));
                all.add(w);
            }
            // Under the monitor: a worker timing out re-checks its job under it before it ends.
            w.job = job;
        }
        if (fresh) {
            try {
                w.thread.start();
            } catch (Throwable e) {
                synchronized (this) {
                    all.remove(w);
                }
                throw e;
            }
        } else {
            LockSupport.unpark(w.thread);
        }
    }

    /** The number of worker threads alive or about to start, idle or busy (a snapshot). */
    public synchronized int size() {
        return all.size();
    }

    /** The number of idle workers (a snapshot). */
    public synchronized int idleCount() {
        return idle.size();
    }

    /**
     * Stops the pool: idle workers end now, busy ones when their job returns. Waits for every
     * worker except those running an abandoned job. Idempotent.
     */
    public void close() {
        List<Worker> toJoin = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Worker w : all) {
                Job j = w.job;
                if (j == null || !j.abandoned()) {
                    toJoin.add(w);
                }
            }
            idle.clear();
        }
        for (Worker w : toJoin) {
            LockSupport.unpark(w.thread);
            Task.joinQuietly(w.thread);
        }
    }

    /**
     * Puts {@code w} back on the idle stack, reports {@code finished}, and takes the next job for
     * {@code w}, or returns null when it should end.
     */
    private Job next(Worker w, Job finished) {
        boolean end;
        synchronized (this) {
            w.job = null;
            end = closed;
            if (end) {
                all.remove(w);
            } else {
                idle.push(w);
            }
        }
        finished.done();
        if (end) {
            return null;
        }
        long deadline = System.nanoTime() + idleNanos;
        for (; ; ) {
            Job j = w.job;
            if (j != null) {
                return j;
            }
            long left = deadline - System.nanoTime();
            synchronized (this) {
                j = w.job; // handed out while we looked at the clock: take it
                if (j != null) {
                    return j;
                }
                if (closed || left <= 0) {
                    idle.remove(w);
                    all.remove(w);
                    return null;
                }
            }
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        }
    }

    private final class Worker implements Runnable {
        final Thread thread;
        volatile Job job; // the job it runs or is handed; null while idle

        Worker(String name) {
            this.thread =
                    Thread.ofPlatform().daemon().name(name).stackSize(stackSize).unstarted(this);
        }

        @Override
        public void run() {
            for (Job j = job; j != null; j = next(this, j)) {
                j.run();
                Thread.interrupted(); // an interrupt aimed at this job must not reach the next
            }
        }
    }
}
