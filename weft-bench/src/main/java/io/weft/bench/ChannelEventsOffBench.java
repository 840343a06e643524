package io.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * What Weft's wait and stream JFR events cost while no recording enables them: {@link
 * ChannelPairRendezvousBench}'s Weft side (every send waits for the receiver, so it passes the
 * {@code io.weft.StreamBackpressure} site, and a parked wait the {@code io.weft.LongWait} site) as
 * shipped, beside the same in a JVM started with {@code -Dweft.jfr=false}, where the sites are
 * compiled out. Target: within noise (≤ 1.02 ×).
 */
public class ChannelEventsOffBench extends OnVirtualThread {

    /** A rendezvous pair, events compiled in, no recording. */
    @Benchmark
    @OperationsPerInvocation(ChannelPairRendezvousBench.N)
    public long weft() {
        return WeftChannels.pair(0, ChannelPairRendezvousBench.N);
    }

    /** The same in a JVM where {@code weft.jfr=false} compiles the event sites out. */
    @Benchmark
    @OperationsPerInvocation(ChannelPairRendezvousBench.N)
    @Fork(
            value = 2,
            jvmArgsPrepend = "-Djmh.executor=VIRTUAL",
            jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dweft.jfr=false"}) // OnVirtualThread's, plus
    public long baseline_eventsCompiledOut() {
        return WeftChannels.pair(0, ChannelPairRendezvousBench.N);
    }
}
