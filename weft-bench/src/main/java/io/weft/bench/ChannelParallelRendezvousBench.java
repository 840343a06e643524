package io.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Channel shape "parallel", capacity 0 (rendezvous): {@value #PAIRS} independent pairs (one
 * producer task, one consumer task and one stream each) pass {@value #N} items each, all at once.
 * The score is per item (one send and one receive), the start and join of every task or thread
 * included (amortised over the invocation).
 *
 * <p>Baselines, the same shape on each: {@code SynchronousQueue}, {@code Exchanger} (the producer
 * offers its item, the consumer null) and Jox's channel between raw virtual threads ({@link
 * ChannelShapes}), and Kotlin's channel between coroutines ({@link KotlinChannels}).
 */
public class ChannelParallelRendezvousBench extends OnVirtualThread {
    static final int PAIRS = 10_000;
    static final int N = 50;

    /** Weft: {@code MemoryObjectStream.create(0)} between tasks of one {@code Weft.run}. */
    @Benchmark
    @OperationsPerInvocation(PAIRS * N)
    public long weft() {
        return WeftChannels.parallel(0, PAIRS, N);
    }

    /** {@code SynchronousQueue} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation(PAIRS * N)
    public long baseline_synchronousQueue() throws InterruptedException {
        return ChannelShapes.parallel(ChannelShapes.synchronousQueue(), PAIRS, N);
    }

    /**
     * {@code Exchanger} (the producer offers its item, the consumer null) between raw virtual
     * threads.
     */
    @Benchmark
    @OperationsPerInvocation(PAIRS * N)
    public long baseline_exchanger() throws InterruptedException {
        return ChannelShapes.parallel(ChannelShapes.exchanger(), PAIRS, N);
    }

    /** Jox 1.0.1: {@code Channel.newRendezvousChannel()} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation(PAIRS * N)
    public long baseline_jox() throws InterruptedException {
        return ChannelShapes.parallel(ChannelShapes.jox(0), PAIRS, N);
    }

    /**
     * kotlinx.coroutines 1.11.0: {@code Channel(RENDEZVOUS)} between coroutines (see {@link
     * KotlinChannels}).
     */
    @Benchmark
    @OperationsPerInvocation(PAIRS * N)
    public long baseline_kotlin() throws InterruptedException {
        return KotlinChannels.parallel(0, PAIRS, N);
    }
}
