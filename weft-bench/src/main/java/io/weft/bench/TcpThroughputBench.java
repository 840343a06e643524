package io.weft.bench;

import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Echo throughput over loopback TCP in 64 KiB chunks: per chunk sent and read back, {@value #N}
 * chunks (16 MiB) per invocation on one connection, Weft's {@code SocketStream} beside blocking
 * {@code SocketChannel}s on virtual threads (see {@link TcpEcho}).
 */
public class TcpThroughputBench extends OnVirtualThread {
    static final int N = 256;

    /** Weft's streams. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long weft() throws IOException {
        return TcpEcho.weft(N, 1 << 16);
    }

    /** Blocking channels on virtual threads. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_blockingVirtualThreads() throws IOException, InterruptedException {
        return TcpEcho.blocking(N, 1 << 16);
    }
}
