package io.weft.bench;

import io.weft.Weft;
import io.weft.thread.ToThread;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A round trip to a worker thread and back, per call: {@code ToThread.runSync} beside {@code
 * ExecutorService.submit(...).get()} on a cached thread pool, both from a virtual thread.
 *
 * <p>Weft's side runs {@value #N} calls in one {@code Weft.run}, so the runtime's start (and the
 * first worker thread it creates, which the following calls reuse) is amortised over {@value #N};
 * the baseline's pool lives for the whole trial, so its threads are always warm. Each call hands a
 * function to a parked platform thread, which runs it and wakes the caller: two thread wake-ups on
 * either side. Weft adds the limiter token (borrowed and returned per call), the call record and
 * the Weft wait.
 */
public class ToThreadBench extends OnVirtualThread {
    static final int N = 1000;

    private ExecutorService cached;

    /** Starts the baseline's pool. */
    @Setup
    public void startPool() {
        cached = Executors.newCachedThreadPool();
    }

    /** Stops the baseline's pool. */
    @TearDown
    public void stopPool() {
        cached.shutdownNow();
    }

    /** N {@code ToThread.runSync} calls in one runtime. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long weft() {
        return Weft.run(() -> {
            long sum = 0;
            for (int i = 0; i < N; i++) {
                int x = i;
                sum += ToThread.runSync(() -> x);
            }
            return sum;
        });
    }

    /** N {@code submit(...).get()} round trips on a cached pool. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_cachedPoolSubmitGet() throws InterruptedException, ExecutionException {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            int x = i;
            sum += cached.submit(() -> x).get();
        }
        return sum;
    }
}
