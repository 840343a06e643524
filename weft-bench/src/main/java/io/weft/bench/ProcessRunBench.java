package io.weft.bench;

import io.weft.process.Processes;
import io.weft.thread.BlockingPortal;
import java.io.IOException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One short process run to its end, per call: {@code Processes.run(List.of("true"))} beside {@code
 * new ProcessBuilder("true").start().waitFor()}, both from a virtual thread.
 *
 * <p>Weft's side runs {@value #N} processes in one task of a runtime started for the trial (a
 * {@link BlockingPortal}), so its process threads are warm, as the JDK's process reaper threads (a
 * JVM-wide pool) are for the baseline; the portal's own round trip is spread over the {@value #N}.
 * Weft does more than the baseline for the same result: it starts the process on a process thread
 * (so that no carrier is held by the fork), reads both output pipes to their end and waits for the
 * exit; the baseline leaves its pipes unread.
 */
public class ProcessRunBench extends OnVirtualThread {
    static final int N = 20;

    private BlockingPortal portal;

    /** Starts the runtime and warms its process threads with one run. */
    @Setup
    public void start() throws IOException {
        portal = BlockingPortal.start();
        portal.call(() -> Processes.run(List.of("true")).returnCode());
    }

    /** Stops the runtime. */
    @TearDown
    public void stop() {
        portal.close();
    }

    /** N runs of {@code true} in one task. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int weft() throws IOException {
        return portal.call(() -> {
            int sum = 0;
            for (int i = 0; i < N; i++) {
                sum += Processes.run(List.of("true")).returnCode();
            }
            return sum;
        });
    }

    /** N {@code ProcessBuilder} runs of {@code true}. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int baseline_processBuilder() throws IOException, InterruptedException {
        int sum = 0;
        for (int i = 0; i < N; i++) {
            sum += new ProcessBuilder("true").start().waitFor();
        }
        return sum;
    }
}
