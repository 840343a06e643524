package io.weft.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.CancelScope;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.stream.MemoryObjectStream;
import io.weft.stream.MemoryObjectStreamStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Memory object streams with 4 producers and 4 consumers while a canceller cancels individual send
 * and receive calls at random: an item is received exactly once if its send returned, never if it
 * threw {@code Cancelled}, in each producer's order.
 */
class MemoryObjectStreamStressTest {
    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 4;
    private static final int PAUSE = Integer.getInteger("weft.stress.pause", 200);

    /** Items in all, on every backend. */
    private static final int ITEMS = 1_000_000;

    @WeftTest(timeoutSeconds = 90)
    void rendezvousDeliversExactlyTheItemsWhoseSendReturned() {
        long seed = StressSeed.next();
        StressSeed.reporting(seed, () -> stress(0, ITEMS / PRODUCERS, seed));
    }

    @WeftTest(timeoutSeconds = 90)
    void bufferedStreamDeliversExactlyTheItemsWhoseSendReturned() {
        long seed = StressSeed.next();
        StressSeed.reporting(seed, () -> stress(16, ITEMS / PRODUCERS, seed));
    }

    // The same on a small scale on SERIAL, one seeded interleaving per invocation: the canceller
    // paces itself with checkpoints (no real time) and its choices come from a fixed seed, so the
    // scheduler's seed alone decides every interleaving and a failure replays exactly with the
    // @WeftTest(seed = ...) that its message names.
    @WeftTest(seeds = 20)
    void seededInterleavingsDeliverExactlyTheItemsWhoseSendReturned() {
        stress(0, 250, 0x5eed_0f_57_4ea3L);
        stress(2, 250, 0x5eed_0f_57_4ea4L);
    }

    /**
     * Runs {@link #PRODUCERS} producers, each sending {@code perProducer} distinct items through
     * its own clone (each send in a cancel scope of its own), and {@link #CONSUMERS} consumers,
     * each receiving through its own clone until the end of the stream (each receive in a scope of
     * its own), while a canceller cancels the scope of a random producer's or consumer's current
     * call and pauses a random while, until all of them are done. Then checks the outcome.
     */
    private static void stress(int capacity, int perProducer, long seed) {
        int total = PRODUCERS * perProducer;
        boolean[] sent = new boolean[total]; // item p * perProducer + n: written by producer p only
        IntLog[] received = new IntLog[CONSUMERS]; // each written by its consumer only
        int[] cancelledReceives = new int[CONSUMERS];
        Calls calls = new Calls(PRODUCERS + CONSUMERS);
        AtomicInteger running = new AtomicInteger(PRODUCERS + CONSUMERS);
        SplittableRandom random = new SplittableRandom(seed);
        long start = System.nanoTime();
        var stream = MemoryObjectStream.<Integer>create(capacity);
        TaskGroup.run(tg -> {
            try (stream) {
                for (int p = 0; p < PRODUCERS; p++) {
                    int producer = p;
                    var tx = stream.sendStream().clone();
                    tg.startSoon(
                            "producer " + p,
                            () -> {
                                try (tx) {
                                    for (int n = 0; n < perProducer; n++) {
                                        Integer item = producer * perProducer + n;
                                        CancelScope call = calls.begin(producer);
                                        call.run(s -> {
                                            tx.send(item);
                                            sent[item] = true; // only if send returned
                                        });
                                    }
                                } finally {
                                    running.decrementAndGet();
                                }
                            });
                }
                for (int c = 0; c < CONSUMERS; c++) {
                    int consumer = c;
                    IntLog log = received[c] = new IntLog();
                    var rx = stream.receiveStream().clone();
                    tg.startSoon(
                            "consumer " + c,
                            () -> {
                                try (rx) {
                                    while (true) {
                                        CancelScope call = calls.begin(PRODUCERS + consumer);
                                        call.run(s -> log.add(rx.receive()));
                                        if (call.cancelledCaught()) {
                                            cancelledReceives[consumer]++;
                                        }
                                    }
                                } catch (EndOfStream end) {
                                    // every producer has closed its clone and the buffer is empty
                                } finally {
                                    running.decrementAndGet();
                                }
                            });
                }
                tg.startSoon(
                        "canceller seed=" + seed,
                        () -> {
                            while (running.get() > 0) {
                                calls.cancelOne(random);
                                Calls.pause(random, PAUSE);
                            }
                        });
            } // closes the originals: the consumers see the end once every producer's clone closed
        });

        String what = "capacity " + capacity + ", " + total + " items";
        assertThat(stream.sendStream().statistics())
                .as("%s: statistics at the end", what)
                .isEqualTo(new MemoryObjectStreamStatistics(0, capacity, 0, 0, 0, 0));

        int[] times = new int[total];
        List<String> problems = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            int[] lastOf = new int[PRODUCERS];
            Arrays.fill(lastOf, -1);
            IntLog log = received[c];
            for (int i = 0; i < log.size; i++) {
                int item = log.items[i];
                times[item]++;
                int producer = item / perProducer;
                int n = item % perProducer;
                if (n <= lastOf[producer] && problems.size() < 20) {
                    problems.add(
                            "consumer "
                                    + c
                                    + " received item "
                                    + n
                                    + " of producer "
                                    + producer
                                    + " after its item "
                                    + lastOf[producer]);
                }
                lastOf[producer] = Math.max(lastOf[producer], n);
            }
        }
        int sentCount = 0;
        for (int item = 0; item < total; item++) {
            if (sent[item]) {
                sentCount++;
            }
            if (times[item] != (sent[item] ? 1 : 0) && problems.size() < 20) {
                problems.add(
                        "item "
                                + item % perProducer
                                + " of producer "
                                + item / perProducer
                                + ": send "
                                + (sent[item] ? "returned" : "threw Cancelled")
                                + ", received "
                                + times[item]
                                + " times");
            }
        }
        assertThat(problems).as("%s: what went wrong", what).isEmpty();
        System.out.printf(
                "%s on %s: %d sent, %d sends cancelled, %d receives cancelled, %.1f s%n",
                what,
                Weft.currentBackend(),
                sentCount,
                total - sentCount,
                Arrays.stream(cancelledReceives).sum(),
                (System.nanoTime() - start) / 1e9);
    }

    /** A growable list of ints, for one writer. */
    private static final class IntLog {
        int[] items = new int[1024];
        int size;

        void add(int x) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = x;
        }
    }
}
