package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.internal.Task;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;

/**
 * Cancellation of tasks blocked outside Weft: the architecture's interrupt rules. A task blocked in
 * a JDK call is interrupted when its scope is cancelled, the {@code InterruptedException} counts as
 * the cancellation, no interrupt flag outlives the scope, and Weft never interrupts a thread inside
 * a no-interrupt section (where it would close an NIO channel).
 */
@Tag(WeftTest.PARALLEL)
class InterruptDeliveryTest {

    /** A JDK call that blocks until interrupted. */
    interface Blocking {
        void block() throws Exception;
    }

    static List<Blocking> jdkBlockingCalls() {
        Object monitor = new Object();
        return List.of(
                () -> new ArrayBlockingQueue<String>(1).take(),
                () -> Thread.sleep(60_000),
                () -> {
                    synchronized (monitor) {
                        monitor.wait();
                    }
                },
                () -> new CompletableFuture<String>().get());
    }

    @WeftTest
    void aTaskBlockedInAJdkCallIsCancelledByItsScope() {
        for (Blocking call : jdkBlockingCalls()) {
            Event blocking = new Event();
            CancelScope scope = new CancelScope();
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        scope.run(s -> {
                            blocking.set();
                            call.block();
                        }));
                blocking.await();
                scope.cancel("stop blocking");
            });
            assertThat(scope.cancelledCaught()).as("scope swallowed the interrupt").isTrue();
        }
    }

    @WeftTest
    void aTaskBlockedInAJdkCallIsCancelledByItsGroupAndDoesNotFailIt() {
        for (Blocking call : jdkBlockingCalls()) {
            Event blocking = new Event();
            AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
            TaskGroup.run(tg -> {
                handle.set(
                        tg.startSoon(() -> {
                            blocking.set();
                            call.block();
                        }));
                blocking.await();
                tg.cancel();
            });
            assertThat(handle.get().status()).isEqualTo(TaskHandle.Status.CANCELLED);
            // The task's InterruptedException became its cancellation.
            assertThatThrownBy(handle.get()::exception)
                    .isInstanceOf(TaskCancelled.class)
                    .cause()
                    .isInstanceOf(Cancelled.class)
                    .cause()
                    .isInstanceOf(InterruptedException.class);
        }
    }

    @WeftTest
    void aDeadlineInterruptsAJdkCall() throws Exception {
        var queue = new ArrayBlockingQueue<String>(1);
        CancelScope scope = Weft.moveOnAfter(java.time.Duration.ofMillis(10), s -> queue.take());
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @WeftTest
    void noInterruptFlagSurvivesTheScopeThatCausedIt() throws Exception {
        var queue = new ArrayBlockingQueue<String>(1);
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            assertThat(Thread.currentThread().isInterrupted())
                    .as("armed inside the cancelled scope")
                    .isTrue();
            queue.take();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        // A later JDK wait is not disturbed by a stale interrupt.
        assertThat(queue.poll(1, TimeUnit.MILLISECONDS)).isNull();
    }

    @WeftTest
    void theInterruptExceptionCountsAsTheCancellationOfTheOutermostCancelledScope()
            throws Exception {
        var queue = new ArrayBlockingQueue<String>(1);
        CancelScope outer = new CancelScope();
        CancelScope inner = new CancelScope();
        outer.run(o ->
                inner.run(i -> {
                    i.cancel();
                    o.cancel();
                    queue.take();
                }));
        assertThat(inner.cancelledCaught()).isFalse();
        assertThat(outer.cancelledCaught()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @WeftTest
    void cancellationIsLevelTriggeredForJdkCallsThroughWeftCheckpoints() {
        var queue = new ArrayBlockingQueue<String>(1);
        CancelScope scope = new CancelScope();
        List<String> seen = new CopyOnWriteArrayList<>();
        scope.run(s -> {
            s.cancel();
            try {
                queue.take();
            } catch (InterruptedException e) {
                seen.add("first take interrupted");
            }
            // The InterruptedException consumed the flag; the next Weft checkpoint
            // throws again and re-arms it for JDK calls.
            try {
                Weft.checkpoint();
            } catch (Cancelled c) {
                seen.add("checkpoint cancelled");
            }
            try {
                queue.take();
            } catch (InterruptedException e) {
                seen.add("second take interrupted");
            }
        });
        assertThat(seen)
                .containsExactly(
                        "first take interrupted",
                        "checkpoint cancelled",
                        "second take interrupted");
    }

    @WeftTest
    void aTaskStartedIntoACancelledGroupIsInterruptedInItsFirstJdkCall() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.cancel();
            tg.startSoon(() -> {
                try {
                    new ArrayBlockingQueue<String>(1).take();
                } catch (InterruptedException e) {
                    seen.set(e);
                    throw e;
                }
            });
        });
        assertThat(seen.get()).isInstanceOf(InterruptedException.class);
    }

    @WeftTest
    void aShieldClearsTheInterruptAndLeavingItRestoresIt() throws Exception {
        CancelScope outer = new CancelScope();
        List<Boolean> flags = new CopyOnWriteArrayList<>();
        outer.run(o -> {
            o.cancel();
            flags.add(Thread.currentThread().isInterrupted());
            CancelScope.shielded()
                    .run(s -> {
                        flags.add(Thread.currentThread().isInterrupted());
                        Thread.sleep(1); // shielded cleanup may block
                    });
            flags.add(Thread.currentThread().isInterrupted());
            Weft.checkpoint();
        });
        assertThat(flags).containsExactly(true, false, true);
        assertThat(outer.cancelledCaught()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @WeftTest
    void aForeignInterruptIsNotACancellationAndSurvivesWeftWaits() {
        Thread.currentThread().interrupt();
        Weft.sleep(java.time.Duration.ofMillis(1));
        assertThat(Thread.interrupted()).as("flag preserved across the Weft wait").isTrue();

        CancelScope scope = new CancelScope();
        assertThatThrownBy(() ->
                        scope.run(s -> {
                            throw new InterruptedException("not from Weft");
                        }))
                .isInstanceOf(InterruptedException.class)
                .hasMessage("not from Weft");
        assertThat(scope.cancelledCaught()).isFalse();
    }

    @WeftTest
    void weftNeverInterruptsANoInterruptSectionSoChannelsStayOpen() throws Throwable {
        Path file = Files.createTempFile("weft-interrupt", ".bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            Task me = Task.current();
            CancelScope scope = new CancelScope();
            scope.run(s -> {
                s.cancel(); // the task's interrupt flag is now armed
                me.withoutInterrupts(() -> {
                    assertThat(Thread.currentThread().isInterrupted()).isFalse();
                    return ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                });
                assertThat(ch.isOpen()).isTrue();
                assertThat(Thread.currentThread().isInterrupted())
                        .as("re-armed after the section")
                        .isTrue();
                Weft.checkpoint();
            });
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(ch.isOpen()).isTrue();
            assertThat(ch.size()).isEqualTo(3);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @WeftTest
    void withoutASectionTheSameWriteClosesTheChannel() throws Exception {
        // The hazard the no-interrupt section exists for.
        Path file = Files.createTempFile("weft-interrupt", ".bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            CancelScope scope = new CancelScope();
            scope.run(s -> {
                s.cancel();
                ch.write(ByteBuffer.wrap(new byte[] {1}));
            });
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(ch.isOpen()).isFalse();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @WeftTest
    void aCancellationArrivingDuringANoInterruptSectionIsDeliveredAfterIt() throws Throwable {
        Pipe pipe = Pipe.open();
        try {
            Event inSection = new Event();
            CancelScope readerScope = new CancelScope();
            AtomicReference<Boolean> armedAfterSection = new AtomicReference<>();
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        readerScope.run(s -> {
                            Task.current()
                                    .withoutInterrupts(() -> {
                                        inSection.set();
                                        // Blocks until the byte
                                        // arrives; a cancel now
                                        // must not interrupt it.
                                        return pipe.source().read(ByteBuffer.allocate(1));
                                    });
                            armedAfterSection.set(Thread.currentThread().isInterrupted());
                            Weft.checkpoint();
                        }));
                inSection.await();
                readerScope.cancel();
                pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
            });
            assertThat(pipe.source().isOpen()).isTrue();
            assertThat(armedAfterSection.get()).isTrue();
            assertThat(readerScope.cancelledCaught()).isTrue();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @WeftTest
    void closedByInterruptCountsAsTheCancellation() throws Exception {
        Path file = Files.createTempFile("weft-interrupt", ".bin");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            CancelScope scope = new CancelScope();
            scope.run(s -> {
                s.cancel();
                try {
                    ch.write(ByteBuffer.wrap(new byte[] {1}));
                } catch (ClosedByInterruptException e) {
                    seen.set(e);
                    throw e;
                }
            });
            assertThat(seen.get()).isInstanceOf(ClosedByInterruptException.class);
            assertThat(scope.cancelledCaught()).isTrue();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
