package io.weft.bench;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Event;
import io.weft.sync.Semaphore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
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
    static final int TASKS = 4;
    static final int PERMITS = 2;
    static final int K = 10_000;

    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

    /** {@value #TASKS} tasks of one {@code Weft.run} on one {@code new Semaphore(2)}. */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long weft() {
        AtomicLong counter = new AtomicLong();
        Weft.run(() ->
                TaskGroup.run(tg -> {
                    Semaphore semaphore = new Semaphore(PERMITS);
                    Event start = new Event();
                    for (int i = 0; i < TASKS; i++) {
                        tg.startSoon(() -> {
                            start.await();
                            for (int j = 0; j < K; j++) {
                                try (var _ = semaphore.acquire()) {
                                    counter.incrementAndGet();
                                    Thread.yield();
                                }
                            }
                        });
                    }
                    start.set();
                }));
        return SemaphoreContendedBench.check(counter.get());
    }

    /** {@value #TASKS} raw virtual threads on {@code new Semaphore(2, true)}. */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long baseline_semaphoreFair() throws InterruptedException {
        return jdk(new java.util.concurrent.Semaphore(PERMITS, true));
    }

    /** {@value #TASKS} raw virtual threads on {@code new Semaphore(2)} (non-fair). */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long baseline_semaphore() throws InterruptedException {
        return jdk(new java.util.concurrent.Semaphore(PERMITS));
    }

    private static long jdk(java.util.concurrent.Semaphore semaphore) throws InterruptedException {
        AtomicLong counter = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[TASKS];
        for (int i = 0; i < TASKS; i++) {
            threads[i] =
                    VIRTUAL.newThread(() -> {
                        try {
                            start.await();
                            for (int j = 0; j < K; j++) {
                                semaphore.acquire();
                                try {
                                    counter.incrementAndGet();
                                    Thread.yield();
                                } finally {
                                    semaphore.release();
                                }
                            }
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            threads[i].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return SemaphoreContendedBench.check(counter.get());
    }
}
