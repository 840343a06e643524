package io.weft.bench;

import io.weft.process.ToProcess;
import io.weft.thread.BlockingPortal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A warm round trip to a worker JVM, per call: {@code ToProcess.runSync(() -> x)} beside the same
 * function sent by hand ({@link PipeWorker}: {@code ProcessBuilder}, blocking data streams, Java
 * serialization), both to a worker started for the trial and already used.
 *
 * <p>Weft's pool lives as long as its runtime, so the runtime is a {@link BlockingPortal} started
 * for the trial; each invocation makes {@value #N} calls in one portal task, so the portal's own
 * round trip is spread over them. Each call serializes a new capturing lambda, writes one frame to
 * the worker's pipe (a job on a process thread), and waits for the answer frame (pumped by another
 * process thread) in a Weft wait; the baseline does the same serialization and pipe writes and
 * reads on the calling thread itself. Both workers run the function on their main thread.
 */
public class ToProcessBench extends OnVirtualThread {
    static final int N = 100;

    private BlockingPortal portal;
    private PipeWorker.Parent pipe;

    /** Starts the portal and the baseline's worker, and warms both up with one call each. */
    @Setup
    public void start() throws Exception {
        portal = BlockingPortal.start();
        portal.call(() -> ToProcess.runSync(() -> 0));
        pipe = new PipeWorker.Parent();
        pipe.call(() -> 0);
    }

    /** Stops the portal (which kills its worker) and the baseline's worker. */
    @TearDown
    public void stop() throws InterruptedException {
        portal.close();
        pipe.close();
    }

    /** N {@code ToProcess.runSync} calls to the warm worker. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long weft() {
        return portal.call(() -> {
            long sum = 0;
            for (int i = 0; i < N; i++) {
                int x = i;
                sum += ToProcess.runSync(() -> x);
            }
            return sum;
        });
    }

    /** N round trips to the hand-made worker. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_handMadePipeWorker() throws Exception {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            int x = i;
            sum += (Integer) pipe.call(() -> x);
        }
        return sum;
    }
}
