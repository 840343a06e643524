package io.weft.bench;

import io.weft.Weft;
import io.weft.sync.Lock;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * An uncontended {@link Lock} acquire and release, {@value #K} times in one {@code Weft.run}'s root
 * task, per acquire+release (each around {@code ++counter}), beside a {@link ReentrantLock}'s
 * {@code lock()}/{@code unlock()} the same number of times in one raw virtual thread.
 *
 * <p>{@code weft} is a default {@code new Lock()}, whose uncontended acquire is a full checkpoint
 * (a cancel point, then a schedule point: on the parallel backends a time-slice countdown); {@code
 * weft_fastAcquire} is {@code new Lock(true)}, whose uncontended acquire is only a cancel point.
 * Both sides start one thread per invocation, amortised over the {@value #K} operations.
 */
public class LockBench extends OnVirtualThread {
    static final int K = 1_000_000;

    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

    /** {@code try (var held = lock.acquire()) { ++counter; }} with {@code new Lock()}. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long weft() {
        return Weft.run(() -> weftLoop(new Lock()));
    }

    /** The same with {@code new Lock(true)}. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long weft_fastAcquire() {
        return Weft.run(() -> weftLoop(new Lock(true)));
    }

    private static long weftLoop(Lock lock) {
        long counter = 0;
        for (int i = 0; i < K; i++) {
            try (var _ = lock.acquire()) {
                ++counter;
            }
        }
        return counter;
    }

    /** {@code lock.lock(); try { ++counter; } finally { lock.unlock(); }} on a ReentrantLock. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long baseline_reentrantLock() throws InterruptedException {
        long[] result = new long[1];
        Thread t =
                VIRTUAL.newThread(() -> {
                    ReentrantLock lock = new ReentrantLock();
                    long counter = 0;
                    for (int i = 0; i < K; i++) {
                        lock.lock();
                        try {
                            ++counter;
                        } finally {
                            lock.unlock();
                        }
                    }
                    result[0] = counter;
                });
        t.start();
        t.join();
        return result[0];
    }
}
