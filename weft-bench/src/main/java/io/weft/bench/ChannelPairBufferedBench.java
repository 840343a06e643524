package io.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Channel shape "pair", capacity 16: one producer task sends {@value #N} items through one stream
 * to one consumer task. The score is per item (one send and one receive), the start and join of
 * every task or thread included (amortised over the invocation).
 *
 * <p>Baselines, the same shape on each: {@code ArrayBlockingQueue(16)} and Jox's channel between
 * raw virtual threads ({@link ChannelShapes}), and Kotlin's channel between coroutines ({@link
 * KotlinChannels}).
 */
public class ChannelPairBufferedBench extends OnVirtualThread {
    static final int N = 100_000;
    static final int CAPACITY = 16;

    /** Weft: {@code MemoryObjectStream.create(16)} between tasks of one {@code Weft.run}. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long weft() {
        return WeftChannels.pair(CAPACITY, N);
    }

    /** {@code ArrayBlockingQueue(16)} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_arrayBlockingQueue() throws InterruptedException {
        return ChannelShapes.pair(ChannelShapes.arrayBlockingQueue(CAPACITY), N);
    }

    /** Jox 1.0.1: {@code Channel.newBufferedChannel(16)} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_jox() throws InterruptedException {
        return ChannelShapes.pair(ChannelShapes.jox(CAPACITY), N);
    }

    /**
     * kotlinx.coroutines 1.11.0: {@code Channel(16)} between coroutines (see {@link
     * KotlinChannels}).
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_kotlin() throws InterruptedException {
        return KotlinChannels.pair(CAPACITY, N);
    }
}
