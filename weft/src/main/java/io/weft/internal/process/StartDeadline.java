package io.weft.internal.process;

import io.weft.internal.thread.WorkerPool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The start-up deadline of a new worker JVM, in real time: a job on one of the runtime's process
 * threads that kills the worker if it has not answered READY by then, so the task waiting for the
 * answer sees the worker's output end and reports a {@code BrokenWorkerProcess}.
 *
 * <p><b>Why real time.</b> The deadline is about the machine (a JVM that cannot start, a
 * swapped-out host), not about the program's logic. On a virtual clock that jumps whenever every
 * task waits, a deadline of runtime time would fire while the JVM is still starting, since every
 * task is then waiting for it.
 */
final class StartDeadline implements WorkerPool.Job {
    private final ChildProcess worker;
    private final long deadline; // System.nanoTime()

    // Guarded by this.
    private boolean finished;
    private boolean expired;

    StartDeadline(ChildProcess worker, Duration timeout) {
        this.worker = worker;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public void run() {
        synchronized (this) {
            try {
                while (!finished) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        expired = true;
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                return; // the runtime is being torn down: nothing to watch any more
            }
        }
        if (expired) {
            worker.kill();
        }
    }

    @Override
    public void done() {}

    @Override
    public synchronized boolean abandoned() {
        return finished;
    }

    /**
     * Ends the watch. Returns true if the deadline had passed first: the worker was killed, or is
     * about to be, and must not be used.
     */
    synchronized boolean finish() {
        finished = true;
        notifyAll();
        return expired;
    }
}
