package io.weft.bench;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * A contended {@link Semaphore}: {@value #TASKS} tasks share {@value #PERMITS} permits, each
 * acquiring and releasing one {@value #K} times around an atomic increment, per acquire+release.
 * Baselines: {@value #TASKS} raw virtual threads on {@code java.util.concurrent.Semaphore}({@value
 * #PERMITS}), fair (FIFO, like Weft's, which hands a released permit to the first waiter) and
 * non-fair (the JDK's default, which lets a releasing thread take the permit straight back).
 */
public class SemaphoreContendedBench extends OnVirtualThread {
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
                    for (int i = 0; i < TASKS; i++) {
                        tg.startSoon(() -> {
                            for (int j = 0; j < K; j++) {
                                try (var _ = semaphore.acquire()) {
                                    counter.incrementAndGet();
                                }
                            }
                        });
                    }
                }));
        return check(counter.get());
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
        Thread[] threads = new Thread[TASKS];
        for (int i = 0; i < TASKS; i++) {
            threads[i] =
                    VIRTUAL.newThread(() -> {
                        try {
                            for (int j = 0; j < K; j++) {
                                semaphore.acquire();
                                try {
                                    counter.incrementAndGet();
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
        for (Thread t : threads) {
            t.join();
        }
        return check(counter.get());
    }

    static long check(long counter) {
        if (counter != (long) TASKS * K) {
            throw new IllegalStateException("lost updates: " + counter + " of " + TASKS * K);
        }
        return counter;
    }
}
