package io.weft.bench;

import static io.weft.bench.ChannelShapes.ITEMS;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.stream.MemoryObjectReceiveStream;
import io.weft.stream.MemoryObjectSendStream;
import io.weft.stream.MemoryObjectStream;

/**
 * The shapes of {@link ChannelShapes} with Weft: one {@code Weft.run} per call, whose root task
 * runs a {@link TaskGroup} that starts every producer, forwarder and consumer as a task, and {@link
 * MemoryObjectStream}s of the given capacity (0: rendezvous) between them. Each task closes the
 * ends it uses when it is done, as real code would (try-with-resources).
 */
final class WeftChannels {
    private WeftChannels() {}

    static long pair(int capacity, int n) {
        return parallel(capacity, 1, n);
    }

    static long parallel(int capacity, int pairs, int n) {
        long[] sums = new long[pairs];
        Weft.run(() ->
                TaskGroup.run(tg -> {
                    for (int p = 0; p < pairs; p++) {
                        MemoryObjectStream<Integer> s = MemoryObjectStream.create(capacity);
                        int slot = p;
                        tg.startSoon(() -> produce(s.sendStream(), n));
                        tg.startSoon(() -> sums[slot] = consume(s.receiveStream(), n));
                    }
                }));
        long sum = 0;
        for (long s : sums) {
            sum += s;
        }
        return ChannelShapes.check(sum, pairs, n);
    }

    static long chain(int capacity, int stages, int n) {
        long[] sum = new long[1];
        Weft.run(() ->
                TaskGroup.run(tg -> {
                    MemoryObjectStream<Integer> first = MemoryObjectStream.create(capacity);
                    tg.startSoon(() -> produce(first.sendStream(), n));
                    MemoryObjectReceiveStream<Integer> in = first.receiveStream();
                    for (int i = 0; i < stages; i++) {
                        MemoryObjectStream<Integer> next = MemoryObjectStream.create(capacity);
                        MemoryObjectReceiveStream<Integer> from = in;
                        tg.startSoon(() -> forward(from, next.sendStream(), n));
                        in = next.receiveStream();
                    }
                    MemoryObjectReceiveStream<Integer> last = in;
                    tg.startSoon(() -> sum[0] = consume(last, n));
                }));
        return ChannelShapes.check(sum[0], 1, n);
    }

    private static void produce(MemoryObjectSendStream<Integer> tx, int n) {
        try (tx) {
            for (int i = 0; i < n; i++) {
                tx.send(ITEMS[i]);
            }
        }
    }

    private static void forward(
            MemoryObjectReceiveStream<Integer> rx, MemoryObjectSendStream<Integer> tx, int n) {
        try (rx;
                tx) {
            for (int i = 0; i < n; i++) {
                tx.send(rx.receive());
            }
        }
    }

    private static long consume(MemoryObjectReceiveStream<Integer> rx, int n) {
        long sum = 0;
        try (rx) {
            for (int i = 0; i < n; i++) {
                sum += rx.receive();
            }
        }
        return sum;
    }
}
