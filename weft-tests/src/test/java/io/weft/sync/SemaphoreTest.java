package io.weft.sync;

import static io.weft.testing.Checkpoints.assertCheckpoints;
import static io.weft.testing.Checkpoints.assertNoCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.RunOptions;
import io.weft.TaskCancelled;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.WouldBlock;
import io.weft.junit.WeftTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Semaphore: counting, maximum, FIFO handoff, no barging, checkpoints, cancellation races. */
class SemaphoreTest {

    // AnyIO: test_synchronization.py::TestSemaphore::test_contextmanager
    @WeftTest
    void twoTasksAcquireTogether() {
        Semaphore semaphore = new Semaphore(2);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            for (String name : List.of("task 1", "task 2")) {
                tg.startSoon(
                        name,
                        () -> {
                            try (var _ = semaphore.acquire()) {
                                seen.add(semaphore.value());
                            }
                        });
            }
        });
        assertThat(seen).hasSize(2).allMatch(v -> v == 0 || v == 1);
        assertThat(semaphore.value()).isEqualTo(2);
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_manual_acquire
    @WeftTest
    void manualAcquireAndRelease() {
        Semaphore semaphore = new Semaphore(2);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 2; i++) {
                tg.startSoon(() -> {
                    semaphore.acquire();
                    try {
                        seen.add(semaphore.value());
                    } finally {
                        semaphore.release();
                    }
                });
            }
        });
        assertThat(seen).hasSize(2).allMatch(v -> v == 0 || v == 1);
        assertThat(semaphore.value()).isEqualTo(2);
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_fast_acquire (single-loop order: SERIAL)
    @WeftTest(backends = Backend.SERIAL)
    void fastAcquireDoesNotLetOtherTasksRunWhenAUnitIsFree() {
        AtomicBoolean otherTaskCalled = new AtomicBoolean();
        Semaphore semaphore = new Semaphore(1, true);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> otherTaskCalled.set(true));
            try (var _ = semaphore.acquire()) {
                assertThat(otherTaskCalled).isFalse();
            }
        });
        assertThat(otherTaskCalled).isTrue();
    }

    // The other half of test_fast_acquire: without fastAcquire the acquire yields.
    @WeftTest(backends = Backend.SERIAL)
    void anAcquireThatNeedNotWaitStillLetsOtherTasksRun() {
        AtomicBoolean otherTaskCalled = new AtomicBoolean();
        Semaphore semaphore = new Semaphore(1);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> otherTaskCalled.set(true));
            try (var _ = semaphore.acquire()) {
                assertThat(otherTaskCalled).isTrue();
            }
        });
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_acquire_nowait
    @WeftTest
    void acquireNowaitTakesAUnitOrThrowsWouldBlock() {
        Semaphore semaphore = new Semaphore(1);
        semaphore.acquireNowait();
        assertThat(semaphore.value()).isZero();
        assertThatThrownBy(semaphore::acquireNowait)
                .isInstanceOf(WouldBlock.class)
                .hasMessageContaining("value is 0");
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_cancel_during_acquire[releasefirst]
    @WeftTest
    void aWaiterCancelledWhileQueuedNeverGetsAUnitReleaseFirst() {
        cancelDuringAcquire(true);
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_cancel_during_acquire[releaselast]
    @WeftTest
    void aWaiterCancelledWhileQueuedNeverGetsAUnitReleaseLast() {
        cancelDuringAcquire(false);
    }

    private static void cancelDuringAcquire(boolean releaseFirst) {
        AtomicBoolean acquired = new AtomicBoolean();
        Semaphore semaphore = new Semaphore(1);
        TaskGroup.run(tg -> {
            semaphore.acquire();
            tg.start(status -> {
                status.started();
                try (var _ = semaphore.acquire()) {
                    acquired.set(true);
                }
            });
            // SERIAL: the task is parked in acquire() when start() returns; in parallel, wait.
            Weft.waitAllTasksBlocked();
            assertThat(semaphore.statistics().tasksWaiting()).isEqualTo(1);
            tg.cancel();
            CancelScope.shielded()
                    .run(s -> {
                        if (releaseFirst) {
                            semaphore.release();
                            Weft.waitAllTasksBlocked();
                        } else {
                            Weft.waitAllTasksBlocked();
                            semaphore.release();
                        }
                    });
        });
        assertThat(acquired).isFalse();
        assertThat(semaphore.value()).isEqualTo(1);
        assertThat(semaphore.statistics().tasksWaiting()).isZero();
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_max_value[2|None]
    @WeftTest
    void theMaximumIsReported() {
        assertThat(new Semaphore(0, 2).maxValue()).isEqualTo(OptionalInt.of(2));
        assertThat(new Semaphore(0).maxValue()).isEmpty();
        assertThat(new Semaphore(0, 2, true).maxValue()).isEqualTo(OptionalInt.of(2));
        assertThat(new Semaphore(0, true).maxValue()).isEmpty();
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_max_value_exceeded
    @WeftTest
    void releasingPastTheMaximumIsAnError() {
        Semaphore semaphore = new Semaphore(1, 2);
        semaphore.release();
        assertThatThrownBy(semaphore::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("semaphore released too many times")
                .hasMessageContaining("2");
        assertThat(semaphore.value()).isEqualTo(2);
    }

    @WeftTest
    void aSemaphoreWithMaximumZeroCannotBeReleasedEvenWithWaiters() {
        Semaphore semaphore = new Semaphore(0, 0);
        TaskGroup.run(tg -> {
            TaskHandle<Held> waiter = tg.startSoon(semaphore::acquire);
            Weft.waitAllTasksBlocked();
            assertThatThrownBy(semaphore::release)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("released too many times");
            assertThat(semaphore.statistics().tasksWaiting()).isEqualTo(1);
            waiter.cancel();
        });
        assertThat(semaphore.value()).isZero();
    }

    @WeftTest
    void badInitialValuesAreRejected() {
        assertThatThrownBy(() -> new Semaphore(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialValue must be >= 0");
        assertThatThrownBy(() -> new Semaphore(3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxValue must be equal to or higher than initialValue");
        assertThatThrownBy(() -> new Semaphore(-1, 2, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialValue must be >= 0");
        assertThat(new Semaphore(2, 2).value()).isEqualTo(2);
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_statistics
    @WeftTest
    void statisticsCountTheWaitersExactly() {
        Semaphore semaphore = new Semaphore(1);
        TaskGroup.run(tg -> {
            assertThat(semaphore.statistics().tasksWaiting()).isZero();
            try (var _ = semaphore.acquire()) {
                assertThat(semaphore.statistics().tasksWaiting()).isZero();
                for (int i = 1; i < 3; i++) {
                    tg.startSoon(() -> {
                        try (var _ = semaphore.acquire()) {
                            // nothing
                        }
                    });
                    Weft.waitAllTasksBlocked();
                    assertThat(semaphore.statistics().tasksWaiting()).isEqualTo(i);
                }
            }
        });
        assertThat(semaphore.statistics().tasksWaiting()).isZero();
        assertThat(semaphore.value()).isEqualTo(1);
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_acquire_race
    @WeftTest
    void aReleasedUnitGoesToTheWaiterNotToALateAcquireNowait() {
        Semaphore semaphore = new Semaphore(1);
        TaskGroup.run(tg -> {
            semaphore.acquireNowait();
            tg.startSoon(semaphore::acquire);
            Weft.waitAllTasksBlocked();
            semaphore.release();
            assertThatThrownBy(semaphore::acquireNowait).isInstanceOf(WouldBlock.class);
            assertThat(semaphore.value()).isZero();
        });
        assertThat(semaphore.value()).isZero(); // the task took the unit and kept it
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_asyncio_deadlock (#398), with a task
    // handle's cancel() in place of asyncio's native Task.cancel().
    @WeftTest
    void cancellingAHolderPassesTheUnitToTheWaiter() throws Exception {
        Semaphore semaphore = new Semaphore(1);
        Event task1Holds = new Event();
        AtomicBoolean task2Got = new AtomicBoolean();
        TaskGroup.run(tg -> {
            TaskHandle<Void> task1 =
                    tg.startSoon(() -> {
                        try (var _ = semaphore.acquire()) {
                            task1Holds.set();
                            Weft.sleepForever();
                        }
                    });
            task1Holds.await();
            TaskHandle<Void> task2 =
                    tg.startSoon(() -> {
                        try (var _ = semaphore.acquire()) {
                            task2Got.set(true);
                        }
                    });
            Weft.waitAllTasksBlocked();
            task1.cancel();
            Weft.failAfter(Duration.ofSeconds(10), s -> task2.join());
        });
        assertThat(task2Got).isTrue();
        assertThat(semaphore.value()).isEqualTo(1);
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_cancel_after_release. A waiter handed a
    // unit and cancelled right after holds it (the grant won); it gives it back when the
    // cancellation hits at its next checkpoint.
    @WeftTest
    void aWaiterCancelledJustAfterTheHandoffHoldsTheUnitThenReleasesIt() {
        Semaphore semaphore = new Semaphore(0, 1);
        Event checked = new Event();
        TaskGroup.run(tg -> {
            TaskHandle<Void> task1 =
                    tg.startSoon(() -> {
                        try (var _ = semaphore.acquire()) {
                            CancelScope.shielded().run(s -> checked.await());
                            Weft.checkpoint(); // the cancellation hits here
                        }
                    });
            Weft.waitAllTasksBlocked();
            semaphore.release(); // hands the unit to task1 ...
            task1.cancel(); // ... which is cancelled at once
            assertThat(semaphore.value()).isZero();
            assertThat(semaphore.statistics().tasksWaiting()).isZero();
            checked.set();
            assertThatThrownBy(task1::join).isInstanceOf(TaskCancelled.class);
        });
        assertThat(semaphore.value()).isEqualTo(1);
        assertThat(semaphore.statistics().tasksWaiting()).isZero();
        semaphore.acquireNowait();
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_cancelled_after_acquire
    @WeftTest
    void aWaiterCancelledBeforeTheReleaseIsSkipped() throws Exception {
        Semaphore semaphore = new Semaphore(1, 1);
        semaphore.acquireNowait();
        TaskGroup.run(tg -> {
            TaskHandle<Held> task1 = tg.startSoon(semaphore::acquire);
            Weft.waitAllTasksBlocked();
            task1.cancel();
            semaphore.release();
            assertThat(semaphore.statistics().tasksWaiting()).isZero();
            assertThat(semaphore.value()).isEqualTo(1);
            Weft.failAfter(Duration.ofSeconds(10), s -> semaphore.acquire());
        });
        assertThat(semaphore.value()).isZero();
    }

    // AnyIO: test_synchronization.py::TestSemaphore::test_instantiate_outside_event_loop
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSemaphoreCreatedOutsideARuntimeWorksInOne(Backend backend) {
        Semaphore semaphore = new Semaphore(1, 3);
        assertThat(semaphore.value()).isEqualTo(1);
        assertThat(semaphore.maxValue()).isEqualTo(OptionalInt.of(3));
        assertThat(semaphore.statistics().tasksWaiting()).isZero();
        Weft.run(
                RunOptions.defaults().backend(backend),
                () -> {
                    try (var _ = semaphore.acquire()) {
                        assertThat(semaphore.value()).isZero();
                    }
                });
        assertThat(semaphore.value()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- Weft's own rules

    @WeftTest
    void waitersGetUnitsInTheOrderTheyQueued() {
        Semaphore semaphore = new Semaphore(0);
        List<Integer> order = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 5; i++) {
                int n = i;
                tg.startSoon(() -> {
                    semaphore.acquire();
                    order.add(n);
                });
                Weft.waitAllTasksBlocked();
            }
            for (int expected = 1; expected <= 5; expected++) {
                semaphore.release();
                Weft.waitAllTasksBlocked();
                assertThat(order).hasSize(expected);
            }
        });
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(semaphore.value()).isZero();
    }

    @WeftTest
    void aPlainThreadMayReleaseAndAcquireNowait() throws Exception {
        Semaphore semaphore = new Semaphore(0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(semaphore::acquire);
            Weft.waitAllTasksBlocked();
            Thread t =
                    Thread.ofPlatform()
                            .start(() -> {
                                try {
                                    semaphore.release(); // wakes the task
                                    semaphore.release();
                                    semaphore.acquireNowait();
                                } catch (Throwable e) {
                                    failure.set(e);
                                }
                            });
            t.join();
        });
        assertThat(failure.get()).isNull();
        assertThat(semaphore.value()).isZero();
    }

    @WeftTest
    void acquireIsACheckpointAndReleaseIsNot() {
        Semaphore semaphore = new Semaphore(2);
        assertCheckpoints(semaphore::acquire);
        assertNoCheckpoints(semaphore::acquireNowait);
        assertNoCheckpoints(semaphore::release);
        assertNoCheckpoints(semaphore::release);
        assertNoCheckpoints(semaphore::value);
        assertNoCheckpoints(semaphore::statistics);
        assertThat(semaphore.value()).isEqualTo(2);
    }

    @WeftTest
    void aFastAcquireIsOnlyACancelPoint() {
        Semaphore semaphore = new Semaphore(1, true);
        assertThatThrownBy(() -> assertNoCheckpoints(semaphore::acquire))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 cancel point")
                .hasMessageNotContaining("schedule point");
        semaphore.release();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            semaphore.acquire();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(semaphore.value()).isEqualTo(1);
    }

    @WeftTest
    void aWaitingAcquireIsACheckpoint() {
        Semaphore semaphore = new Semaphore(0, true);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked(); // the host is parked in acquire()
                semaphore.release();
            });
            assertCheckpoints(semaphore::acquire);
        });
    }

    @WeftTest
    void acquireInACancelledScopeTakesNothing() {
        Semaphore semaphore = new Semaphore(1);
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            semaphore.acquire();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(semaphore.value()).isEqualTo(1);
    }

    @WeftTest
    void statisticsAreExactOnceCancelledWaitersHaveLeft() {
        Semaphore semaphore = new Semaphore(0);
        TaskGroup.run(tg -> {
            List<TaskHandle<Held>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(tg.startSoon(semaphore::acquire));
                Weft.waitAllTasksBlocked();
            }
            waiters.get(0).cancel();
            waiters.get(2).cancel();
            assertThatThrownBy(waiters.get(0)::join).isInstanceOf(TaskCancelled.class);
            assertThatThrownBy(waiters.get(2)::join).isInstanceOf(TaskCancelled.class);
            assertThat(semaphore.statistics().tasksWaiting()).isEqualTo(1);
            semaphore.release(); // to waiter 1
            waiters.get(1).join();
            assertThat(semaphore.value()).isZero();
            semaphore.release();
        });
        assertThat(semaphore.value()).isEqualTo(1);
        assertThat(semaphore.statistics().tasksWaiting()).isZero();
    }

    @WeftTest(seeds = 40)
    void seededInterleavingsNeverLoseOrOverGrantUnits() {
        Semaphore semaphore = new Semaphore(2, 2);
        int[] holders = {0}; // one task at a time on SERIAL
        int[] maxHolders = {0};
        List<TaskHandle<Void>> workers = new ArrayList<>();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 5; i++) {
                workers.add(
                        tg.startSoon(() -> {
                            for (int r = 0; r < 5; r++) {
                                try (var _ = semaphore.acquire()) {
                                    maxHolders[0] = Math.max(maxHolders[0], ++holders[0]);
                                    Weft.cancelShieldedCheckpoint();
                                    holders[0]--;
                                }
                            }
                        }));
            }
            tg.startSoon(() -> {
                for (int victim : new int[] {0, 2, 4}) {
                    Weft.checkpoint();
                    workers.get(victim).cancel();
                }
            });
        });
        assertThat(maxHolders[0]).isBetween(1, 2);
        assertThat(semaphore.value()).isEqualTo(2);
        assertThat(semaphore.statistics().tasksWaiting()).isZero();
    }

    // Grants racing cancellations never lose a unit and never hand out more than there are.
    @WeftTest
    void grantsRacingCancellationsNeverLoseOrOverGrantUnits() {
        int permits = 2;
        Semaphore semaphore = new Semaphore(permits, permits);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 6; i++) {
                tg.startSoon(() -> {
                    for (int r = 0; r < 200; r++) {
                        long micros = ThreadLocalRandom.current().nextLong(0, 200);
                        Weft.moveOnAfter(
                                Duration.ofNanos(micros * 1000),
                                s -> {
                                    try (var _ = semaphore.acquire()) {
                                        maxHolders.accumulateAndGet(
                                                holders.incrementAndGet(), Math::max);
                                        Weft.cancelShieldedCheckpoint();
                                        holders.decrementAndGet();
                                    }
                                });
                    }
                });
            }
        });
        assertThat(maxHolders.get()).isBetween(1, permits);
        assertThat(semaphore.value()).isEqualTo(permits);
        assertThat(semaphore.statistics().tasksWaiting()).isZero();
    }
}
