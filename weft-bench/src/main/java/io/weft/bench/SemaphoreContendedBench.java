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
        return weft(false);
    }

    /** {@value #TASKS} raw virtual threads on {@code new Semaphore(2, true)}. */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long baseline_semaphoreFair() throws InterruptedException {
        return jdk(new java.util.concurrent.Semaphore(PERMITS, true), false);
    }

    /** {@value #TASKS} raw virtual threads on {@code new Semaphore(2)} (non-fair). */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long baseline_semaphore() throws InterruptedException {
        return jdk(new java.util.concurrent.Semaphore(PERMITS), false);
    }

    /**
     * Weft's side; with {@code contended}, the tasks start together from a gate and each yields its
     * carrier while it holds a permit ({@link SemaphoreContendedYieldingBench}).
     */
    static long weft(boolean contended) {
        AtomicLong counter = new AtomicLong();
        Weft.run(() ->
                TaskGroup.run(tg -> {
                    Semaphore semaphore = new Semaphore(PERMITS);
                    Event start = new Event();
                    for (int i = 0; i < TASKS; i++) {
                        tg.startSoon(() -> {
                            if (contended) {
                                start.await();
                            }
                            for (int j = 0; j < K; j++) {
                                try (var _ = semaphore.acquire()) {
                                    counter.incrementAndGet();
                                    if (contended) {
                                        Thread.yield();
                                    }
                                }
                            }
                        });
                    }
                    start.set();
                }));
        return check(counter.get());
    }

    /** The JDK's side, likewise. */
    static long jdk(java.util.concurrent.Semaphore semaphore, boolean contended)
            throws InterruptedException {
        AtomicLong counter = new AtomicLong();
        CountDownLatch start = new CountDownLatch(contended ? 1 : 0);
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
                                    if (contended) {
                                        Thread.yield();
                                    }
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
        return check(counter.get());
    }

    private static long check(long counter) {
        if (counter != (long) TASKS * K) {
            throw new IllegalStateException("lost updates: " + counter + " of " + TASKS * K);
        }
        return counter;
    }
}
