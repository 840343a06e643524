package io.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.RunOptions;
import io.weft.TaskCancelled;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.testing.Checkpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Future: set once, get as a checkpoint, per-waiter cancellation, cancel(), cross-thread set. */
class FutureTest {

    // ---------------------------------------------------------------- AnyIO's
    // tests/test_futures.py

    // AnyIO: test_futures.py::test_result
    @WeftTest
    void getReturnsTheValueSetBefore() {
        Future<Integer> future = new Future<>();
        future.setResult(1);
        assertThat(future.get()).isEqualTo(1);
        assertThat(future.status()).isEqualTo(Future.Status.FINISHED);
        assertThat(future.done()).isTrue();
    }

    // AnyIO: test_futures.py::test_disallowing_multiple_results
    @WeftTest
    void aSecondSetThrowsFutureAlreadyFinishedAndKeepsTheFirstValue() {
        Future<Integer> future = new Future<>();
        future.setResult(1);
        assertThatThrownBy(() -> future.setResult(0))
                .isExactlyInstanceOf(FutureAlreadyFinished.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("future has already finished");
        assertThatThrownBy(() -> future.setException(new RuntimeException("late")))
                .isExactlyInstanceOf(FutureAlreadyFinished.class)
                .hasMessage("future has already finished");
        assertThat(future.trySetResult(2)).isFalse();
        assertThat(future.cancel()).as("cancel after finishing does nothing").isFalse();
        assertThat(future.get()).isEqualTo(1);
    }

    @WeftTest
    void setAfterAnExceptionThrowsFutureAlreadyFinishedAndKeepsTheException() {
        Future<Integer> future = new Future<>();
        RuntimeException first = new RuntimeException("first");
        future.setException(first);
        assertThatThrownBy(() -> future.setResult(0))
                .isExactlyInstanceOf(FutureAlreadyFinished.class)
                .hasMessage("future already failed");
        assertThatThrownBy(() -> future.setException(new RuntimeException("second")))
                .isExactlyInstanceOf(FutureAlreadyFinished.class)
                .hasMessage("future already failed");
        assertThat(future.trySetException(new RuntimeException("third"))).isFalse();
        assertThat(future.exception()).isSameAs(first);
    }

    // AnyIO: test_futures.py::test_waiting_for_result
    @WeftTest
    void getWaitsForAValueSetByAnotherTask() {
        Future<Integer> future = new Future<>();
        AtomicInteger waitingWhenSet = new AtomicInteger(-1);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                // AnyIO's task passed one checkpoint, which let the host reach `await future`
                // first; here the setter waits until the host is parked in get().
                Weft.waitAllTasksBlocked();
                waitingWhenSet.set(future.statistics().tasksWaiting());
                future.setResult(2);
            });
            assertThat(future.get()).isEqualTo(2);
        });
        assertThat(waitingWhenSet).as("the host was waiting in get()").hasValue(1);
        assertThat(future.statistics().tasksWaiting()).isZero();
    }

    // AnyIO: test_futures.py::test_waiting_with_wait
    @WeftTest
    void awaitWaitsWithoutReadingTheOutcome() {
        Future<Integer> future = new Future<>();
        AtomicInteger waitingWhenSet = new AtomicInteger(-1);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                waitingWhenSet.set(future.statistics().tasksWaiting());
                future.setResult(2);
            });
            future.await();
            assertThat(future.result()).isEqualTo(2);
        });
        assertThat(waitingWhenSet).hasValue(1);
    }

    @WeftTest
    void awaitReturnsNormallyForAFailedOrCancelledFuture() {
        Future<Integer> failed = new Future<>();
        failed.setException(new IllegalArgumentException("boom"));
        failed.await();
        Future<Integer> cancelled = new Future<>();
        cancelled.cancel();
        cancelled.await();
        assertThat(failed.status()).isEqualTo(Future.Status.FAILED);
        assertThat(cancelled.status()).isEqualTo(Future.Status.CANCELLED);
    }

    // AnyIO: test_futures.py::test_raising_exception
    @WeftTest
    void getOfAFailedFutureThrowsFutureFailedCausedByTheException() {
        Future<Integer> future = new Future<>();
        RuntimeException error = new RuntimeException("testing runtime error");
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                future.setException(error);
            });
            assertThatThrownBy(future::get)
                    .isExactlyInstanceOf(FutureFailed.class)
                    .hasMessage("the future raised an exception")
                    .hasCause(error);
        });
        assertThat(future.status()).isEqualTo(Future.Status.FAILED);
        assertThatThrownBy(future::result)
                .isExactlyInstanceOf(FutureFailed.class)
                .cause()
                .isSameAs(error);
    }

    // AnyIO: test_futures.py::test_already_cancelled
    @WeftTest
    void setResultOnACancelledFutureThrowsFutureCancelled() {
        Future<Integer> future = new Future<>();
        future.cancel();
        assertThatThrownBy(() -> future.setResult(1))
                .isExactlyInstanceOf(FutureCancelled.class)
                .hasMessage("future was cancelled");
        assertThat(future.status()).isEqualTo(Future.Status.CANCELLED);
    }

    // AnyIO: test_futures.py::test_cancelled_wait
    @WeftTest
    void getOfACancelledFutureThrowsFutureCancelled() {
        Future<Integer> future = new Future<>();
        future.cancel();
        assertThatThrownBy(future::get)
                .isExactlyInstanceOf(FutureCancelled.class)
                .isInstanceOf(FutureFailed.class)
                .hasMessageContaining("future was cancelled");
    }

    // AnyIO: test_futures.py::test_return_value_when_future_not_finished
    @WeftTest
    void resultBeforeFinishingThrowsFutureNotFinished() {
        Future<Integer> future = new Future<>();
        assertThatThrownBy(future::result)
                .isExactlyInstanceOf(FutureNotFinished.class)
                .hasMessage("the future has not finished yet");
        assertThat(future.status()).isEqualTo(Future.Status.PENDING);
        assertThat(future.done()).isFalse();
    }

    // AnyIO: test_futures.py::test_exception_when_future_not_finished
    @WeftTest
    void exceptionBeforeFinishingThrowsFutureNotFinished() {
        Future<Integer> future = new Future<>();
        assertThatThrownBy(future::exception)
                .isExactlyInstanceOf(FutureNotFinished.class)
                .hasMessage("the future has not finished yet");
    }

    // AnyIO: test_futures.py::test_exception_when_future_failed
    @WeftTest
    void exceptionReturnsTheExceptionThatWasSet() {
        Future<Integer> future = new Future<>();
        RuntimeException error = new RuntimeException("foo");
        future.setException(error);
        assertThat(future.exception()).isSameAs(error);
    }

    @WeftTest
    void exceptionOfAFutureWithAValueIsNull() {
        Future<Integer> future = new Future<>();
        future.setResult(3);
        assertThat(future.exception()).isNull();
    }

    // AnyIO: test_futures.py::test_exception_when_future_cancelled
    @WeftTest
    void exceptionOfACancelledFutureThrowsFutureCancelled() {
        Future<Integer> future = new Future<>();
        future.cancel();
        assertThatThrownBy(future::exception)
                .isExactlyInstanceOf(FutureCancelled.class)
                .hasMessage("the future was cancelled");
        assertThatThrownBy(future::result)
                .isExactlyInstanceOf(FutureCancelled.class)
                .hasMessage("the future was cancelled");
    }

    // AnyIO: test_futures.py::test_cancelling_already_set_return_value
    @WeftTest
    void cancelAfterAValueDoesNothing() {
        Future<String> future = new Future<>();
        future.setResult("Item");
        assertThat(future.cancel()).isFalse();
        assertThat(future.get()).isEqualTo("Item");
        assertThat(future.status()).isEqualTo(Future.Status.FINISHED);
    }

    // AnyIO: test_futures.py::test_cancelling_already_set_exception
    @WeftTest
    void cancelAfterAnExceptionDoesNothing() {
        Future<String> future = new Future<>();
        future.setException(new RuntimeException("Failed"));
        assertThat(future.cancel()).isFalse();
        assertThatThrownBy(future::get)
                .isExactlyInstanceOf(FutureFailed.class)
                .hasMessageContaining("future raised an exception");
        assertThat(future.status()).isEqualTo(Future.Status.FAILED);
    }

    // AnyIO: test_futures.py::test_cancelling_with_result (the same as test_already_cancelled
    // there; here it also covers setException and the try* forms)
    @WeftTest
    void settingAfterCancelThrowsFutureCancelledAndKeepsTheFutureCancelled() {
        Future<String> future = new Future<>();
        assertThat(future.cancel()).isTrue();
        assertThat(future.cancel()).as("a second cancel does nothing").isFalse();
        assertThatThrownBy(() -> future.setResult("Item"))
                .isExactlyInstanceOf(FutureCancelled.class)
                .hasMessage("future was cancelled");
        assertThatThrownBy(() -> future.setException(new RuntimeException()))
                .isExactlyInstanceOf(FutureCancelled.class);
        assertThat(future.trySetResult("Item")).isFalse();
        assertThat(future.trySetException(new RuntimeException())).isFalse();
        assertThat(future.status()).isEqualTo(Future.Status.CANCELLED);
    }

    // AnyIO: test_futures.py::test_repr
    @WeftTest
    void toStringShowsTheStatusAndTheName() {
        assertThat(new Future<Integer>("name").toString()).isEqualTo("Future[pending name='name']");
        assertThat(new Future<Integer>().toString()).isEqualTo("Future[pending]");
        Future<Integer> f = new Future<>("f");
        f.setResult(1);
        assertThat(f.toString()).isEqualTo("Future[finished name='f']");
        assertThat(f.name()).isEqualTo("f");
        Future<Integer> c = new Future<>();
        c.cancel();
        assertThat(c.toString()).isEqualTo("Future[cancelled]");
    }

    // AnyIO: test_futures.py::test_multiple_waiters
    @WeftTest
    void everyWaiterGetsTheValue() {
        Future<String> future = new Future<>();
        TaskGroup.run(tg -> {
            List<TaskHandle<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                tasks.add(tg.startSoon(future::get));
            }
            // AnyIO set the value before the tasks had run; here they may or may not be waiting
            // yet, and each gets the value either way.
            future.setResult("Finished");
            for (TaskHandle<String> t : tasks) {
                assertThat(t.join()).isEqualTo("Finished");
            }
        });
    }

    @WeftTest
    void everyParkedWaiterIsWokenWithTheValue() {
        Future<String> future = new Future<>();
        TaskGroup.run(tg -> {
            List<TaskHandle<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                tasks.add(tg.startSoon(future::get));
            }
            Weft.waitAllTasksBlocked();
            assertThat(future.statistics().tasksWaiting()).isEqualTo(5);
            future.setResult("Finished");
            for (TaskHandle<String> t : tasks) {
                assertThat(t.join()).isEqualTo("Finished");
            }
        });
        assertThat(future.statistics().tasksWaiting()).isZero();
    }

    // AnyIO: test_futures.py::test_cancelled_waiter_allows_other
    @WeftTest
    void aCancelledWaiterLeavesTheFutureToTheOthers() {
        Future<String> future = new Future<>();
        TaskGroup.run(tg -> {
            TaskHandle<String> th1 = tg.startSoon(future::get);
            TaskHandle<String> th2 = tg.startSoon(future::get);
            if (Weft.currentBackend() == Backend.SERIAL) {
                Weft.checkpoint(); // AnyIO's order: one checkpoint lets both tasks reach get()
            } else {
                Weft.waitAllTasksBlocked();
            }
            assertThat(future.statistics().tasksWaiting()).isEqualTo(2);
            th1.cancel();
            assertThatThrownBy(th1::join).isInstanceOf(TaskCancelled.class);
            assertThat(future.statistics().tasksWaiting()).isEqualTo(1);
            assertThat(future.status()).isEqualTo(Future.Status.PENDING);
            future.setResult("Finished");
            assertThat(th2.join()).isEqualTo("Finished");
        });
    }

    // ---------------------------------------------------------------- checkpoints

    @WeftTest
    void getIsACheckpointEvenWhenTheFutureHasFinished() {
        Future<Integer> future = new Future<>();
        future.setResult(1);
        Checkpoints.assertCheckpoints(future::get);
        Checkpoints.assertCheckpoints(future::await);
        Future<Integer> failed = new Future<>();
        failed.setException(new RuntimeException());
        Checkpoints.assertCheckpoints(failed::await);
    }

    @WeftTest
    void getIsACheckpointWhenItWaits() {
        Future<Integer> future = new Future<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                future.setResult(7);
            });
            Checkpoints.assertCheckpoints(() -> assertThat(future.get()).isEqualTo(7));
        });
    }

    @WeftTest
    void settingReadingAndCancellingAreNotCheckpoints() {
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel(); // a cancel point would throw here
            Future<Integer> a = new Future<>();
            Checkpoints.assertNoCheckpoints(() -> a.setResult(1));
            Checkpoints.assertNoCheckpoints(a::result);
            Checkpoints.assertNoCheckpoints(a::exception);
            Checkpoints.assertNoCheckpoints(a::done);
            Checkpoints.assertNoCheckpoints(a::status);
            Checkpoints.assertNoCheckpoints(a::statistics);
            Checkpoints.assertNoCheckpoints(a::cancel);
            Future<Integer> b = new Future<>();
            Checkpoints.assertNoCheckpoints(() -> b.setException(new RuntimeException()));
            Future<Integer> c = new Future<>();
            Checkpoints.assertNoCheckpoints(c::cancel);
            Future<Integer> d = new Future<>();
            Checkpoints.assertNoCheckpoints(() -> d.trySetResult(1));
        });
        assertThat(scope.cancelledCaught()).as("nothing threw Cancelled").isFalse();
    }

    @WeftTest
    void getInACancelledScopeThrowsCancelledEvenWhenFinishedAndLeavesTheFuture() {
        Future<Integer> done = new Future<>();
        done.setResult(1);
        Future<Integer> pending = new Future<>();
        AtomicBoolean passed = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            try {
                done.get();
            } catch (Cancelled c) {
                passed.set(true);
                throw c;
            }
        });
        assertThat(passed).as("get() threw Cancelled").isTrue();
        assertThat(scope.cancelledCaught()).isTrue();
        CancelScope second = new CancelScope();
        second.run(s -> {
            s.cancel();
            pending.get();
        });
        assertThat(second.cancelledCaught()).isTrue();
        assertThat(pending.statistics().tasksWaiting()).as("no waiter was queued").isZero();
        assertThat(pending.status()).isEqualTo(Future.Status.PENDING);
        assertThat(done.get()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- per-waiter cancellation

    @WeftTest
    void aWaiterWhoseScopeIsCancelledThrowsCancelledAndTheFutureStaysPending() {
        Future<String> future = new Future<>();
        CancelScope scope = new CancelScope();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    scope.run(s -> {
                        try {
                            future.get();
                        } catch (Throwable t) {
                            thrown.set(t);
                            throw t;
                        }
                    }));
            TaskHandle<String> other = tg.startSoon(future::get);
            Weft.waitAllTasksBlocked();
            assertThat(future.statistics().tasksWaiting()).isEqualTo(2);
            scope.cancel();
            Weft.waitAllTasksBlocked(); // the first waiter has left; the other still waits
            assertThat(future.statistics().tasksWaiting()).isEqualTo(1);
            assertThat(future.status()).isEqualTo(Future.Status.PENDING);
            future.setResult("value");
            assertThat(other.join()).isEqualTo("value");
        });
        assertThat(thrown.get()).isInstanceOf(Cancelled.class);
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(future.get()).as("a later get() still sees the value").isEqualTo("value");
    }

    // Reference items 23-28: a wait that was granted before the cancellation keeps its grant.
    @WeftTest
    void aGrantedWaitBeatsALaterCancellation() {
        Future<String> future = new Future<>();
        CancelScope scope = new CancelScope();
        AtomicReference<String> got = new AtomicReference<>();
        AtomicBoolean levelThrew = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    scope.run(s -> {
                        got.set(future.get());
                        // The host cancels right after the grant; wait for it without a
                        // checkpoint (in parallel the waiter may wake first).
                        while (!s.cancelCalled()) {
                            Thread.onSpinWait();
                        }
                        try {
                            Weft.checkpoint();
                        } catch (Cancelled c) {
                            levelThrew.set(true);
                            throw c;
                        }
                    }));
            Weft.waitAllTasksBlocked(); // the waiter is parked in get()
            future.setResult("granted");
            scope.cancel(); // after the grant: the waiter returns the value all the same
        });
        assertThat(got).hasValue("granted");
        assertThat(levelThrew).as("the cancellation hit at the next checkpoint").isTrue();
        assertThat(scope.cancelledCaught()).isTrue();
    }

    @WeftTest
    void aCancellationBeforeTheValueEndsTheWaitAndTheValueStaysForOthers() {
        Future<String> future = new Future<>();
        CancelScope scope = new CancelScope();
        AtomicBoolean gotValue = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    scope.run(s -> {
                        future.get();
                        gotValue.set(true);
                    }));
            Weft.waitAllTasksBlocked(); // the waiter is parked in get()
            scope.cancel(); // ends that wait now (its waiter is cancelled first)...
            future.setResult("kept"); // ...so this value is not handed to it
            assertThat(future.get()).isEqualTo("kept");
        });
        assertThat(gotValue).isFalse();
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(future.result()).isEqualTo("kept");
    }

    @WeftTest
    void futureCancelledDoesNotCancelTheWaitingTask() {
        Future<String> future = new Future<>();
        AtomicBoolean checkpointPassed = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                assertThatThrownBy(future::get).isExactlyInstanceOf(FutureCancelled.class);
                Weft.checkpoint(); // the task itself is not cancelled
                checkpointPassed.set(true);
            });
            Weft.waitAllTasksBlocked();
            assertThat(future.cancel()).isTrue();
        });
        assertThat(checkpointPassed).isTrue();
        assertThat(future.statistics().tasksWaiting()).isZero();
    }

    // Bounded stress: a parked waiter's scope is cancelled at the same instant as a plain thread
    // sets the value. The scoped waiter gets the value or Cancelled, exactly one of them; an
    // unscoped waiter always gets the value; the value stays in the future. Only outcomes are
    // asserted; the split is printed for information.
    @Tag(WeftTest.PARALLEL)
    @WeftTest(timeoutSeconds = 120)
    void setResultRacingAWaitersCancellationDecidesExactlyOnce() {
        int n = 2_000;
        int granted = 0;
        int cancelled = 0;
        for (int i = 0; i < n; i++) {
            String value = "value " + i;
            Future<String> future = new Future<>();
            CancelScope scope = new CancelScope();
            CyclicBarrier go = new CyclicBarrier(2);
            AtomicInteger outcomes = new AtomicInteger();
            AtomicReference<Object> scopedGot = new AtomicReference<>();
            AtomicBoolean levelThrew = new AtomicBoolean();
            AtomicReference<TaskHandle<String>> unscoped = new AtomicReference<>();
            int iteration = i;
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        scope.run(s -> {
                            try {
                                scopedGot.set(future.get());
                            } catch (Cancelled c) {
                                scopedGot.set(c);
                                throw c;
                            } finally {
                                outcomes.incrementAndGet();
                            }
                            while (!s.cancelCalled()) {
                                Thread.onSpinWait(); // the canceller may not have cancelled yet
                            }
                            try {
                                Weft.checkpoint();
                            } catch (Cancelled c) {
                                levelThrew.set(true);
                                throw c;
                            }
                        }));
                unscoped.set(tg.startSoon(future::get));
                Weft.waitAllTasksBlocked(); // both are parked in get()
                Thread setter =
                        Thread.ofPlatform()
                                .name("plain-setter")
                                .start(() -> {
                                    await(go);
                                    future.setResult(value);
                                });
                Runnable cancel =
                        () -> {
                            await(go);
                            scope.cancel();
                        };
                if (iteration % 2 == 0) {
                    tg.startSoon(cancel::run);
                } else {
                    Thread.ofPlatform().name("plain-canceller").start(cancel).join();
                }
                setter.join();
            });
            assertThat(outcomes).as("iteration %d: one outcome", i).hasValue(1);
            assertThat(unscoped.get().result()).as("iteration %d", i).isEqualTo(value);
            if (scopedGot.get() instanceof Cancelled) {
                cancelled++;
            } else {
                assertThat(scopedGot.get()).as("iteration %d", i).isEqualTo(value);
                assertThat(levelThrew).as("iteration %d: level cancellation", i).isTrue();
                granted++;
            }
            assertThat(scope.cancelledCaught()).as("iteration %d", i).isTrue();
            assertThat(future.result()).isEqualTo(value);
            assertThat(future.statistics().tasksWaiting()).isZero();
        }
        System.out.printf(
                "%s: %d iterations: %d granted, %d cancelled%n",
                Weft.currentBackend(), n, granted, cancelled);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- threads

    @WeftTest
    void aPlainThreadSetsTheValueForWaitingTasks() throws InterruptedException {
        Future<String> future = new Future<>();
        TaskGroup.run(tg -> {
            List<TaskHandle<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(tg.startSoon(future::get));
            }
            Weft.waitAllTasksBlocked();
            Thread setter =
                    Thread.ofPlatform()
                            .name("not-a-weft-task")
                            .start(() -> future.setResult("from a plain thread"));
            for (TaskHandle<String> t : tasks) {
                assertThat(t.join()).isEqualTo("from a plain thread");
            }
            setter.join();
        });
    }

    @WeftTest
    void aPlainThreadCancelsTheFutureForWaitingTasks() throws InterruptedException {
        Future<String> future = new Future<>();
        TaskGroup.run(tg -> {
            TaskHandle<Void> waiter =
                    tg.startSoon(() -> {
                        assertThatThrownBy(future::get).isInstanceOf(FutureCancelled.class);
                    });
            Weft.waitAllTasksBlocked();
            Thread t = Thread.ofPlatform().start(future::cancel);
            waiter.join();
            t.join();
        });
        assertThat(future.status()).isEqualTo(Future.Status.CANCELLED);
    }

    @WeftTest
    void ofRacingSettersExactlyOneWinsAndEveryoneSeesItsValue() throws InterruptedException {
        Future<Integer> future = new Future<>();
        int setters = 8;
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger winner = new AtomicInteger(-1);
        AtomicInteger alreadyFinished = new AtomicInteger();
        CyclicBarrier go = new CyclicBarrier(setters);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < setters; i++) {
            int me = i;
            threads.add(
                    Thread.ofPlatform()
                            .start(() -> {
                                await(go);
                                if (me % 2 == 0) {
                                    if (future.trySetResult(me)) {
                                        wins.incrementAndGet();
                                        winner.set(me);
                                    }
                                } else {
                                    try {
                                        future.setResult(me);
                                        wins.incrementAndGet();
                                        winner.set(me);
                                    } catch (FutureAlreadyFinished e) {
                                        alreadyFinished.incrementAndGet();
                                    }
                                }
                            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(wins).hasValue(1);
        assertThat(future.get()).isEqualTo(winner.get());
        int oddLosers = winner.get() % 2 == 1 ? setters / 2 - 1 : setters / 2;
        assertThat(alreadyFinished).hasValue(oddLosers);
    }

    @WeftTest
    void getFromAPlainThreadIsANoRuntimeError() throws InterruptedException {
        Future<String> future = new Future<>();
        future.setResult("x");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> thrown.set(catchThrowable(future::get)));
        t.join();
        assertThat(thrown.get()).isInstanceOf(io.weft.NoRuntimeError.class);
    }

    // A future needs no runtime until a task waits for it, and then works in any runtime.
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFutureCreatedAndSetOutsideARuntimeWorksInOne(Backend backend) {
        Future<String> future = new Future<>();
        future.setResult("outside");
        assertThat(future.result()).isEqualTo("outside");
        assertThat(Weft.run(RunOptions.defaults().backend(backend), future::get))
                .isEqualTo("outside");
    }

    // ---------------------------------------------------------------- the rest of the API

    @WeftTest
    void nullIsAValueButNotAnException() {
        Future<String> future = new Future<>();
        assertThatThrownBy(() -> future.setException(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("call setResult(null)");
        assertThatThrownBy(() -> future.trySetException(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("call setResult(null)");
        assertThat(future.done()).isFalse();
        future.setResult(null);
        assertThat(future.get()).isNull();
        assertThat(future.exception()).isNull();
        assertThat(future.status()).isEqualTo(Future.Status.FINISHED);
    }

    @WeftTest
    void statisticsCountWaitingTasksExactly() {
        Future<String> future = new Future<>();
        TaskGroup.run(tg -> {
            assertThat(future.statistics().tasksWaiting()).isZero();
            for (int i = 1; i <= 3; i++) {
                tg.startSoon(future::await);
                Weft.waitAllTasksBlocked();
                assertThat(future.statistics()).isEqualTo(new FutureStatistics(i));
            }
            future.setResult("done");
        });
        assertThat(future.statistics().tasksWaiting()).isZero();
    }

    @WeftTest
    void statusesAreFinalAfterPending() {
        assertThat(Future.Status.PENDING.isDone()).isFalse();
        assertThat(Future.Status.FINISHED.isDone()).isTrue();
        assertThat(Future.Status.FAILED.isDone()).isTrue();
        assertThat(Future.Status.CANCELLED.isDone()).isTrue();
    }

    @WeftTest
    void theExceptionHierarchyFollowsTaskHandles() {
        Future<String> cancelled = new Future<>();
        cancelled.cancel();
        Future<String> pending = new Future<>();
        Future<String> finished = new Future<>();
        finished.setResult("x");
        Throwable c = catchThrowable(cancelled::result);
        Throwable p = catchThrowable(pending::result);
        Throwable a = catchThrowable(() -> finished.setResult("y"));
        assertThat(c).isInstanceOf(FutureFailed.class).isNotInstanceOf(Cancelled.class);
        assertThat(p).isInstanceOf(FutureFailed.class);
        assertThat(a).isInstanceOf(IllegalStateException.class).isNotInstanceOf(FutureFailed.class);
        assertThat(List.of(c, p, a)).allMatch(t -> t instanceof RuntimeException);
    }
}
