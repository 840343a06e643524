package io.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Channel shape "chain", capacity 16: {@value #N} items pass through a chain of {@value #STAGES}
 * forwarding tasks (each receives from one stream and sends to the next; a producer feeds the first
 * stream and a consumer drains the last, so there are {@code STAGES + 1} streams). The score is per
 * item and hop (one send and one receive on one stream), the start and join of every task or thread
 * included (amortised over the invocation).
 *
 * <p>Baselines, the same shape on each: {@code ArrayBlockingQueue(16)} and Jox's channel between
 * raw virtual threads ({@link ChannelShapes}), and Kotlin's channel between coroutines ({@link
 * KotlinChannels}).
 */
public class ChannelChainBufferedBench extends OnVirtualThread {
    static final int STAGES = 10_000;
    static final int N = 50;
    static final int CAPACITY = 16;

    /** Weft: {@code MemoryObjectStream.create(16)} between tasks of one {@code Weft.run}. */
    @Benchmark
    @OperationsPerInvocation((STAGES + 1) * N)
    public long weft() {
        return WeftChannels.chain(CAPACITY, STAGES, N);
    }

    /** {@code ArrayBlockingQueue(16)} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation((STAGES + 1) * N)
    public long baseline_arrayBlockingQueue() throws InterruptedException {
        return ChannelShapes.chain(ChannelShapes.arrayBlockingQueue(CAPACITY), STAGES, N);
    }

    /** Jox 1.0.1: {@code Channel.newBufferedChannel(16)} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation((STAGES + 1) * N)
    public long baseline_jox() throws InterruptedException {
        return ChannelShapes.chain(ChannelShapes.jox(CAPACITY), STAGES, N);
    }

    /**
     * kotlinx.coroutines 1.11.0: {@code Channel(16)} between coroutines (see {@link
     * KotlinChannels}).
     */
    @Benchmark
    @OperationsPerInvocation((STAGES + 1) * N)
    public long baseline_kotlin() throws InterruptedException {
        return KotlinChannels.chain(CAPACITY, STAGES, N);
    }
}
