package io.weft.bench;

import io.weft.TaskGroup;
import io.weft.process.Processes;
import io.weft.thread.BlockingPortal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@value #N} processes run at once, per process: {@value #N} tasks each calling {@code
 * Processes.run(List.of("true"))} in one task group, beside {@value #N} virtual threads each
 * calling {@code new ProcessBuilder("true").start().waitFor()}, then joined.
 *
 * <p>Weft's runtime is started for the trial (a {@link BlockingPortal}) and warmed with one round
 * of {@value #N}, so that its process threads (three per running process: the start, then a pump
 * per output) are there to be reused, as the JDK's process reaper threads are for the baseline. In
 * a fresh runtime, creating them (about 0.1 ms each here) would dominate.
 */
public class ProcessRunConcurrentBench extends OnVirtualThread {
    static final int N = 100;

    private BlockingPortal portal;

    /** Starts the runtime and warms its process threads with one round. */
    @Setup
    public void start() {
        portal = BlockingPortal.start();
        weft();
    }

    /** Stops the runtime. */
    @TearDown
    public void stop() {
        portal.close();
    }

    /** N concurrent runs in a task group. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int weft() {
        AtomicInteger sum = new AtomicInteger();
        portal.call(() ->
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
