package io.weft.bench;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.process.Processes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * {@value #N} processes run at once, per process: {@value #N} tasks each calling {@code
 * Processes.run(List.of("true"))} in one task group, beside {@value #N} virtual threads each
 * calling {@code new ProcessBuilder("true").start().waitFor()}, then joined.
 */
public class ProcessRunConcurrentBench extends OnVirtualThread {
    static final int N = 100;

    /** N concurrent runs in a task group. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int weft() {
        AtomicInteger sum = new AtomicInteger();
        Weft.run(() ->
                TaskGroup.run(tg -> {
                    for (int i = 0; i < N; i++) {
                        tg.startSoon(
                                () -> sum.addAndGet(Processes.run(List.of("true")).returnCode()));
                    }
                }));
        return sum.get();
    }

    /** N virtual threads each running a process, then joined. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int baseline_processBuilderVirtualThreads() throws InterruptedException {
        AtomicInteger sum = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            threads.add(
                    Thread.ofVirtual()
                            .start(() -> {
                                try {
                                    sum.addAndGet(new ProcessBuilder("true").start().waitFor());
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return sum.get();
    }
}
