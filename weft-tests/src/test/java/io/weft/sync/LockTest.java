package io.weft.sync;

import static io.weft.testing.Checkpoints.assertCheckpoints;
import static io.weft.testing.Checkpoints.assertNoCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.ExceptionGroup;
import io.weft.RunOptions;
import io.weft.TaskCancelled;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.TaskInfo;
import io.weft.Weft;
import io.weft.WouldBlock;
import io.weft.junit.WeftTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lock: ownership, FIFO handoff, no barging, checkpoints, cancellation races and statistics. */
class LockTest {

    // AnyIO: test_synchronization.py::TestLock::test_contextmanager
    @WeftTest
    void aTaskWaitsForTheLockTheHostHolds() {
        List<String> results = new CopyOnWriteArrayList<>();
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            try (var _ = lock.acquire()) {
                tg.startSoon(() -> {
                    assertThat(lock.locked()).isTrue();
                    try (var _ = lock.acquire()) {
                        results.add("2");
                    }
                });
                Weft.waitAllTasksBlocked(); // the task is parked in acquire()
                results.add("1");
            }
        });
        assertThat(lock.locked()).isFalse();
        assertThat(results).containsExactly("1", "2");
    }

    // AnyIO: test_synchronization.py::TestLock::test_manual_acquire
    @WeftTest
    void manualAcquireAndReleaseOrderTheTasks() {
        List<String> results = new CopyOnWriteArrayList<>();
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            lock.acquire();
            try {
                tg.startSoon(() -> {
                    assertThat(lock.locked()).isTrue();
                    lock.acquire();
                    try {
                        results.add("2");
                    } finally {
                        lock.release();
                    }
                });
                Weft.waitAllTasksBlocked();
                results.add("1");
            } finally {
                lock.release();
            }
        });
        assertThat(lock.locked()).isFalse();
        assertThat(results).containsExactly("1", "2");
    }

    // AnyIO: test_synchronization.py::TestLock::test_fast_acquire (AnyIO's single-loop order:
    // only SERIAL guarantees that the spawned task has not run before the host's acquire).
    @WeftTest(backends = Backend.SERIAL)
    void fastAcquireDoesNotLetOtherTasksRunWhenUncontended() {
        AtomicBoolean otherTaskCalled = new AtomicBoolean();
        Lock lock = new Lock(true);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> otherTaskCalled.set(true));
            try (var _ = lock.acquire()) {
                assertThat(otherTaskCalled).isFalse();
            }
        });
        assertThat(otherTaskCalled).isTrue();
    }

    // The other half of test_fast_acquire: without fastAcquire the uncontended acquire yields.
    @WeftTest(backends = Backend.SERIAL)
    void anUncontendedAcquireLetsOtherTasksRun() {
        AtomicBoolean otherTaskCalled = new AtomicBoolean();
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> otherTaskCalled.set(true));
            try (var _ = lock.acquire()) {
                assertThat(otherTaskCalled).isTrue();
            }
        });
    }

    // AnyIO: test_synchronization.py::TestLock::test_acquire_nowait
    @WeftTest
    void acquireNowaitTakesAFreeLock() {
        Lock lock = new Lock();
        lock.acquireNowait();
        assertThat(lock.locked()).isTrue();
        assertThat(lock.statistics().owner()).isEqualTo(Weft.currentTask());
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    // AnyIO: test_synchronization.py::TestLock::test_acquire_nowait_wouldblock
    @WeftTest
    void acquireNowaitOfAHeldLockThrowsWouldBlock() {
        Lock lock = new Lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (var _ = lock.acquire()) {
            TaskGroup.run(tg -> {
                assertThat(lock.locked()).isTrue();
                tg.startSoon(
                        "try-lock",
                        () -> {
                            try {
                                lock.acquireNowait();
                            } catch (WouldBlock e) {
                                thrown.set(e);
                            }
                        });
            });
        }
        assertThat(thrown.get())
                .isInstanceOf(WouldBlock.class)
                .hasMessageContaining("held by task '" + Weft.currentTask().name() + "'");
        assertThat(lock.locked()).isFalse();
    }

    // AnyIO: test_synchronization.py::TestLock::test_acquire_twice_async[True|False]
    @WeftTest
    void acquiringAHeldLockAgainIsAnErrorNotADeadlock() {
        for (boolean fast : new boolean[] {false, true}) {
            Lock lock = new Lock(fast);
            lock.acquire();
            assertThatThrownBy(lock::acquire)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Attempted to acquire an already held Lock")
                    .hasMessageContaining("not reentrant");
            assertThat(lock.statistics().owner()).isEqualTo(Weft.currentTask());
            lock.release();
            assertThat(lock.locked()).isFalse();
        }
    }

    // AnyIO: test_synchronization.py::TestLock::test_acquire_twice_sync
    @WeftTest
    void acquireNowaitOfALockTheTaskHoldsIsAnError() {
        Lock lock = new Lock();
        lock.acquireNowait();
        assertThatThrownBy(lock::acquireNowait)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Attempted to acquire an already held Lock");
        lock.release();
    }

    @WeftTest
    void reacquiringWhileOthersWaitIsStillAnError() {
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            lock.acquire();
            tg.startSoon(() -> lock.withLock(() -> {}));
            Weft.waitAllTasksBlocked(); // the state is contended now
            assertThatThrownBy(lock::acquire)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Attempted to acquire an already held Lock");
            assertThatThrownBy(lock::acquireNowait)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Attempted to acquire an already held Lock");
            lock.release();
        });
        assertThat(lock.locked()).isFalse();
    }

    // AnyIO: test_synchronization.py::TestLock::test_cancel_during_acquire[releasefirst]
    // (reference item 23)
    @WeftTest
    void aWaiterCancelledWhileQueuedNeverGetsTheLockReleaseFirst() {
        cancelDuringAcquire(true);
    }

    // AnyIO: test_synchronization.py::TestLock::test_cancel_during_acquire[releaselast]
    // (reference item 23)
    @WeftTest
    void aWaiterCancelledWhileQueuedNeverGetsTheLockReleaseLast() {
        cancelDuringAcquire(false);
    }

    private static void cancelDuringAcquire(boolean releaseFirst) {
        AtomicBoolean acquired = new AtomicBoolean();
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            lock.acquire();
            tg.start(status -> {
                status.started();
                try (var _ = lock.acquire()) {
                    acquired.set(true);
                }
            });
            // SERIAL: the task is already parked in acquire() when start() returns (it runs on
            // until it blocks); in parallel it may still be on its way, so wait for it.
            Weft.waitAllTasksBlocked();
            assertThat(lock.statistics().tasksWaiting()).isEqualTo(1);
            tg.cancel();
            CancelScope.shielded()
                    .run(s -> {
                        if (releaseFirst) {
                            lock.release();
                            Weft.waitAllTasksBlocked();
                        } else {
                            Weft.waitAllTasksBlocked();
                            lock.release();
                        }
                    });
        });
        assertThat(acquired).isFalse();
        assertThat(lock.locked()).isFalse();
        assertThat(lock.statistics()).isEqualTo(new LockStatistics(false, null, 0));
    }

    // AnyIO: test_synchronization.py::TestLock::test_statistics
    @WeftTest
    void statisticsCountTheWaitersExactly() {
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            assertThat(lock.statistics().locked()).isFalse();
            assertThat(lock.statistics().tasksWaiting()).isZero();
            try (var _ = lock.acquire()) {
                assertThat(lock.statistics().locked()).isTrue();
                assertThat(lock.statistics().tasksWaiting()).isZero();
                for (int i = 1; i < 3; i++) {
                    tg.startSoon(() -> lock.withLock(() -> {}));
                    Weft.waitAllTasksBlocked();
                    assertThat(lock.statistics().tasksWaiting()).isEqualTo(i);
                }
            }
        });
        assertThat(lock.statistics().locked()).isFalse();
        assertThat(lock.statistics().tasksWaiting()).isZero();
    }

    // AnyIO: test_synchronization.py::TestLock::test_asyncio_deadlock (#398), with a task handle's
    // cancel() in place of asyncio's native Task.cancel().
    @WeftTest
    void cancellingTheHolderPassesTheLockToTheWaiter() throws Exception {
        Lock lock = new Lock();
        Event task1Holds = new Event();
        AtomicBoolean task2Got = new AtomicBoolean();
        TaskGroup.run(tg -> {
            TaskHandle<Void> task1 =
                    tg.startSoon(() -> {
                        try (var _ = lock.acquire()) {
                            task1Holds.set();
                            Weft.sleepForever();
                        }
                    });
            task1Holds.await();
            TaskHandle<Void> task2 =
                    tg.startSoon(() -> {
                        try (var _ = lock.acquire()) {
                            task2Got.set(true);
                        }
                    });
            Weft.waitAllTasksBlocked();
            task1.cancel();
            Weft.failAfter(Duration.ofSeconds(10), s -> task2.join());
        });
        assertThat(task2Got).isTrue();
        assertThat(lock.locked()).isFalse();
    }

    // AnyIO: test_synchronization.py::TestLock::test_cancel_after_release. A waiter that was
    // handed the lock and is cancelled right after holds it (Weft keeps a grant that won the
    // race); the cancellation hits at its next checkpoint, and closing releases it.
    @WeftTest
    void aWaiterCancelledJustAfterTheHandoffHoldsTheLockThenReleasesIt() {
        Lock lock = new Lock();
        lock.acquireNowait();
        Event checked = new Event();
        AtomicBoolean reachedCheckpoint = new AtomicBoolean();
        TaskGroup.run(tg -> {
            TaskHandle<Void> task1 =
                    tg.startSoon(
                            "task1",
                            () -> {
                                try (var _ = lock.acquire()) {
                                    // In parallel task1 may run at once; hold the lock (shielded
                                    // from the cancellation) until the host has looked.
                                    CancelScope.shielded().run(s -> checked.await());
                                    reachedCheckpoint.set(true);
                                    Weft.checkpoint(); // the cancellation hits here
                                }
                            });
            Weft.waitAllTasksBlocked();
            lock.release(); // hands the lock to task1 ...
            task1.cancel(); // ... which is cancelled at once
            LockStatistics statistics = lock.statistics();
            assertThat(statistics.owner()).isNotNull();
            assertThat(statistics.owner().name()).isEqualTo("task1");
            assertThat(statistics.tasksWaiting()).isZero();
            checked.set();
            assertThatThrownBy(task1::join).isInstanceOf(TaskCancelled.class);
        });
        assertThat(reachedCheckpoint).isTrue();
        assertThat(lock.statistics()).isEqualTo(new LockStatistics(false, null, 0));
        lock.acquireNowait();
        lock.release();
    }

    // AnyIO: test_synchronization.py::TestLock::test_cancelled_after_acquire
    @WeftTest
    void aWaiterCancelledBeforeTheReleaseIsSkipped() throws Exception {
        Lock lock = new Lock();
        lock.acquireNowait();
        TaskGroup.run(tg -> {
            TaskHandle<Void> task1 = tg.startSoon(() -> lock.withLock(() -> {}));
            Weft.waitAllTasksBlocked();
            task1.cancel();
            lock.release();
            assertThat(lock.statistics().tasksWaiting()).isZero();
            Weft.failAfter(Duration.ofSeconds(10), s -> lock.acquire());
            lock.release();
            assertThatThrownBy(task1::join).isInstanceOf(TaskCancelled.class);
        });
        assertThat(lock.locked()).isFalse();
    }

    // AnyIO: test_synchronization.py::TestLock::test_instantiate_outside_event_loop
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aLockCreatedOutsideARuntimeWorksInOne(Backend backend) {
        Lock lock = new Lock();
        LockStatistics statistics = lock.statistics();
        assertThat(statistics.locked()).isFalse();
        assertThat(statistics.owner()).isNull();
        assertThat(statistics.tasksWaiting()).isZero();
        Weft.run(RunOptions.defaults().backend(backend), () -> lock.withLock(() -> {}));
        assertThat(lock.locked()).isFalse();
    }

    // AnyIO: test_synchronization.py::TestLock::test_owner_after_release
    @WeftTest
    void theOwnerChangesAtTheReleaseToTheFirstWaiter() {
        Event event = new Event();
        Lock lock = new Lock();
        List<String> owners = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(
                    "task1",
                    () -> {
                        lock.acquire();
                        owners.add(lock.statistics().owner().name());
                        event.await();
                        lock.release();
                        // Handed over: task2 owns it before it even runs again.
                        owners.add(lock.statistics().owner().name());
                    });
            Weft.waitAllTasksBlocked();
            tg.startSoon(
                    "task2",
                    () -> {
                        lock.acquire(); // ends holding the lock; nobody releases it
                    });
            Weft.waitAllTasksBlocked();
            event.set();
        });
        assertThat(owners).containsExactly("task1", "task2");
        assertThat(lock.statistics().owner().name()).isEqualTo("task2");
    }

    // ---------------------------------------------------------------- ownership and misuse

    @WeftTest
    void releaseByAnotherTaskNamesTheOwnerAndTheCaller() {
        Lock lock = new Lock();
        TaskInfo me = Weft.currentTask();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (var _ = lock.acquire()) {
            TaskGroup.run(
                    tg -> tg.startSoon("intruder", () -> thrown.set(catching(lock::release))));
            assertThat(lock.statistics().owner()).isEqualTo(me); // still ours
        }
        assertThat(thrown.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The current task is not holding this lock")
                .hasMessageContaining("called by task 'intruder'")
                .hasMessageContaining("held by task '" + me.name() + "' (id " + me.id() + ")");
    }

    @WeftTest
    void releaseByAnotherTaskWhileOthersWaitChangesNothing() {
        Lock lock = new Lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        TaskGroup.run(tg -> {
            lock.acquire();
            tg.startSoon(() -> lock.withLock(() -> {}));
            Weft.waitAllTasksBlocked();
            tg.startSoon("intruder", () -> thrown.set(catching(lock::release)));
            Weft.waitAllTasksBlocked(); // the intruder has ended; the waiter still waits
            assertThat(lock.statistics().tasksWaiting()).isEqualTo(1);
            assertThat(lock.statistics().owner()).isEqualTo(Weft.currentTask());
            lock.release();
        });
        assertThat(thrown.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("called by task 'intruder'");
        assertThat(lock.locked()).isFalse();
    }

    @WeftTest
    void releaseFromAPlainThreadIsAnError() throws Exception {
        Lock lock = new Lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (var _ = lock.acquire()) {
            Thread t =
                    Thread.ofPlatform()
                            .name("plain-thread")
                            .start(() -> thrown.set(catching(lock::release)));
            t.join();
            assertThat(lock.locked()).isTrue();
        }
        assertThat(thrown.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("thread 'plain-thread', which is not a Weft task");
    }

    @WeftTest
    void releasingAFreeLockIsAnError() {
        Lock lock = new Lock();
        assertThatThrownBy(lock::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The current task is not holding this lock")
                .hasMessageContaining("but the lock is not held");
    }

    @WeftTest
    void closingTheHeldTwiceIsAnError() {
        Lock lock = new Lock();
        Held held = lock.acquire();
        held.close();
        assertThatThrownBy(held::close).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- FIFO and no barging

    @WeftTest
    void waitersGetTheLockInTheOrderTheyQueued() {
        Lock lock = new Lock();
        List<Integer> order = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            lock.acquire();
            for (int i = 0; i < 5; i++) {
                int n = i;
                tg.startSoon(() -> {
                    try (var _ = lock.acquire()) {
                        order.add(n);
                    }
                });
                Weft.waitAllTasksBlocked(); // task n is queued before task n + 1 starts
            }
            assertThat(lock.statistics().tasksWaiting()).isEqualTo(5);
            lock.release();
        });
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    // SERIAL: AnyIO's order without any waiting: tasks queue in the order they were spawned.
    @WeftTest(backends = Backend.SERIAL)
    void onSerialWaitersQueueInSpawnOrder() {
        Lock lock = new Lock();
        List<Integer> order = new ArrayList<>();
        TaskGroup.run(tg -> {
            lock.acquire();
            for (int i = 0; i < 5; i++) {
                int n = i;
                tg.startSoon(() -> lock.withLock(() -> order.add(n)));
            }
            Weft.checkpoint(); // every task runs up to its acquire() and queues
            assertThat(lock.statistics().tasksWaiting()).isEqualTo(5);
            lock.release();
        });
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @WeftTest
    void aReleaseHandsTheLockToTheWaiterSoALateAcquireNowaitCannotBarge() {
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            lock.acquire();
            Event go = new Event();
            tg.startSoon("waiter", () -> lock.withLock(go::await));
            Weft.waitAllTasksBlocked();
            lock.release();
            // The waiter owns the lock from the release on, whether it has run yet or not.
            assertThat(lock.locked()).isTrue();
            assertThat(lock.statistics().owner().name()).isEqualTo("waiter");
            assertThatThrownBy(lock::acquireNowait)
                    .isInstanceOf(WouldBlock.class)
                    .hasMessageContaining("task 'waiter'");
            go.set();
        });
        assertThat(lock.locked()).isFalse();
    }

    // ---------------------------------------------------------------- checkpoints

    @WeftTest
    void acquireIsACheckpointAndReleaseIsNot() {
        Lock lock = new Lock();
        assertCheckpoints(lock::acquire);
        assertNoCheckpoints(lock::release);
        assertNoCheckpoints(lock::acquireNowait);
        assertNoCheckpoints(lock::locked);
        assertNoCheckpoints(lock::statistics);
        assertNoCheckpoints(lock::release);
    }

    @WeftTest
    void aFastAcquireIsOnlyACancelPoint() {
        Lock lock = new Lock(true);
        assertThatThrownBy(() -> assertNoCheckpoints(lock::acquire))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 cancel point")
                .hasMessageNotContaining("schedule point");
        lock.release();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            lock.acquire();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(lock.locked()).isFalse();
    }

    @WeftTest
    void aContendedAcquireIsACheckpointForAFastLockToo() {
        Lock lock = new Lock(true);
        Event held = new Event();
        Event go = new Event();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (var _ = lock.acquire()) {
                    held.set();
                    go.await();
                }
            });
            held.await();
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked(); // the host is parked in acquire()
                go.set();
            });
            assertCheckpoints(lock::acquire);
            lock.release();
        });
    }

    @WeftTest
    void acquireInACancelledScopeDoesNotTakeAFreeLock() {
        Lock lock = new Lock();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            lock.acquire();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(lock.locked()).isFalse();
    }

    @WeftTest
    void acquireInACancelledScopeDoesNotQueue() {
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            lock.acquire();
            tg.startSoon(() -> {
                CancelScope scope = new CancelScope();
                scope.run(s -> {
                    s.cancel();
                    lock.acquire();
                });
                assertThat(scope.cancelledCaught()).isTrue();
            });
            Weft.waitAllTasksBlocked(); // the task has ended, or never queued
            assertThat(lock.statistics().tasksWaiting()).isZero();
            lock.release();
        });
        assertThat(lock.locked()).isFalse();
    }

    @WeftTest
    void aTimeoutEndsAWaitForTheLock() {
        Lock lock = new Lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (var _ = lock.acquire()) {
            TaskGroup.run(tg ->
                    tg.startSoon(() ->
                            thrown.set(
                                    catching(() -> {
                                        try {
                                            Weft.failAfter(
                                                    Duration.ofMillis(20), s -> lock.acquire());
                                        } catch (TimeoutException e) {
                                            throw new IllegalStateException(e);
                                        }
                                    }))));
            assertThat(lock.statistics().tasksWaiting()).isZero();
        }
        assertThat(thrown.get()).hasCauseInstanceOf(TimeoutException.class);
        assertThat(lock.statistics()).isEqualTo(new LockStatistics(false, null, 0));
    }

    @WeftTest
    void statisticsAreExactOnceCancelledWaitersHaveLeft() {
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            lock.acquire();
            List<TaskHandle<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                waiters.add(tg.startSoon(() -> lock.withLock(() -> {})));
                Weft.waitAllTasksBlocked();
            }
            assertThat(lock.statistics().tasksWaiting()).isEqualTo(4);
            waiters.get(1).cancel();
            waiters.get(2).cancel();
            assertThatThrownBy(waiters.get(1)::join).isInstanceOf(TaskCancelled.class);
            assertThatThrownBy(waiters.get(2)::join).isInstanceOf(TaskCancelled.class);
            assertThat(lock.statistics().tasksWaiting()).isEqualTo(2);
            assertThat(lock.statistics().owner()).isEqualTo(Weft.currentTask());
            lock.release();
        });
        assertThat(lock.statistics()).isEqualTo(new LockStatistics(false, null, 0));
    }

    // ---------------------------------------------------------------- withLock

    @WeftTest
    void withLockReturnsTheBodysValueAndReleasesOnEveryPath() {
        Lock lock = new Lock();
        assertThat(lock.withLock(() -> lock.locked() ? "held" : "free")).isEqualTo("held");
        assertThat(lock.locked()).isFalse();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertThatThrownBy(() ->
                        lock.withLock(() -> {
                            throw boom;
                        }))
                .isSameAs(boom);
        assertThat(lock.locked()).isFalse();
    }

    // ---------------------------------------------------------------- races

    // A waiter cancelled at the moment it is granted either takes the lock or passes it on; the
    // lock is never lost and never held by two tasks (reference items 23-25, under load).
    @WeftTest
    void grantsRacingCancellationsNeverLoseOrDoubleGrantTheLock() {
        Lock lock = new Lock();
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        int tasks = 6;
        int rounds = 200;
        TaskGroup.run(tg -> {
            for (int i = 0; i < tasks; i++) {
                tg.startSoon(() -> {
                    for (int r = 0; r < rounds; r++) {
                        long micros = ThreadLocalRandom.current().nextLong(0, 200);
                        Weft.moveOnAfter(
                                Duration.ofNanos(micros * 1000),
                                s -> {
                                    try (var _ = lock.acquire()) {
                                        int now = holders.incrementAndGet();
                                        maxHolders.accumulateAndGet(now, Math::max);
                                        entries.incrementAndGet();
                                        Weft.cancelShieldedCheckpoint();
                                        holders.decrementAndGet();
                                    }
                                });
                    }
                });
            }
        });
        assertThat(maxHolders).hasValue(1);
        assertThat(entries.get()).isPositive();
        assertThat(lock.statistics()).isEqualTo(new LockStatistics(false, null, 0));
    }

    // The same on SERIAL with seeded schedules: every seed is another interleaving of releases,
    // handoffs and cancellations of waiting or freshly granted tasks, reproducible by its seed.
    @WeftTest(seeds = 40)
    void seededInterleavingsNeverLoseOrDoubleGrantTheLock() {
        Lock lock = new Lock();
        int[] holders = {0}; // one task at a time on SERIAL
        int[] maxHolders = {0};
        List<TaskHandle<Void>> workers = new ArrayList<>();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 4; i++) {
                workers.add(
                        tg.startSoon(() -> {
                            for (int r = 0; r < 5; r++) {
                                try (var _ = lock.acquire()) {
                                    maxHolders[0] = Math.max(maxHolders[0], ++holders[0]);
                                    Weft.cancelShieldedCheckpoint();
                                    holders[0]--;
                                }
                            }
                        }));
            }
            tg.startSoon(() -> {
                for (int victim : new int[] {1, 3}) {
                    Weft.checkpoint();
                    workers.get(victim).cancel();
                }
            });
        });
        assertThat(maxHolders[0]).isEqualTo(1);
        assertThat(lock.statistics()).isEqualTo(new LockStatistics(false, null, 0));
    }

    // Tasks of two runtimes, on two threads, share one lock.
    @ParameterizedTest
    @EnumSource(Backend.class)
    void tasksOfSeveralRuntimesShareALock(Backend backend) throws Exception {
        Lock lock = new Lock();
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        int[] counter = {0}; // guarded by the lock
        Runnable program =
                () ->
                        Weft.run(
                                RunOptions.defaults().backend(backend),
                                () ->
                                        TaskGroup.run(tg -> {
                                            for (int i = 0; i < 2; i++) {
                                                tg.startSoon(() -> {
                                                    for (int r = 0; r < 300; r++) {
                                                        try (var _ = lock.acquire()) {
                                                            maxHolders.accumulateAndGet(
                                                                    holders.incrementAndGet(),
                                                                    Math::max);
                                                            int read = counter[0];
                                                            Weft.checkpoint();
                                                            counter[0] = read + 1;
                                                            holders.decrementAndGet();
                                                        }
                                                    }
                                                });
                                            }
                                        }));
        Thread a = Thread.ofPlatform().start(program);
        Thread b = Thread.ofPlatform().start(program);
        a.join();
        b.join();
        assertThat(maxHolders).hasValue(1);
        assertThat(counter[0]).isEqualTo(4 * 300); // the joins order the threads' writes
        assertThat(lock.locked()).isFalse();
    }

    @WeftTest
    void aCancelledWaiterIsReportedAsCancelledNotAsAnotherError() {
        Lock lock = new Lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        TaskGroup.run(tg -> {
            lock.acquire();
            CancelScope scope = new CancelScope();
            tg.startSoon(() ->
                    scope.run(s -> {
                        try {
                            lock.acquire();
                        } catch (Cancelled c) {
                            thrown.set(c);
                            throw c;
                        }
                    }));
            Weft.waitAllTasksBlocked();
            scope.cancel("give up");
            Weft.waitAllTasksBlocked();
            lock.release();
        });
        assertThat(thrown.get()).isInstanceOf(Cancelled.class).hasMessageContaining("give up");
        assertThat(lock.locked()).isFalse();
    }

    @WeftTest
    void aFailingBodyInWithLockStillFailsTheGroupAndFreesTheLock() {
        Lock lock = new Lock();
        assertThatThrownBy(() ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() ->
                                    lock.withLock(() -> {
                                        throw new IllegalStateException("inside");
                                    }));
                        }))
                .isInstanceOf(ExceptionGroup.class);
        assertThat(lock.locked()).isFalse();
    }

    private static Throwable catching(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
