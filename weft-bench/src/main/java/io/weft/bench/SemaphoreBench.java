package io.weft.bench;

import io.weft.Weft;
import io.weft.sync.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * An uncontended {@link Semaphore} acquire and release (value 1), {@value #K} times in one {@code
 * Weft.run}'s root task, per acquire+release, beside {@code java.util.concurrent.Semaphore(1)}'s
 * {@code acquire()}/{@code release()} the same number of times in one raw virtual thread. {@code
 * weft} is {@code new Semaphore(1)} (a full checkpoint per acquire), {@code weft_fastAcquire} is
 * {@code new Semaphore(1, true)} (a cancel point only).
 */
public class SemaphoreBench extends OnVirtualThread {
    static final int K = 1_000_000;

    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

    /** {@code try (var held = semaphore.acquire()) { ++counter; }}, {@code new Semaphore(1)}. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long weft() {
        return Weft.run(() -> weftLoop(new Semaphore(1)));
    }

    /** The same with {@code new Semaphore(1, true)}. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long weft_fastAcquire() {
        return Weft.run(() -> weftLoop(new Semaphore(1, true)));
    }

    private static long weftLoop(Semaphore semaphore) {
        long counter = 0;
        for (int i = 0; i < K; i++) {
            try (var _ = semaphore.acquire()) {
                ++counter;
            }
        }
        return counter;
    }

    /** {@code acquire(); try { ++counter; } finally { release(); }} on a JDK semaphore. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long baseline_semaphore() throws InterruptedException {
        long[] result = new long[1];
        Thread t =
                VIRTUAL.newThread(() -> {
                    java.util.concurrent.Semaphore semaphore =
                            new java.util.concurrent.Semaphore(1);
                    long counter = 0;
                    try {
                        for (int i = 0; i < K; i++) {
                            semaphore.acquire();
                            try {
                                ++counter;
                            } finally {
                                semaphore.release();
                            }
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    result[0] = counter;
                });
        t.start();
        t.join();
        return result[0];
    }
}
