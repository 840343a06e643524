package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Backend;
import io.weft.BrokenResourceError;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.ExceptionGroup;
import io.weft.NoRuntimeError;
import io.weft.TaskCancelled;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.WouldBlock;
import io.weft.junit.WeftTest;
import io.weft.testing.Checkpoints;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Memory object streams beyond AnyIO's tests: nulls, checkpoints, FIFO waiters, rendezvous, closing
 * clones, unbounded buffers, threads that are not tasks.
 */
class MemoryObjectStreamBehaviourTest {

    @WeftTest
    void nullItemsAreRejectedAndNothingIsSent() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            var tx = stream.sendStream();
            assertThatThrownBy(() -> tx.sendNowait(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> tx.send(null)).isInstanceOf(NullPointerException.class);
            assertThat(tx.statistics().currentBufferUsed()).isZero();
            tx.send("after");
            assertThat(stream.receiveStream().receiveNowait()).isEqualTo("after");
        }
    }

    @WeftTest
    void sendAndReceiveAreCheckpointsEvenWhenTheyNeedNotWait() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            Checkpoints.assertCheckpoints(() -> stream.sendStream().send("a"));
            Checkpoints.assertCheckpoints(() -> stream.receiveStream().receive());
            stream.sendStream().close();
            // Even the receive that ends the stream is one.
            assertThatThrownBy(() ->
                            Checkpoints.assertCheckpoints(() -> stream.receiveStream().receive()))
                    .isInstanceOf(EndOfStream.class);
        }
    }

    @WeftTest
    void nowaitOperationsCloneCloseAndStatisticsAreNotCheckpoints() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            Checkpoints.assertNoCheckpoints(() -> tx.sendNowait("a"));
            Checkpoints.assertNoCheckpoints(() -> rx.receiveNowait());
            Checkpoints.assertNoCheckpoints(() -> tx.clone().close());
            Checkpoints.assertNoCheckpoints(() -> rx.clone().close());
            Checkpoints.assertNoCheckpoints(() -> tx.statistics());
            // close() is not one even inside a cancelled scope, and it still closes.
            CancelScope scope = new CancelScope();
            scope.cancel();
            scope.run(s -> Checkpoints.assertNoCheckpoints(stream::close));
            assertThat(tx.isClosed()).isTrue();
            assertThat(rx.isClosed()).isTrue();
        }
    }

    @WeftTest
    void aRendezvousSendReturnsOnlyOnceAReceiverHasTakenTheItem() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            AtomicBoolean sendReturned = new AtomicBoolean();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    stream.sendStream().send("x");
                    sendReturned.set(true);
                });
                Weft.waitAllTasksBlocked();
                assertThat(sendReturned).isFalse();
                assertThat(stream.sendStream().statistics())
                        .isEqualTo(new MemoryObjectStreamStatistics(0, 0, 1, 1, 1, 0));
                assertThat(stream.receiveStream().receive()).isEqualTo("x");
            });
            assertThat(sendReturned).isTrue();
        }
    }

    @WeftTest
    void waitingSendersAreServedInTheOrderTheyStartedWaiting() {
        for (int capacity : new int[] {0, 1}) {
            try (var stream = MemoryObjectStream.<Integer>create(capacity)) {
                var tx = stream.sendStream();
                var rx = stream.receiveStream();
                if (capacity == 1) {
                    tx.sendNowait(-1);
                }
                List<Integer> received = new ArrayList<>();
                TaskGroup.run(tg -> {
                    for (int i = 0; i < 5; i++) {
                        int item = i;
                        tg.startSoon(() -> tx.send(item));
                        Weft.waitAllTasksBlocked(); // parked before the next one starts
                    }
                    if (capacity == 1) {
                        received.add(rx.receive());
                    }
                    for (int i = 0; i < 5; i++) {
                        received.add(rx.receive());
                    }
                });
                assertThat(received)
                        .as("capacity %d", capacity)
                        .containsExactlyElementsOf(
                                capacity == 0
                                        ? List.of(0, 1, 2, 3, 4)
                                        : List.of(-1, 0, 1, 2, 3, 4));
            }
        }
    }

    @WeftTest
    void waitingReceiversAreServedInTheOrderTheyStartedWaiting() {
        try (var stream = MemoryObjectStream.<Integer>create(0)) {
            List<TaskHandle<Integer>> receivers = new ArrayList<>();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 5; i++) {
                    receivers.add(tg.startSoon(() -> stream.receiveStream().receive()));
                    Weft.waitAllTasksBlocked();
                }
                for (int i = 0; i < 5; i++) {
                    stream.sendStream().sendNowait(i);
                }
            });
            assertThat(receivers).extracting(TaskHandle::result).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @WeftTest
    void anItemSkipsAWaitingReceiverWhoseWaitWasCancelledAndGoesToTheNext() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            TaskGroup.run(tg -> {
                TaskHandle<String> first = tg.startSoon(() -> stream.receiveStream().receive());
                Weft.waitAllTasksBlocked();
                TaskHandle<String> second = tg.startSoon(() -> stream.receiveStream().receive());
                Weft.waitAllTasksBlocked();
                first.cancel();
                stream.sendStream().sendNowait("x");
                assertThat(second.join()).isEqualTo("x");
                assertThatThrownBy(first::join).isInstanceOf(TaskCancelled.class);
            });
        }
    }

    @WeftTest(backends = Backend.SERIAL)
    void aWaiterWhoseWaitWasCancelledNoLongerCountsEvenBeforeItWakes() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            TaskGroup.run(tg -> {
                TaskHandle<String> waiting = tg.startSoon(() -> stream.receiveStream().receive());
                Weft.waitAllTasksBlocked();
                assertThat(stream.receiveStream().statistics().tasksWaitingReceive()).isEqualTo(1);
                waiting.cancel();
                // The host keeps the baton (no checkpoint): the receiver has not woken yet.
                assertThat(waiting.status()).isEqualTo(TaskHandle.Status.CANCELLING);
                assertThat(stream.receiveStream().statistics().tasksWaitingReceive()).isZero();
            });
        }
    }

    // Trio's behaviour, not AnyIO's (whose blocked operation would go on waiting): what Weft's
    // ClosedResourceError promises for a resource closed under an operation in another task.
    @WeftTest
    void closingASendCloneFailsOnlyTheSendsWaitingOnThatClone() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var tx1 = stream.sendStream();
            var tx2 = tx1.clone();
            AtomicReference<Throwable> onTx1 = new AtomicReference<>();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    try {
                        tx1.send("a");
                    } catch (ClosedResourceError e) {
                        onTx1.set(e);
                    }
                });
                tg.startSoon(() -> tx2.send("b"));
                Weft.waitAllTasksBlocked();
                tx1.close();
                Weft.waitAllTasksBlocked();
                assertThat(onTx1.get()).isInstanceOf(ClosedResourceError.class);
                assertThat(stream.receiveStream().statistics().tasksWaitingSend()).isEqualTo(1);
                assertThat(stream.receiveStream().receive()).isEqualTo("b"); // "a" was not sent
            });
            tx2.close();
            assertThatThrownBy(() -> stream.receiveStream().receiveNowait())
                    .isInstanceOf(EndOfStream.class);
        }
    }

    @WeftTest
    void closingAReceiveCloneFailsOnlyTheReceivesWaitingOnThatClone() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var rx1 = stream.receiveStream();
            var rx2 = rx1.clone();
            TaskGroup.run(tg -> {
                TaskHandle<String> onRx1 =
                        tg.startSoon(() -> {
                            try {
                                return rx1.receive();
                            } catch (ClosedResourceError e) {
                                return "closed under it";
                            }
                        });
                Weft.waitAllTasksBlocked();
                TaskHandle<String> onRx2 = tg.startSoon(() -> rx2.receive());
                Weft.waitAllTasksBlocked();
                rx1.close();
                stream.sendStream().sendNowait("x"); // to the one still waiting
                assertThat(onRx2.join()).isEqualTo("x");
                assertThat(onRx1.join()).isEqualTo("closed under it");
            });
            rx2.close();
        }
    }

    @WeftTest
    void closeIsIdempotentPerCloneAndAnEndClosesWithItsLastClone() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            var tx2 = tx.clone();
            var rx2 = rx.clone();
            assertThat(tx.statistics().openSendStreams()).isEqualTo(2);
            tx2.close();
            tx2.close();
            assertThat(tx.statistics().openSendStreams()).isEqualTo(1);
            assertThatThrownBy(rx::receiveNowait).isInstanceOf(WouldBlock.class); // not ended
            rx2.close();
            rx2.close();
            assertThat(rx.statistics().openReceiveStreams()).isEqualTo(1);
            tx.sendNowait("still open"); // not broken
            rx.close();
            assertThatThrownBy(() -> tx.sendNowait("x")).isInstanceOf(BrokenResourceError.class);
            assertThat(tx.statistics())
                    .isEqualTo(new MemoryObjectStreamStatistics(1, 1, 1, 0, 0, 0));
        }
    }

    @WeftTest
    void closingTheLastSendCloneEndsEveryWaitingReceive() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var clone = stream.sendStream().clone();
            assertThatThrownBy(() ->
                            TaskGroup.run(tg -> {
                                for (int i = 0; i < 3; i++) {
                                    tg.startSoon(() -> stream.receiveStream().receive());
                                }
                                Weft.waitAllTasksBlocked();
                                stream.sendStream().close();
                                Weft.waitAllTasksBlocked();
                                assertThat(clone.statistics().tasksWaitingReceive()).isEqualTo(3);
                                clone.close();
                            }))
                    .isInstanceOfSatisfying(
                            ExceptionGroup.class,
                            g ->
                                    assertThat(g.exceptions())
                                            .hasSize(3)
                                            .allMatch(e -> e instanceof EndOfStream));
        }
    }

    @WeftTest
    void closingTheLastReceiveCloneBreaksEveryWaitingSend() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var tx = stream.sendStream();
            assertThatThrownBy(() ->
                            TaskGroup.run(tg -> {
                                for (int i = 0; i < 3; i++) {
                                    var clone = tx.clone();
                                    tg.startSoon(() -> {
                                        try (clone) {
                                            clone.send("x");
                                        }
                                    });
                                }
                                Weft.waitAllTasksBlocked();
                                stream.receiveStream().close();
                            }))
                    .isInstanceOfSatisfying(
                            ExceptionGroup.class,
                            g ->
                                    assertThat(g.exceptions())
                                            .hasSize(3)
                                            .allMatch(e -> e instanceof BrokenResourceError));
            assertThat(tx.statistics().tasksWaitingSend()).isZero();
        }
    }

    @WeftTest
    void aSendWaitingForRoomThatIsCancelledLeavesOnlyTheBufferedItems() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            stream.sendStream().sendNowait("buffered");
            TaskGroup.run(tg -> {
                tg.startSoon(() -> stream.sendStream().send("withdrawn"));
                Weft.waitAllTasksBlocked();
                tg.cancel();
            });
            assertThat(stream.receiveStream().receiveNowait()).isEqualTo("buffered");
            assertThatThrownBy(() -> stream.receiveStream().receiveNowait())
                    .isInstanceOf(WouldBlock.class);
        }
    }

    @WeftTest
    void anUnboundedStreamGrowsAndKeepsItsOrder() {
        try (var stream = MemoryObjectStream.<Integer>unbounded()) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            assertThat(tx.statistics().maxBufferSize()).isEqualTo(MemoryObjectStream.UNBOUNDED);
            int next = 0;
            int expected = 0;
            // Interleaved, so that the ring buffer wraps around while it grows.
            for (int round = 0; round < 200; round++) {
                for (int i = 0; i < 3; i++) {
                    tx.sendNowait(next++);
                }
                for (int i = 0; i < 2; i++) {
                    assertThat(rx.receiveNowait()).isEqualTo(expected++);
                }
            }
            assertThat(tx.statistics().currentBufferUsed()).isEqualTo(200);
            for (int i = 0; i < 10_000; i++) {
                tx.sendNowait(next++);
            }
            while (expected < next) {
                assertThat(rx.receiveNowait()).isEqualTo(expected++);
            }
            assertThat(tx.statistics().currentBufferUsed()).isZero();
        }
    }

    @WeftTest
    void aFullBoundedBufferWrapsAroundInOrder() {
        try (var stream = MemoryObjectStream.<Integer>create(5)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            int next = 0;
            int expected = 0;
            for (int round = 0; round < 20; round++) {
                while (true) {
                    try {
                        tx.sendNowait(next);
                        next++;
                    } catch (WouldBlock full) {
                        break;
                    }
                }
                assertThat(tx.statistics().currentBufferUsed()).isEqualTo(5);
                for (int i = 0; i < 3; i++) {
                    assertThat(rx.receiveNowait()).isEqualTo(expected++);
                }
            }
        }
    }

    @WeftTest
    void aThreadThatIsNotATaskCanSendNowaitReceiveNowaitAndClose() throws Exception {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            TaskGroup.run(tg -> {
                TaskHandle<String> receiver = tg.startSoon(() -> stream.receiveStream().receive());
                Weft.waitAllTasksBlocked();
                Thread outsider =
                        Thread.ofPlatform()
                                .start(() -> {
                                    try {
                                        stream.sendStream().sendNowait("to the task");
                                        stream.sendStream().sendNowait("buffered");
                                        assertThat(stream.receiveStream().receiveNowait())
                                                .isEqualTo("buffered");
                                        stream.sendStream().close();
                                    } catch (Throwable t) {
                                        failure.set(t);
                                    }
                                });
                outsider.join();
                assertThat(receiver.join()).isEqualTo("to the task");
            });
            assertThat(failure.get()).isNull();
            assertThatThrownBy(() -> stream.receiveStream().receiveNowait())
                    .isInstanceOf(EndOfStream.class);
        }
    }

    @WeftTest
    void sendReceiveAndIterationOutsideATaskAreANoRuntimeError() throws Exception {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Thread outsider =
                    Thread.ofPlatform()
                            .start(() -> {
                                for (Runnable r :
                                        List.<Runnable>of(
                                                () -> stream.sendStream().send("x"),
                                                () -> stream.receiveStream().receive(),
                                                () ->
                                                        stream.receiveStream()
                                                                .iterator()
                                                                .hasNext())) {
                                    try {
                                        r.run();
                                    } catch (Throwable t) {
                                        failures.add(t);
                                    }
                                }
                            });
            outsider.join();
            assertThat(failures).hasSize(3).allMatch(t -> t instanceof NoRuntimeError);
            assertThat(stream.sendStream().statistics().currentBufferUsed()).isZero();
        }
    }

    @WeftTest
    void theIteratorReceivesEachItemOnceAndEndsAtTheEndOfTheStream() {
        try (var stream = MemoryObjectStream.<String>create(2)) {
            stream.sendStream().sendNowait("a");
            stream.sendStream().sendNowait("b");
            stream.sendStream().close();
            Iterator<String> it = stream.receiveStream().iterator();
            assertThat(it.hasNext()).isTrue();
            assertThat(it.hasNext()).isTrue(); // does not receive again
            assertThat(it.next()).isEqualTo("a");
            assertThat(it.next()).isEqualTo("b");
            assertThat(it.hasNext()).isFalse();
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @WeftTest
    void iteratingAClosedCloneIsAClosedResource() {
        var stream = MemoryObjectStream.<String>create(1);
        stream.close();
        assertThatThrownBy(() -> stream.receiveStream().iterator().hasNext())
                .isInstanceOf(ClosedResourceError.class);
    }

    @WeftTest
    void aPairHoldsTwoEndsOfOneStream() {
        try (var a = MemoryObjectStream.<String>create(0);
                var b = MemoryObjectStream.<String>create(0)) {
            assertThatThrownBy(() -> new MemoryObjectStream<>(a.sendStream(), b.receiveStream()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("different streams");
            var clones =
                    new MemoryObjectStream<>(a.sendStream().clone(), a.receiveStream().clone());
            clones.close();
            assertThat(a.sendStream().statistics().openSendStreams()).isEqualTo(1);
        }
    }

    @WeftTest
    void toStringNamesTheEndAndWhetherItIsClosed() {
        var stream = MemoryObjectStream.<String>create(0);
        assertThat(stream.sendStream().toString())
                .matches("MemoryObjectSendStream@[0-9a-f]+\\[open]");
        stream.close();
        assertThat(stream.receiveStream().toString())
                .matches("MemoryObjectReceiveStream@[0-9a-f]+\\[closed]");
    }
}
