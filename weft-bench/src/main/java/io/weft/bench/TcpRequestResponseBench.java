package io.weft.bench;

import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Request/response latency over loopback TCP: one 64-byte message sent and its echo read back,
 * {@value #N} per invocation on one connection, Weft's {@code SocketStream} beside blocking {@code
 * SocketChannel}s on virtual threads (see {@link TcpEcho}). Each invocation also sets up a listener
 * and a connection (and, on Weft's side, a runtime), spread over the {@value #N}.
 */
public class TcpRequestResponseBench extends OnVirtualThread {
    static final int N = 2000;

    /** Weft's streams. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long weft() throws IOException {
        return TcpEcho.weft(N, 64);
    }

    /** Blocking channels on virtual threads. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_blockingVirtualThreads() throws IOException, InterruptedException {
        return TcpEcho.blocking(N, 64);
    }
}
