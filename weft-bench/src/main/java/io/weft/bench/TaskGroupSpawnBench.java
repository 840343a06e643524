package io.weft.bench;

import io.weft.TaskGroup;
import io.weft.Weft;
import java.util.concurrent.ThreadFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Spawning and joining {@value #N} empty tasks in a {@link TaskGroup}, per task, beside the same
 * number of raw virtual threads started and joined.
 *
 * <p>Both sides have the same shape: the (virtual) benchmark thread starts one root thread and
 * waits for it, and the root thread starts {@value #N} threads and waits until all have ended. On
 * Weft's side the root thread is the root task that {@code Weft.run} starts, and the wait is the
 * group's exit; on the baseline's side it is a plain virtual thread that joins every child. So each
 * side pays one root-thread start per invocation (amortised over {@value #N}), and the difference
 * is what Weft adds per task: the {@code Task} record and its root scope, the group's count and
 * child list, the running-task count, and the end-of-task join chain.
 *
 * <p>Nothing is returned: starting a thread is a side effect the JIT cannot remove, and the tasks
 * have no result to consume.
 */
public class TaskGroupSpawnBench extends OnVirtualThread {
    static final int N = 1000;

    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();
    private static final Runnable EMPTY = () -> {};

    /** {@code Weft.run} whose root task runs a task group that starts N empty tasks. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void weft() {
        spawnAndJoin();
    }

    /** The Weft side: a run whose group starts N empty tasks (also {@link TaskEventsOffBench}). */
    static void spawnAndJoin() {
        Weft.run(() ->
                TaskGroup.run(tg -> {
                    for (int i = 0; i < N; i++) {
                        tg.startSoon(() -> {});
                    }
                }));
    }

    /** One virtual thread that starts N empty virtual threads and joins them all. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void baseline_rawVirtualThreads() throws InterruptedException {
        Thread root = VIRTUAL.newThread(TaskGroupSpawnBench::startAndJoinAll);
        root.start();
        root.join();
    }

    private static void startAndJoinAll() {
        Thread[] threads = new Thread[N];
        for (int i = 0; i < N; i++) {
            threads[i] = VIRTUAL.newThread(EMPTY);
            threads[i].start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException("the benchmark's root thread was interrupted", e);
        }
    }
}
