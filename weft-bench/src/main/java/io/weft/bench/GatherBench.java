package io.weft.bench;

import io.weft.CheckedCallable;
import io.weft.Weft;
import io.weft.util.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * {@code Tasks.gather} of {@value #N} trivial callables, per callable, beside the same callables
 * run on {@value #N} raw virtual threads (a virtual-thread-per-task executor) whose results are
 * collected in order. Both sides include one root: {@code Weft.run}'s root task, or the executor.
 */
public class GatherBench extends OnVirtualThread {
    static final int N = 1000;

    private static final List<CheckedCallable<Integer, RuntimeException>> CALLS = new ArrayList<>();
    private static final List<Callable<Integer>> JDK_CALLS = new ArrayList<>();

    static {
        for (int i = 0; i < N; i++) {
            int k = i;
            CALLS.add(() -> k);
            JDK_CALLS.add(() -> k);
        }
    }

    /** {@code Tasks.gather} of N callables that return their index, in one {@code Weft.run}. */
    @Benchmark
    @OperationsPerInvocation(N)
    public List<Integer> weft() {
        return Weft.run(() -> Tasks.gather(CALLS));
    }

    /** The same callables on N virtual threads, futures collected in order. */
    @Benchmark
    @OperationsPerInvocation(N)
    public List<Integer> baseline_rawVirtualThreads() throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> futures = new ArrayList<>(N);
            for (Callable<Integer> c : JDK_CALLS) {
                futures.add(ex.submit(c));
            }
            List<Integer> out = new ArrayList<>(N);
            for (Future<Integer> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }
}
