package io.weft.bench;

import java.util.concurrent.LinkedBlockingQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Channel shape "pair", an unbounded buffer: one producer task sends {@value #N} items through one
 * stream to one consumer task. The score is per item (one send and one receive), the start and join
 * of every task or thread included (amortised over the invocation).
 *
 * <p>Baselines, the same shape on each: {@code LinkedBlockingQueue} and Jox's channel between raw
 * virtual threads ({@link ChannelShapes}), and Kotlin's channel between coroutines ({@link
 * KotlinChannels}).
 */
public class ChannelPairUnboundedBench extends OnVirtualThread {
    static final int N = 100_000;

    /** Weft: {@code MemoryObjectStream.create(UNBOUNDED)} between tasks of one {@code Weft.run}. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long weft() {
        return WeftChannels.pair(ChannelShapes.UNBOUNDED, N);
    }

    /** {@code LinkedBlockingQueue} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_linkedBlockingQueue() throws InterruptedException {
        return ChannelShapes.pair(ChannelShapes.queue(LinkedBlockingQueue::new), N);
    }

    /** Jox 1.0.1: {@code Channel.newUnlimitedChannel()} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_jox() throws InterruptedException {
        return ChannelShapes.pair(ChannelShapes.jox(ChannelShapes.UNBOUNDED), N);
    }

    /**
     * kotlinx.coroutines 1.11.0: {@code Channel(UNLIMITED)} between coroutines (see {@link
     * KotlinChannels}).
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_kotlin() throws InterruptedException {
        return KotlinChannels.pair(ChannelShapes.UNBOUNDED, N);
    }
}
