package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weft.Backend;
import io.weft.BrokenResourceError;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.ExceptionGroup;
import io.weft.TaskCancelled;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.WouldBlock;
import io.weft.junit.WeftTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** Ports of AnyIO's tests/streams/test_memory.py: memory object streams. */
class MemoryObjectStreamTest {

    // AnyIO: test_negative_max_buffer
    @WeftTest
    void aNegativeCapacityIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> MemoryObjectStream.create(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative")
                .hasMessageContaining("-1");
    }

    // AnyIO: test_receive_then_send
    @WeftTest
    void aWaitingReceiverGetsEachItemSent() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            List<String> received = new CopyOnWriteArrayList<>();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    received.add(rx.receive());
                    received.add(rx.receive());
                });
                Weft.waitAllTasksBlocked();
                tx.send("hello");
                tx.send("anyio");
            });
            assertThat(received).containsExactly("hello", "anyio");
        }
    }

    // AnyIO: test_receive_then_send_nowait
    @WeftTest
    void sendNowaitHandsItemsToWaitingReceivers() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            List<String> received = new CopyOnWriteArrayList<>();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> received.add(rx.receive()));
                tg.startSoon(() -> received.add(rx.receive()));
                Weft.waitAllTasksBlocked();
                tx.sendNowait("hello");
                tx.sendNowait("anyio");
            });
            assertThat(received).containsExactlyInAnyOrder("hello", "anyio");
            if (Weft.currentBackend() == Backend.SERIAL) {
                // The receivers parked in the order they were started, are served in that order
                // and woken in that order.
                assertThat(received).containsExactly("hello", "anyio");
            }
        }
    }

    // AnyIO: test_send_then_receive_nowait
    @WeftTest
    void receiveNowaitTakesTheItemOfAWaitingSender() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> tx.send("hello"));
                Weft.waitAllTasksBlocked();
                assertThat(rx.receiveNowait()).isEqualTo("hello");
            });
        }
    }

    // AnyIO: test_send_is_unblocked_after_receive_nowait
    @WeftTest
    void receiveNowaitMakesRoomForAWaitingSender() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            tx.sendNowait("hello");
            TaskGroup.run(tg -> {
                tg.startSoon(() -> tx.send("anyio"));
                Weft.waitAllTasksBlocked();
                assertThat(rx.receiveNowait()).isEqualTo("hello");
            }); // the group exits: the sender was unblocked
            assertThat(rx.receiveNowait()).isEqualTo("anyio");
        }
    }

    // AnyIO: test_send_nowait_then_receive_nowait
    @WeftTest
    void bufferedItemsComeOutInOrder() {
        try (var stream = MemoryObjectStream.<String>create(2)) {
            stream.sendStream().sendNowait("hello");
            stream.sendStream().sendNowait("anyio");
            assertThat(stream.receiveStream().receiveNowait()).isEqualTo("hello");
            assertThat(stream.receiveStream().receiveNowait()).isEqualTo("anyio");
        }
    }

    // AnyIO: test_iterate
    @WeftTest
    void iterationEndsWhenTheSendStreamIsClosed() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            List<String> received = new CopyOnWriteArrayList<>();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    for (String item : rx) {
                        received.add(item);
                    }
                });
                tx.send("hello");
                tx.send("anyio");
                tx.close();
            });
            assertThat(received).containsExactly("hello", "anyio");
        }
    }

    // AnyIO: test_receive_send_closed_send_stream
    @WeftTest
    void afterTheSendStreamClosesReceivingEndsAndSendingIsAClosedResource() {
        try (var stream = MemoryObjectStream.<Object>create(0)) {
            var tx = stream.sendStream();
            tx.close();
            assertThatThrownBy(() -> stream.receiveStream().receiveNowait())
                    .isInstanceOf(EndOfStream.class);
            assertThatThrownBy(() -> tx.send("x")).isInstanceOf(ClosedResourceError.class);
        }
    }

    // AnyIO: test_receive_send_closed_receive_stream
    @WeftTest
    void afterTheReceiveStreamClosesReceivingIsAClosedResourceAndSendingIsBroken() {
        try (var stream = MemoryObjectStream.<Object>create(0)) {
            var rx = stream.receiveStream();
            rx.close();
            assertThatThrownBy(rx::receiveNowait).isInstanceOf(ClosedResourceError.class);
            assertThatThrownBy(() -> stream.sendStream().send("x"))
                    .isInstanceOf(BrokenResourceError.class);
        }
    }

    // AnyIO: test_cancel_receive
    @WeftTest
    void aCancelledReceiveTakesNothingLater() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> stream.receiveStream().receive());
                Weft.waitAllTasksBlocked();
                tg.cancel();
            });
            assertThatThrownBy(() -> stream.sendStream().sendNowait("hello"))
                    .isInstanceOf(WouldBlock.class);
            assertThat(stream.receiveStream().statistics().tasksWaitingReceive()).isZero();
        }
    }

    @WeftTest
    void wouldBlockIsAnAnswerWithAMessageAndNoStackTrace() {
        // Polling loops get it often; a stack trace would cost ~800 ns each (NowaitFailureBench).
        try (var stream = MemoryObjectStream.<String>create(1)) {
            WouldBlock empty =
                    catchThrowableOfType(
                            WouldBlock.class, () -> stream.receiveStream().receiveNowait());
            assertThat(empty.getStackTrace()).isEmpty();
            assertThat(empty).hasMessage("the buffer is empty and no task is waiting to send");
            stream.sendStream().sendNowait("x");
            WouldBlock full =
                    catchThrowableOfType(
                            WouldBlock.class, () -> stream.sendStream().sendNowait("y"));
            assertThat(full.getStackTrace()).isEmpty();
            assertThat(full).hasMessage("the buffer is full and no task is waiting to receive");
        }
    }

    // AnyIO: test_cancel_send
    @WeftTest
    void aCancelledSendLeavesNothingToReceive() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> stream.sendStream().send("hello"));
                Weft.waitAllTasksBlocked();
                tg.cancel();
            });
            assertThatThrownBy(() -> stream.receiveStream().receiveNowait())
                    .isInstanceOf(WouldBlock.class);
            assertThat(stream.sendStream().statistics().tasksWaitingSend()).isZero();
        }
    }

    // AnyIO: test_clone
    @WeftTest
    void clonesWorkAfterTheOriginalsAreClosed() {
        var stream = MemoryObjectStream.<String>create(1);
        var tx2 = stream.sendStream().clone();
        var rx2 = stream.receiveStream().clone();
        stream.close();
        tx2.sendNowait("hello");
        assertThat(rx2.receiveNowait()).isEqualTo("hello");
        tx2.close();
        rx2.close();
    }

    // AnyIO: test_clone_closed
    @WeftTest
    void aClosedStreamCannotBeCloned() {
        var stream = MemoryObjectStream.<String>create(1);
        stream.close();
        assertThatThrownBy(stream.sendStream()::clone).isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(stream.receiveStream()::clone).isInstanceOf(ClosedResourceError.class);
    }

    // AnyIO: test_close_send_while_receiving
    @WeftTest
    void closingTheSendStreamEndsAWaitingReceiveWithEndOfStream() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            assertThatThrownBy(() ->
                            TaskGroup.run(tg -> {
                                tg.startSoon(() -> stream.receiveStream().receive());
                                Weft.waitAllTasksBlocked();
                                stream.sendStream().close();
                            }))
                    .isInstanceOfSatisfying(
                            ExceptionGroup.class,
                            g ->
                                    assertThat(g.exceptions())
                                            .singleElement()
                                            .isInstanceOf(EndOfStream.class));
        }
    }

    // AnyIO: test_close_receive_while_sending (a runner-up of the reference). AnyIO sends None,
    // a regression test for an item that is falsy; the Java counterpart is an empty string.
    @WeftTest
    void closingTheReceiveStreamEndsAWaitingSendWithBrokenResource() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            assertThatThrownBy(() ->
                            TaskGroup.run(tg -> {
                                tg.startSoon(() -> stream.sendStream().send(""));
                                Weft.waitAllTasksBlocked();
                                stream.receiveStream().close();
                            }))
                    .isInstanceOfSatisfying(
                            ExceptionGroup.class,
                            g ->
                                    assertThat(g.exceptions())
                                            .singleElement()
                                            .isInstanceOf(BrokenResourceError.class));
        }
    }

    // AnyIO: test_receive_after_send_closed
    @WeftTest
    void bufferedItemsRemainReceivableAfterTheSendStreamCloses() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            stream.sendStream().send("hello");
            stream.sendStream().close();
            assertThat(stream.receiveStream().receive()).isEqualTo("hello");
            assertThatThrownBy(() -> stream.receiveStream().receive())
                    .isInstanceOf(EndOfStream.class);
        }
    }

    // AnyIO item 28: test_receive_when_cancelled
    @WeftTest
    void aReceiveInACancelledScopeTakesNothing() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            AtomicBoolean receivedInCancelledScope = new AtomicBoolean();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> tx.send("hello"));
                Weft.waitAllTasksBlocked();
                tg.startSoon(() -> tx.send("world"));
                Weft.waitAllTasksBlocked();
                assertThat(rx.statistics().tasksWaitingSend()).isEqualTo(2);

                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(s -> {
                    rx.receive();
                    receivedInCancelledScope.set(true);
                });
                assertThat(scope.cancelledCaught()).isTrue();
                assertThat(rx.statistics().tasksWaitingSend()).isEqualTo(2);

                assertThat(rx.receive()).isEqualTo("hello");
                assertThat(rx.receive()).isEqualTo("world");
            });
            assertThat(receivedInCancelledScope).isFalse();
        }
    }

    // AnyIO: test_send_when_cancelled
    @WeftTest
    void aSendInACancelledScopeSendsNothing() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            List<String> received = new CopyOnWriteArrayList<>();
            AtomicBoolean sentInCancelledScope = new AtomicBoolean();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> received.add(rx.receive()));
                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(s -> {
                    tx.send("hello");
                    sentInCancelledScope.set(true);
                });
                tx.send("world");
            });
            assertThat(received).containsExactly("world");
            assertThat(sentInCancelledScope).isFalse();
        }
    }

    // AnyIO item 27: test_cancel_during_receive
    @WeftTest
    void anItemHandedToAWaitingReceiverIsReceivedDespiteACancelRightAfter() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            List<String> received = new CopyOnWriteArrayList<>();
            AtomicBoolean cancelCalled = new AtomicBoolean();
            TaskGroup.run(tg -> {
                CancelScope receiverScope =
                        tg.start(status -> {
                            CancelScope cs = new CancelScope();
                            cs.run(s -> {
                                status.started(cs);
                                received.add(stream.receiveStream().receive());
                                // In parallel the receiver may wake before the host's cancel();
                                // wait for it without a checkpoint, as AnyIO's loop would.
                                while (!s.cancelCalled()) {
                                    Thread.onSpinWait();
                                }
                            });
                            cancelCalled.set(cs.cancelCalled());
                        });
                Weft.waitAllTasksBlocked();
                stream.sendStream().sendNowait("hello");
                receiverScope.cancel();
            });
            assertThat(received).containsExactly("hello");
            assertThat(cancelCalled).isTrue();
        }
    }

    // AnyIO: test_cancel_during_receive_buffered (a runner-up of the reference)
    @WeftTest
    void anItemIsNotHandedToAReceiverWhoseWaitWasCancelled() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            TaskGroup.run(tg -> {
                CancelScope receiverScope =
                        tg.start(status -> {
                            CancelScope cs = new CancelScope();
                            cs.run(s -> {
                                status.started(cs);
                                stream.receiveStream().receive();
                            });
                        });
                Weft.waitAllTasksBlocked();
                receiverScope.cancel();
                stream.sendStream().sendNowait("item");
            });
            // The item was not given to the cancelled task, so it is still here.
            assertThat(stream.receiveStream().receiveNowait()).isEqualTo("item");
        }
    }

    // AnyIO: test_send_to_natively_cancelled_receiver. AnyIO cancels the receiver's asyncio task
    // natively; Weft's counterpart is cancelling its task handle.
    @WeftTest
    void anItemIsNotHandedToAReceiverWhoseTaskWasCancelled() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            TaskGroup.run(tg -> {
                TaskHandle<String> receiver = tg.startSoon(() -> stream.receiveStream().receive());
                Weft.waitAllTasksBlocked();
                receiver.cancel();
                stream.sendStream().sendNowait("hello");
                assertThatThrownBy(receiver::join).isInstanceOf(TaskCancelled.class);
                assertThat(stream.receiveStream().receiveNowait()).isEqualTo("hello");
            });
        }
    }

    // AnyIO: test_close_receive_after_send
    @WeftTest
    void eachTaskClosesItsEndWhenDone() {
        var stream = MemoryObjectStream.<String>create(0);
        var tx = stream.sendStream();
        var rx = stream.receiveStream();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (tx) {
                    tx.send("test");
                }
            });
            tg.startSoon(() -> {
                try (rx) {
                    assertThat(rx.receive()).isEqualTo("test");
                }
            });
        });
        assertThat(tx.isClosed()).isTrue();
        assertThat(rx.isClosed()).isTrue();
        stream.close(); // idempotent
    }

    // AnyIO: test_statistics
    @WeftTest
    void statisticsCountBufferClonesAndWaitingTasksExactly() {
        try (var stream = MemoryObjectStream.<Boolean>create(1)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            List<Supplier<MemoryObjectStreamStatistics>> ends =
                    List.of(tx::statistics, rx::statistics);
            for (var end : ends) {
                assertThat(end.get()).isEqualTo(new MemoryObjectStreamStatistics(0, 1, 1, 1, 0, 0));
            }
            for (var end : ends) {
                TaskGroup.run(tg -> {
                    // tasks waiting to send
                    tx.sendNowait(true);
                    assertThat(end.get().currentBufferUsed()).isEqualTo(1);
                    tg.startSoon(() -> tx.send(true));
                    Weft.waitAllTasksBlocked();
                    assertThat(end.get().currentBufferUsed()).isEqualTo(1);
                    assertThat(end.get().tasksWaitingSend()).isEqualTo(1);
                    rx.receiveNowait();
                    assertThat(end.get().currentBufferUsed()).isEqualTo(1);
                    assertThat(end.get().tasksWaitingSend()).isZero();
                    rx.receiveNowait();
                    assertThat(end.get().currentBufferUsed()).isZero();

                    // tasks waiting to receive
                    tg.startSoon(() -> rx.receive());
                    Weft.waitAllTasksBlocked();
                    assertThat(end.get().tasksWaitingReceive()).isEqualTo(1);
                    tx.sendNowait(true);
                    assertThat(end.get().tasksWaitingReceive()).isZero();
                });
                TaskGroup.run(tg -> {
                    tx.sendNowait(true);
                    assertThat(end.get().tasksWaitingSend()).isZero();
                    for (int i = 0; i < 3; i++) {
                        tg.startSoon(() -> tx.send(true));
                    }
                    Weft.waitAllTasksBlocked();
                    assertThat(end.get().tasksWaitingSend()).isEqualTo(3);
                    for (int i = 2; i >= 0; i--) {
                        rx.receiveNowait();
                        assertThat(end.get().tasksWaitingSend()).isEqualTo(i);
                    }
                    rx.receiveNowait();
                });
                assertThat(end.get()).isEqualTo(new MemoryObjectStreamStatistics(0, 1, 1, 1, 0, 0));
            }
        }
    }

    // AnyIO: test_sync_close
    @WeftTest
    void tryWithResourcesClosesBothEnds() {
        var stream = MemoryObjectStream.<Boolean>create(1);
        try (var tx = stream.sendStream();
                var rx = stream.receiveStream()) {
            assertThat(List.of(tx.isClosed(), rx.isClosed())).containsOnly(false);
        }
        assertThatThrownBy(() -> stream.sendStream().sendNowait(true))
                .isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(() -> stream.receiveStream().receiveNowait())
                .isInstanceOf(ClosedResourceError.class);
    }

    // AnyIO: test_receive_then_send_nowait, line by line: on SERIAL the receivers run only once
    // the host waits, and park in the order they were started.
    @WeftTest(backends = Backend.SERIAL)
    void sendNowaitServesReceiversInTheOrderTheyParkedInAnyIOsOrder() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            List<String> log = new ArrayList<>(); // one task at a time: no lock needed
            TaskGroup.run(tg -> {
                tg.startSoon(() -> log.add("first got " + rx.receive()));
                tg.startSoon(() -> log.add("second got " + rx.receive()));
                assertThat(rx.statistics().tasksWaitingReceive()).isZero(); // not run yet
                Weft.waitAllTasksBlocked();
                tx.sendNowait("hello");
                tx.sendNowait("anyio");
                assertThat(log).isEmpty(); // woken, but they run only when the host waits
            });
            assertThat(log).containsExactly("first got hello", "second got anyio");
        }
    }
}
