package io.weft.internal.process;

import io.weft.RunFinishedError;
import io.weft.internal.WeftRuntime;
import io.weft.internal.thread.WorkerPool;
import io.weft.sync.Semaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child processes of one runtime and the platform threads that serve their pipes. When the run
 * ends, every process still open is killed and waited for, so none outlives {@code Weft.run}.
 */
final class ProcessTable {
    private static final Object KEY = new Object(); // run-variable key
    private static final long REAP_WAIT_SECONDS = 10;
    // A pump's stack is shallow; the JDK's own process reaper threads use 128 KiB. 1,000 processes
    // with two piped outputs park 2,000 of these threads.
    private static final long STACK_SIZE = 256 * 1024;

    final WorkerPool pool;

    /**
     * Bounds the process starts in progress at once to twice the processors. A start is a fork and
     * two execs, CPU work in the kernel; a hundred at once on a hundred process threads ran about
     * 1.45 times as long per process as the JDK's own starts, which the carriers a virtual thread
     * blocks in them limit to one per processor. Four at once here (2 processors): about 1.17
     * times; one at once: 1.47 (measured, {@code ProcessRunConcurrentBench}'s shape).
     */
    final Semaphore starts =
            new Semaphore(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));

    private final Set<ChildProcess> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ProcessTable(WeftRuntime rt) {
        this.pool = new WorkerPool("weft-process-" + rt.id + "-", rt.threadIdleNanos(), STACK_SIZE);
    }

    /** The table of {@code rt}, created on first use. */
    static ProcessTable of(WeftRuntime rt) {
        return (ProcessTable)
                rt.runVars()
                        .computeIfAbsent(
                                KEY,
                                k -> {
                                    ProcessTable t = new ProcessTable(rt);
                                    rt.whenEnded(t::close);
                                    return t;
                                });
    }

    /**
     * Records {@code c} as open.
     *
     * @throws RunFinishedError if the run has ended
     */
    void add(ChildProcess c) {
        open.add(c);
        if (closed) {
            open.remove(c);
            throw new RunFinishedError("the Weft runtime has ended; no process can be started");
        }
    }

    void remove(ChildProcess c) {
        open.remove(c);
    }

    /** The processes still open (a snapshot). */
    int openCount() {
        return open.size();
    }

    private void close() {
        closed = true;
        List<ChildProcess> left = new ArrayList<>(open);
        for (ChildProcess c : left) {
            c.abandon();
        }
        for (ChildProcess c : left) {
            try {
                c.process().onExit().get(REAP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Not dead after SIGKILL within the wait (a process stuck in the kernel): the
                // JDK's reaper still collects it when it dies; the run must not hang on it.
            }
            open.remove(c);
        }
        pool.close();
    }
}
