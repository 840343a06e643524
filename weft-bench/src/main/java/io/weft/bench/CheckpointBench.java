package io.weft.bench;

import io.weft.Weft;
import java.util.concurrent.ThreadFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Weft#checkpoint()} in a task that is not cancelled, beside {@code
 * Thread.currentThread().isInterrupted()}.
 *
 * <p>Each invocation is one {@code Weft.run} whose root task calls {@code checkpoint()} {@value #K}
 * times (the runtime's start is amortised to well under 1 ns per call). The root task's scope chain
 * is one scope deep, the shortest a task has. A checkpoint reads the task from a thread-local,
 * walks the chain looking for a cancelled scope, and counts down to its next clock sample (it
 * yields the carrier only after ~1 ms without blocking, which is part of the measured cost).
 *
 * <p>The baseline is the cheapest cancellation check Java has: polling the interrupt flag, the
 * JDK's own cooperative-cancellation signal, which is what a loop would do without Weft. It is one
 * field read of the current thread, so the ratio says how much Weft's richer check (scopes,
 * shields, level-triggered) costs over the bare minimum. It runs in one raw virtual thread per
 * invocation, as Weft's loop runs in the root task's thread.
 *
 * <p>{@code checkpoint()} returns nothing and reads volatile state, so it cannot be removed; the
 * baseline's flag goes to a {@link Blackhole}.
 */
public class CheckpointBench extends OnVirtualThread {
    static final int K = 100_000;

    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

    /** {@code Weft.checkpoint()}, not cancelled. */
    @Benchmark
    @OperationsPerInvocation(K)
    public void weft() {
        Weft.run(() -> {
            for (int i = 0; i < K; i++) {
                Weft.checkpoint();
            }
        });
    }

    /** {@code Thread.currentThread().isInterrupted()} in a raw virtual thread. */
    @Benchmark
    @OperationsPerInvocation(K)
    public void baseline_isInterrupted(Blackhole bh) throws InterruptedException {
        Thread t =
                VIRTUAL.newThread(() -> {
                    for (int i = 0; i < K; i++) {
                        bh.consume(Thread.currentThread().isInterrupted());
                    }
                });
        t.start();
        t.join();
    }
}
