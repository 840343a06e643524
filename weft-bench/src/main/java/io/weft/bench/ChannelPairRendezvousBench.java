package io.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Channel shape "pair", capacity 0 (rendezvous): one producer task sends {@value #N} items through
 * one stream to one consumer task. The score is per item (one send and one receive), the start and
 * join of every task or thread included (amortised over the invocation).
 *
 * <p>Baselines, the same shape on each: {@code SynchronousQueue}, {@code Exchanger} (the producer
 * offers its item, the consumer null) and Jox's channel between raw virtual threads ({@link
 * ChannelShapes}), and Kotlin's channel between coroutines ({@link KotlinChannels}).
 */
public class ChannelPairRendezvousBench extends OnVirtualThread {
    static final int N = 100_000;

    /** Weft: {@code MemoryObjectStream.create(0)} between tasks of one {@code Weft.run}. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long weft() {
        return WeftChannels.pair(0, N);
    }

    /** {@code SynchronousQueue} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_synchronousQueue() throws InterruptedException {
        return ChannelShapes.pair(ChannelShapes.synchronousQueue(), N);
    }

    /**
     * {@code Exchanger} (the producer offers its item, the consumer null) between raw virtual
     * threads.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_exchanger() throws InterruptedException {
        return ChannelShapes.pair(ChannelShapes.exchanger(), N);
    }

    /** Jox 1.0.1: {@code Channel.newRendezvousChannel()} between raw virtual threads. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_jox() throws InterruptedException {
        return ChannelShapes.pair(ChannelShapes.jox(0), N);
    }

    /**
     * kotlinx.coroutines 1.11.0: {@code Channel(RENDEZVOUS)} between coroutines (see {@link
     * KotlinChannels}).
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_kotlin() throws InterruptedException {
        return KotlinChannels.pair(0, N);
    }
}
