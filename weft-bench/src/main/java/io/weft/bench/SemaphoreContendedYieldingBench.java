package io.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * A semaphore contended on both sides: {@value #TASKS} tasks share {@value #PERMITS} permits, all
 * released together from a start gate, and each holder gives up its carrier once inside ({@code
 * Thread.yield()}), so every acquire meets holders and waiters; per acquire+release, {@value #K}
 * per task. Baselines: {@value #TASKS} raw virtual threads doing the same on {@code
 * java.util.concurrent.Semaphore}({@value #PERMITS}), fair and non-fair.
 *
 * <p>Why besides {@link SemaphoreContendedBench}: there the JDK's threads are hardly contended (the
 * first two run their 10,000 acquisitions before the others get a carrier), while Weft's tasks,
 * whose acquire is a schedule point, end up handing permits over in FIFO order; the pair compared a
 * contended hand-off with an uncontended run. Here both sides hand over.
 */
public class SemaphoreContendedYieldingBench extends OnVirtualThread {
    static final int TASKS = SemaphoreContendedBench.TASKS;
    static final int PERMITS = SemaphoreContendedBench.PERMITS;
    static final int K = SemaphoreContendedBench.K;

    /** {@value #TASKS} tasks of one {@code Weft.run} on one {@code new Semaphore(2)}. */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long weft() {
        return SemaphoreContendedBench.weft(true);
    }

    /** {@value #TASKS} raw virtual threads on {@code new Semaphore(2, true)}. */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long baseline_semaphoreFair() throws InterruptedException {
        return SemaphoreContendedBench.jdk(new java.util.concurrent.Semaphore(PERMITS, true), true);
    }

    /** {@value #TASKS} raw virtual threads on {@code new Semaphore(2)} (non-fair). */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long baseline_semaphore() throws InterruptedException {
        return SemaphoreContendedBench.jdk(new java.util.concurrent.Semaphore(PERMITS), true);
    }
}
