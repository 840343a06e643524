package io.weft.bench;

import io.weft.thread.BlockingPortal;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A round trip from a plain thread into a runtime and back: {@code BlockingPortal.call} (a new Weft
 * task per call, in the portal's group) beside {@code CompletableFuture.supplyAsync(...).join()} on
 * the common pool, both from the (virtual) benchmark thread. The portal lives for the whole trial.
 */
public class PortalCallBench extends OnVirtualThread {
    private BlockingPortal portal;
    private int x;

    /** Starts the portal. */
    @Setup
    public void startPortal() {
        portal = BlockingPortal.start();
    }

    /** Stops the portal. */
    @TearDown
    public void stopPortal() {
        portal.close();
    }

    /** One {@code portal.call}. */
    @Benchmark
    public int weft() {
        int v = ++x;
        return portal.call(() -> v);
    }

    /** One {@code supplyAsync(...).join()}. */
    @Benchmark
    public int baseline_supplyAsyncJoin() {
        int v = ++x;
        return CompletableFuture.supplyAsync(() -> v).join();
    }
}
