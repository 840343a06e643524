package io.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Channel shape "parallel", capacity 16: {@value #PAIRS} independent pairs (one producer task, one
 * consumer task and one stream each) pass {@value #N} items each, all at once. The score is per
 * item (one send and one receive), the start and join of every task or thread included (amortised
 * over the invocation).
 *
 * <p>Baselines, the same shape on each: {@code ArrayBlockingQueue(16)} and Jox's channel between
 * raw virtual threads ({@link ChannelShapes}), and Kotlin's channel between coroutines ({@link
 * KotlinChannels}).
 */
public class ChannelParallelBufferedBench extends OnVirtualThread {
    static final int PAIRS = 10_000;
    static final int N = 50;
    static final int CAPACITY = 16;

    /** Weft: {@code MemoryObjectStream.create(16)} between tasks of one {@code Weft.run}. */
    @Benchmark
    @OperationsPerInvocation(PAIRS * N)
    public long weft() {
        return WeftChannels.parallel(CAPACITY, PAIRS, N);
    }

    /** {@code ArrayBlockingQueue(16)} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation(PAIRS * N)
    public long baseline_arrayBlockingQueue() throws InterruptedException {
        return ChannelShapes.parallel(ChannelShapes.arrayBlockingQueue(CAPACITY), PAIRS, N);
    }

    /** Jox 1.0.1: {@code Channel.newBufferedChannel(16)} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation(PAIRS * N)
    public long baseline_jox() throws InterruptedException {
        return ChannelShapes.parallel(ChannelShapes.jox(CAPACITY), PAIRS, N);
    }

    /**
     * kotlinx.coroutines 1.11.0: {@code Channel(16)} between coroutines (see {@link
     * KotlinChannels}).
     */
    @Benchmark
    @OperationsPerInvocation(PAIRS * N)
    public long baseline_kotlin() throws InterruptedException {
        return KotlinChannels.parallel(CAPACITY, PAIRS, N);
    }
}
