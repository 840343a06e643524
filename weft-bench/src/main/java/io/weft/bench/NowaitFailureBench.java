package io.weft.bench;

import io.weft.Weft;
import io.weft.WouldBlock;
import io.weft.stream.MemoryObjectStream;
import java.util.concurrent.ArrayBlockingQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * A {@code ...Nowait} that cannot complete: {@code receiveNowait()} on an empty {@code create(16)}
 * stream, which throws {@link WouldBlock}, {@value #K} times in one {@code Weft.run}, per call,
 * beside {@code ArrayBlockingQueue.poll()} on an empty queue, which returns null. The JDK answers
 * "nothing there" without an exception; what Weft's costs on top is mostly making the exception.
 */
public class NowaitFailureBench extends OnVirtualThread {
    static final int K = 100_000;

    /** {@code receiveNowait()} on an empty stream, the {@code WouldBlock} caught. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long weft() {
        return Weft.run(() -> {
            var pair = MemoryObjectStream.<Integer>create(16);
            long misses = 0;
            try (pair) {
                for (int i = 0; i < K; i++) {
                    try {
                        pair.receiveStream().receiveNowait();
                    } catch (WouldBlock empty) {
                        misses++;
                    }
                }
            }
            return misses;
        });
    }

    /** {@code poll()} on an empty {@code ArrayBlockingQueue(16)}. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long baseline_arrayBlockingQueuePoll() throws InterruptedException {
        long[] misses = {0};
        Thread t =
                Thread.ofVirtual()
                        .start(() -> {
                            ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(16);
                            for (int i = 0; i < K; i++) {
                                if (q.poll() == null) {
                                    misses[0]++;
                                }
                            }
                        });
        t.join();
        return misses[0];
    }
}
