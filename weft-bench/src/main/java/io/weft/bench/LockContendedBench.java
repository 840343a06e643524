package io.weft.bench;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Lock;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * A contended {@link Lock}: {@value #TASKS} tasks each acquire and release it {@value #K} times
 * around {@code ++counter}, per acquire+release, beside a fair {@code ReentrantLock(true)} (FIFO
 * like Weft's lock) used the same way by {@value #TASKS} raw virtual threads. Weft's lock hands
 * itself to the first waiter on release (no barging), so nearly every acquire waits; a fair
 * ReentrantLock also serves its queue in order.
 */
public class LockContendedBench extends OnVirtualThread {
    static final int TASKS = 4;
    static final int K = 10_000;

    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

    /** {@value #TASKS} tasks of one {@code Weft.run} sharing one {@code new Lock()}. */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long weft() {
        long[] counter = new long[1];
        Weft.run(() ->
                TaskGroup.run(tg -> {
                    Lock lock = new Lock();
                    for (int i = 0; i < TASKS; i++) {
                        tg.startSoon(() -> {
                            for (int j = 0; j < K; j++) {
                                try (var _ = lock.acquire()) {
                                    ++counter[0];
                                }
                            }
                        });
                    }
                }));
        return check(counter[0]);
    }

    /** {@value #TASKS} raw virtual threads sharing one {@code ReentrantLock(true)}. */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long baseline_reentrantLockFair() throws InterruptedException {
        return jdk(new ReentrantLock(true));
    }

    /**
     * For context: the same with a non-fair {@code ReentrantLock()}, which lets the releasing
     * thread take the lock straight back (barging) and so rarely parks.
     */
    @Benchmark
    @OperationsPerInvocation(TASKS * K)
    public long baseline_reentrantLock() throws InterruptedException {
        return jdk(new ReentrantLock());
    }

    private static long jdk(ReentrantLock lock) throws InterruptedException {
        long[] counter = new long[1];
        Thread[] threads = new Thread[TASKS];
        for (int i = 0; i < TASKS; i++) {
            threads[i] =
                    VIRTUAL.newThread(() -> {
                        for (int j = 0; j < K; j++) {
                            lock.lock();
                            try {
                                ++counter[0];
                            } finally {
                                lock.unlock();
                            }
                        }
                    });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return check(counter[0]);
    }

    static long check(long counter) {
        if (counter != (long) TASKS * K) {
            throw new IllegalStateException("lost updates: " + counter + " of " + TASKS * K);
        }
        return counter;
    }
}
