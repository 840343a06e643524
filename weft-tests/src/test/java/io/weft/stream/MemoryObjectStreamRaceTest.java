package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.WouldBlock;
import io.weft.junit.WeftTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Memory object streams when a hand-over and a cancellation meet: scenario S3 and bounded races
 * whose outcome is checked exactly (every item delivered once, or reported as not sent).
 */
class MemoryObjectStreamRaceTest {

    private static final int S3_RUNS = 10_000;
    private static final int RACES = 1_000;

    // Scenario S3 (why.rst, "a value scheduled for delivery is never lost"), 10,000 times: the
    // host hands "hello" to the parked receiver and cancels it right after.
    @WeftTest(timeoutSeconds = 120)
    void scenarioS3AValueHandedToAReceiverIsNeverLost() {
        AtomicInteger lost = new AtomicInteger();
        AtomicInteger secondLine = new AtomicInteger();
        for (int run = 0; run < S3_RUNS; run++) {
            List<String> out = new ArrayList<>();
            try (var pair = MemoryObjectStream.<String>create(1)) {
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        String item = pair.receiveStream().receive();
                        synchronized (out) {
                            out.add(item);
                        }
                        Weft.sleep(Duration.ofSeconds(1));
                        synchronized (out) {
                            out.add("The task will be cancelled before this is printed");
                        }
                    });
                    Weft.waitAllTasksBlocked(); // the receiver is parked in receive()
                    pair.sendStream().sendNowait("hello");
                    tg.cancelScope().cancel();
                });
                if (!out.contains("hello")) {
                    lost.incrementAndGet();
                }
                if (out.size() > 1) {
                    secondLine.incrementAndGet();
                }
                assertThat(pair.receiveStream().statistics().currentBufferUsed()).isZero();
            }
        }
        assertThat(lost).as("runs that lost the item").hasValue(0);
        assertThat(secondLine).as("runs that printed the second line").hasValue(0);
    }

    // A parked receiver is cancelled by another task while the host hands it an item: either the
    // receiver gets the item, or sendNowait finds nobody (rendezvous: WouldBlock); never both,
    // never neither.
    @WeftTest(timeoutSeconds = 120)
    void aHandOverRacingACancelledReceiverDeliversExactlyOnce() {
        int delivered = 0;
        int refused = 0;
        for (int i = 0; i < RACES; i++) {
            try (var stream = MemoryObjectStream.<String>create(0)) {
                AtomicReference<String> got = new AtomicReference<>();
                boolean[] sent = {false};
                TaskGroup.run(tg -> {
                    TaskHandle<Void> receiver =
                            tg.startSoon(() -> got.set(stream.receiveStream().receive()));
                    Weft.waitAllTasksBlocked();
                    tg.startSoon(() -> {
                        receiver.cancel();
                    });
                    try {
                        stream.sendStream().sendNowait("x");
                        sent[0] = true;
                    } catch (WouldBlock nobody) {
                        sent[0] = false;
                    }
                });
                assertThat(got.get() != null).as("received iff sent, run %d", i).isEqualTo(sent[0]);
                if (sent[0]) {
                    delivered++;
                } else {
                    refused++;
                }
            }
        }
        assertThat(delivered + refused).isEqualTo(RACES);
    }

    // A parked sender is cancelled by another task while the host takes from it (rendezvous) or
    // lets it refill the buffer (capacity 1): its send returns iff its item was taken.
    @WeftTest(timeoutSeconds = 120)
    void aTakeRacingACancelledSenderMovesTheItemIffTheSendReturns() {
        for (int capacity : new int[] {0, 1}) {
            for (int i = 0; i < RACES; i++) {
                try (var stream = MemoryObjectStream.<String>create(capacity)) {
                    var tx = stream.sendStream();
                    var rx = stream.receiveStream();
                    if (capacity == 1) {
                        tx.sendNowait("buffered");
                    }
                    boolean[] sendReturned = {false};
                    List<String> taken = new ArrayList<>();
                    TaskGroup.run(tg -> {
                        TaskHandle<Void> sender =
                                tg.startSoon(() -> {
                                    tx.send("x");
                                    sendReturned[0] = true;
                                });
                        Weft.waitAllTasksBlocked();
                        tg.startSoon(() -> {
                            sender.cancel();
                        });
                        try {
                            taken.add(rx.receiveNowait());
                        } catch (WouldBlock nothing) {
                            // the sender was cancelled first
                        }
                    });
                    // Whatever is still buffered was moved there from the sender.
                    while (true) {
                        try {
                            taken.add(rx.receiveNowait());
                        } catch (WouldBlock empty) {
                            break;
                        }
                    }
                    List<String> expected = new ArrayList<>();
                    if (capacity == 1) {
                        expected.add("buffered");
                    }
                    if (sendReturned[0]) {
                        expected.add("x");
                    }
                    assertThat(taken)
                            .as("capacity %d, run %d", capacity, i)
                            .containsExactlyElementsOf(expected);
                }
            }
        }
    }

    // Several producers and consumers, some of whose operations are cancelled at random moments
    // by their own deadlines: every item is received exactly once or reported as not sent.
    @WeftTest(timeoutSeconds = 120)
    void producersAndConsumersUnderCancellationDeliverEachItemOnce() {
        int producers = 4;
        int perProducer = 300;
        for (int capacity : new int[] {0, 3}) {
            ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
            try (var stream = MemoryObjectStream.<String>create(capacity)) {
                TaskGroup.run(tg -> {
                    for (int p = 0; p < producers; p++) {
                        var tx = stream.sendStream().clone();
                        int id = p;
                        tg.startSoon(() -> {
                            try (tx) {
                                for (int n = 0; n < perProducer; n++) {
                                    String item = id + ":" + n;
                                    // Every third send may be cut short by its tiny deadline.
                                    Duration limit =
                                            n % 3 == 0 ? Duration.ofNanos(1) : Duration.ofHours(1);
                                    var scope = Weft.moveOnAfter(limit, s -> tx.send(item));
                                    if (!scope.cancelledCaught()) {
                                        sent.add(item);
                                    }
                                }
                            }
                        });
                    }
                    for (int c = 0; c < 3; c++) {
                        var rx = stream.receiveStream().clone();
                        tg.startSoon(() -> {
                            try (rx) {
                                for (int n = 0; ; n++) {
                                    Duration limit =
                                            n % 3 == 0 ? Duration.ofNanos(1) : Duration.ofHours(1);
                                    Weft.moveOnAfter(limit, s -> received.add(rx.receive()));
                                }
                            } catch (EndOfStream end) {
                                // every producer is done and the buffer is empty
                            }
                        });
                    }
                    stream.sendStream().close();
                    stream.receiveStream().close();
                });
            }
            assertThat(received)
                    .as("capacity %d", capacity)
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
    }
}
