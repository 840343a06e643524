package io.weft.bench;

import io.weft.Weft;
import io.weft.process.ToProcess;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * A worker JVM from start to first result, per invocation: {@code Weft.run(() ->
 * ToProcess.runSync(() -> 1))} (a new runtime whose empty pool starts a worker, waits for its
 * READY, sends the call, gets the answer, and kills and reaps the worker when the run ends) beside
 * the same by hand ({@link PipeWorker}: start a JVM, send the call, read the answer, kill and
 * reap).
 *
 * <p>"Warm" means everything around the new JVM is: the JDK's files are in the page cache and its
 * class-data archive mapped, and the benchmark's own JVM is JIT-compiled by the warm-up iterations.
 * The time is dominated by the worker JVM's own start-up, which both sides pay.
 */
public class ToProcessStartBench extends OnVirtualThread {

    /** A fresh runtime, a fresh worker, one call, the run's end. */
    @Benchmark
    public int weft() {
        return Weft.run(() -> ToProcess.runSync(() -> 1));
    }

    /** A fresh JVM by hand, one call, kill and reap. */
    @Benchmark
    public Object baseline_handMadePipeWorker() throws Exception {
        try (PipeWorker.Parent p = new PipeWorker.Parent()) {
            return p.call(() -> 1);
        }
    }
}
