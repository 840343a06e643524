package io.weft.bench;

import io.weft.Weft;
import io.weft.process.Processes;
import java.io.IOException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * One short process run to its end, per call: {@code Processes.run(List.of("true"))} beside {@code
 * new ProcessBuilder("true").start().waitFor()}, both from a virtual thread.
 *
 * <p>Weft's side runs {@value #N} processes in one {@code Weft.run}, so the runtime's start (and
 * the process threads it creates, which the following runs reuse) is amortised. Weft does more than
 * the baseline for the same result: it starts the process on a process thread (so that no carrier
 * is held by the fork), reads both output pipes to their end and waits for the exit through the
 * JDK's {@code onExit}; the baseline leaves its pipes unread.
 */
public class ProcessRunBench extends OnVirtualThread {
    static final int N = 20;

    /** N runs of {@code true} in one runtime. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int weft() throws IOException {
        return Weft.run(() -> {
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
