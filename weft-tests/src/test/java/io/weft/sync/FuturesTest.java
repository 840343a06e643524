package io.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.ExceptionGroup;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.internal.Task;
import io.weft.internal.sync.CompletionLatches;
import io.weft.junit.WeftTest;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link Futures} (a JDK {@code CompletableFuture} awaited in a task) and {@code
 * TaskHandle.toCompletableFuture()} (a task's outcome as one): values, failures, cancellation in
 * both directions, and no callbacks left behind by cancelled waits or by the futures of a task.
 */
class FuturesTest {

    @WeftTest
    void awaitReturnsTheValueOnceAnotherThreadCompletesTheFuture() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        AtomicReference<String> got = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> got.set(Futures.await(f)));
            Weft.waitAllTasksBlocked(); // the task is parked in await
            Thread.ofPlatform().start(() -> f.complete("value")).join();
        });
        assertThat(got).hasValue("value");
    }

    @WeftTest
    void awaitFailsAsJoinWouldWhenTheFutureFailsOrIsCancelled() {
        CompletableFuture<String> failed =
                CompletableFuture.failedFuture(new IllegalStateException("boom"));
        assertThatThrownBy(() -> Futures.await(failed))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        assertThatThrownBy(() -> Futures.await(cancelled))
                .isInstanceOf(CancellationException.class);
    }

    @WeftTest
    void awaitingACompletedFutureIsStillACheckpoint() {
        CompletableFuture<String> done = CompletableFuture.completedFuture("x");
        CancelScope scope = new CancelScope();
        scope.cancel();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        scope.run(s -> thrown.set(catchThrowable(() -> Futures.await(done))));
        assertThat(thrown.get()).isInstanceOf(Cancelled.class);
        assertThat(Futures.await(done)).isEqualTo("x");
    }

    @WeftTest
    void aCancelledWaitLeavesTheFutureForOtherWaiters() {
        CompletableFuture<String> f = new CompletableFuture<>();
        AtomicReference<String> other = new AtomicReference<>();
        TaskGroup.run(tg -> {
            TaskHandle<String> cancelledOne = tg.startSoon(() -> Futures.await(f));
            tg.startSoon(() -> other.set(Futures.await(f)));
            Weft.waitAllTasksBlocked();
            cancelledOne.cancel();
            Weft.waitAllTasksBlocked(); // the cancelled wait has ended, the other still waits
            assertThat(cancelledOne.status()).isEqualTo(TaskHandle.Status.CANCELLED);
            assertThat(f.isDone()).isFalse();
            f.complete("still here");
        });
        assertThat(other).hasValue("still here");
    }

    @WeftTest
    void awaitAndCancelCancelsTheFutureWhenItsWaitIsCancelled() {
        CompletableFuture<String> f = new CompletableFuture<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> Futures.awaitAndCancel(f));
            Weft.waitAllTasksBlocked();
            tg.cancel();
        });
        assertThat(f.isCancelled()).isTrue();
        CompletableFuture<String> g = new CompletableFuture<>();
        TaskGroup.run(tg -> {
            TaskHandle<String> h = tg.startSoon(() -> Futures.awaitAndCancel(g));
            Weft.waitAllTasksBlocked();
            g.complete("done");
            assertThat(h.join()).isEqualTo("done");
        });
        assertThat(g.isCancelled()).isFalse();
    }

    // A hundred thousand platform threads would take long and show nothing more: the callback and
    // the latch are the same whatever runs the tasks.
    @WeftTest(backends = {Backend.VIRTUAL, Backend.SERIAL})
    void aHundredThousandCancelledWaitsLeaveOneCallbackAndNoWaiter() {
        CompletableFuture<String> f = new CompletableFuture<>();
        for (int round = 0; round < 100; round++) {
            TaskGroup.run(tg -> {
                for (int i = 0; i < 1_000; i++) {
                    tg.startSoon(() -> Futures.await(f));
                }
                Weft.waitAllTasksBlocked(); // every one of them parked in the wait
                tg.cancel();
            });
        }
        assertThat(f.getNumberOfDependents()).isEqualTo(1);
        assertThat(CompletionLatches.of(f).waiting()).isZero();
        int tables = CompletionLatches.size();
        f.complete("late");
        assertThat(CompletionLatches.size()).isEqualTo(tables - 1); // the entry goes with it
        assertThat(f.getNumberOfDependents()).isZero();
    }

    @WeftTest
    void nullIsRejectedByName() {
        assertThatThrownBy(() -> Futures.await(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("future");
    }

    // ----------------------------------------------------------------
    // TaskHandle.toCompletableFuture

    @WeftTest
    void aTasksFutureCompletesWithItsResult() {
        AtomicReference<CompletableFuture<String>> f = new AtomicReference<>();
        TaskGroup.run(tg -> {
            TaskHandle<String> h = tg.startSoon(() -> "result");
            f.set(h.toCompletableFuture());
        });
        assertThat(f.get()).isCompletedWithValue("result");
        TaskGroup.run(tg -> {
            TaskHandle<String> h = tg.startSoon(() -> "at once");
            h.join();
            assertThat(h.toCompletableFuture()).isCompletedWithValue("at once");
        });
    }

    @WeftTest
    void aFailedTasksFutureFailsWithItsException() {
        AtomicReference<CompletableFuture<Object>> f = new AtomicReference<>();
        Throwable group =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            TaskHandle<Object> h =
                                    tg.startSoon(() -> {
                                        throw new IllegalArgumentException("bad");
                                    });
                            f.set(h.toCompletableFuture());
                        }));
        assertThat(group).isInstanceOf(ExceptionGroup.class);
        assertThat(f.get()).isCompletedExceptionally();
        assertThatThrownBy(() -> f.get().join())
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad");
    }

    @WeftTest
    void cancellingTheFutureCancelsTheTaskAndCancellingTheTaskCancelsTheFuture() {
        Event never = new Event();
        TaskGroup.run(tg -> {
            TaskHandle<Void> first = tg.startSoon(never::await);
            CompletableFuture<Void> f1 = first.toCompletableFuture();
            Weft.waitAllTasksBlocked();
            assertThat(f1.cancel(true)).isTrue();
            Weft.waitAllTasksBlocked(); // the task met its cancellation and ended
            assertThat(first.status()).isEqualTo(TaskHandle.Status.CANCELLED);

            TaskHandle<Void> second = tg.startSoon(never::await);
            CompletableFuture<Void> f2 = second.toCompletableFuture();
            Weft.waitAllTasksBlocked();
            second.cancel("enough");
            Weft.waitAllTasksBlocked();
            assertThat(f2.isCancelled()).isTrue();
            assertThatThrownBy(f2::join)
                    .isInstanceOf(CancellationException.class)
                    .hasRootCauseInstanceOf(Cancelled.class);
        });
    }

    // Issue 18. Cancelling a task's future cancels the task: a shield keeps this one running, so
    // that 100,000 futures are made, cancelled or completed while it runs, as for a long task
    // whose outcome is asked for over and over.
    @WeftTest(backends = {Backend.VIRTUAL, Backend.SERIAL})
    void aHundredThousandCompletedOrCancelledFuturesOfARunningTaskLeaveNothingOnIt() {
        Event release = new Event();
        AtomicReference<Task> task = new AtomicReference<>();
        TaskGroup.run(tg -> {
            TaskHandle<String> h =
                    tg.startSoon(() -> {
                        task.set(Task.current());
                        CancelScope.shielded().run(s -> release.await());
                        return "done";
                    });
            Weft.waitAllTasksBlocked(); // it waits in the shield
            CompletableFuture<String> pending = h.toCompletableFuture();
            try {
                assertThat(task.get().queuedJoiners()).isEqualTo(1);
                for (int i = 0; i < 100_000; i++) {
                    CompletableFuture<String> f = h.toCompletableFuture();
                    switch (i % 4) {
                        case 0 -> f.complete("not from the task");
                        case 1 -> f.completeExceptionally(new TimeoutException());
                        case 2 -> f.obtrudeValue("obtruded");
                        default -> f.cancel(false);
                    }
                }
                assertThat(h.status()).isEqualTo(TaskHandle.Status.CANCELLING);
                assertThat(task.get().queuedJoiners()).as("only the pending future's").isEqualTo(1);
            } finally {
                release.set(); // a failed assertion must not leave the shielded task waiting
            }
            Weft.waitAllTasksBlocked(); // the task has ended
            assertThat(pending).isDone();
            assertThat(task.get().queuedJoiners()).isZero();
        });
    }

    // What issue 18 must not be fixed by: holding a pending future weakly. Its dependent stages
    // are reachable only through it, and must run when the task ends.
    @WeftTest
    void aDroppedFuturesDependentStageStillRunsWhenTheTaskEnds() {
        Event release = new Event();
        AtomicBoolean ran = new AtomicBoolean();
        TaskGroup.run(tg -> {
            TaskHandle<String> h =
                    tg.startSoon(() -> {
                        release.await();
                        return "done";
                    });
            h.toCompletableFuture().thenRun(() -> ran.set(true)); // neither future is kept
            for (int gc = 0; gc < 3; gc++) {
                System.gc();
            }
            release.set();
            h.join();
        });
        assertThat(ran).isTrue();
    }
}
