package io.weft.sync;

import static io.weft.testing.Checkpoints.assertCheckpoints;
import static io.weft.testing.Checkpoints.assertNoCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.Cancelled;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Condition: await/signal with the lock, FIFO wakeups, handover on cancel, misuse, statistics. */
class ConditionTest {

    // AnyIO: test_synchronization.py::TestCondition::test_contextmanager
    @WeftTest
    void aNotifierWakesTheHostWaitingWithTheLock() {
        Condition condition = new Condition();
        TaskGroup.run(tg -> {
            try (var _ = condition.acquire()) {
                assertThat(condition.locked()).isTrue();
                tg.startSoon(() -> {
                    try (var _ = condition.acquire()) {
                        condition.signalAll();
                    }
                });
                condition.await();
                assertThat(condition.statistics().lockStatistics().owner())
                        .isEqualTo(Weft.currentTask());
            }
        });
        assertThat(condition.locked()).isFalse();
    }

    // AnyIO: test_synchronization.py::TestCondition::test_manual_acquire
    @WeftTest
    void manualAcquireAndRelease() {
        Condition condition = new Condition();
        TaskGroup.run(tg -> {
            condition.acquire();
            try {
                assertThat(condition.locked()).isTrue();
                tg.startSoon(() -> {
                    condition.acquire();
                    try {
                        condition.signalAll();
                    } finally {
                        condition.release();
                    }
                });
                condition.await();
            } finally {
                condition.release();
            }
        });
        assertThat(condition.locked()).isFalse();
    }

    // AnyIO: test_synchronization.py::TestCondition::test_acquire_nowait
    @WeftTest
    void acquireNowaitTakesTheFreeLock() {
        Condition condition = new Condition();
        condition.acquireNowait();
        assertThat(condition.locked()).isTrue();
        condition.release();
    }

    // AnyIO: test_synchronization.py::TestCondition::test_acquire_nowait_wouldblock
    @WeftTest
    void acquireNowaitOfAHeldConditionThrowsWouldBlock() {
        Condition condition = new Condition();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (var _ = condition.acquire()) {
            TaskGroup.run(tg -> {
                assertThat(condition.locked()).isTrue();
                tg.startSoon(() -> {
                    try {
                        condition.acquireNowait();
                    } catch (WouldBlock e) {
                        thrown.set(e);
                    }
                });
            });
        }
        assertThat(thrown.get()).isInstanceOf(WouldBlock.class);
    }

    // AnyIO: test_synchronization.py::TestCondition::test_wait_cancel
    @WeftTest
    void aCancelledAwaitIsNotNotifiedAndReleasesTheLockOnTheWayOut() {
        AtomicBoolean taskStarted = new AtomicBoolean();
        AtomicBoolean notified = new AtomicBoolean();
        Event event = new Event();
        Condition condition = new Condition();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                taskStarted.set(true);
                try (var _ = condition.acquire()) {
                    event.set();
                    condition.await();
                    notified.set(true);
                }
            });
            event.await();
            Weft.waitAllTasksBlocked();
            tg.cancel();
        });
        assertThat(taskStarted).isTrue();
        assertThat(notified).isFalse();
        assertThat(condition.locked()).isFalse();
        assertThat(condition.statistics().tasksWaiting()).isZero();
    }

    // AnyIO: test_synchronization.py::TestCondition::test_notification_handover_on_cancel
    // (reference item 24)
    @WeftTest
    void aSignalMeantForACancelledWaiterGoesToTheNext() throws Exception {
        Condition condition = new Condition();
        CancelScope scope1 = new CancelScope();
        AtomicBoolean secondWoke = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    scope1.run(s -> {
                        try (var _ = condition.acquire()) {
                            condition.await();
                        }
                    }));
            // SERIAL: the two acquirers queue in the order they were started, with no waiting.
            Weft.waitAllTasksBlocked(); // the first is queued before the second starts
            tg.startSoon(() ->
                    Weft.failAfter(
                            Duration.ofSeconds(10),
                            () -> {
                                try (var _ = condition.acquire()) {
                                    condition.await();
                                    secondWoke.set(true);
                                }
                            }));
            Weft.waitAllTasksBlocked();
            assertThat(condition.statistics().tasksWaiting()).isEqualTo(2);
            try (var _ = condition.acquire()) {
                scope1.cancel();
                condition.signal(1);
            }
        });
        assertThat(scope1.cancelledCaught()).isTrue();
        assertThat(secondWoke).isTrue();
        assertThat(condition.statistics().tasksWaiting()).isZero();
        assertThat(condition.locked()).isFalse();
    }

    // AnyIO: test_synchronization.py::TestCondition::test_wait_no_lock
    @WeftTest
    void awaitWithoutTheLockIsAnError() {
        Condition condition = new Condition();
        assertThatThrownBy(condition::await)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The current task is not holding the underlying lock")
                .hasMessageContaining("await() was called by task '" + Weft.currentTask().name())
                .hasMessageContaining("but the lock is not held");
        assertThat(condition.statistics().tasksWaiting()).isZero();
    }

    // AnyIO: test_synchronization.py::TestCondition::test_statistics
    @WeftTest
    void statisticsCountTheWaitersExactly() {
        Condition condition = new Condition();
        TaskGroup.run(tg -> {
            assertThat(condition.statistics().lockStatistics().locked()).isFalse();
            assertThat(condition.statistics().tasksWaiting()).isZero();
            try (var _ = condition.acquire()) {
                assertThat(condition.statistics().lockStatistics().locked()).isTrue();
                assertThat(condition.statistics().tasksWaiting()).isZero();
            }
            for (int i = 1; i < 3; i++) {
                tg.startSoon(() -> {
                    try (var _ = condition.acquire()) {
                        condition.await();
                    }
                });
                Weft.waitAllTasksBlocked();
                assertThat(condition.statistics().tasksWaiting()).isEqualTo(i);
            }
            for (int i = 1; i >= 0; i--) {
                try (var _ = condition.acquire()) {
                    condition.signal(1);
                }
                Weft.waitAllTasksBlocked();
                assertThat(condition.statistics().tasksWaiting()).isEqualTo(i);
            }
        });
        assertThat(condition.statistics().lockStatistics().locked()).isFalse();
        assertThat(condition.statistics().tasksWaiting()).isZero();
    }

    // AnyIO: test_synchronization.py::TestCondition::test_instantiate_outside_event_loop
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aConditionCreatedOutsideARuntimeWorksInOne(Backend backend) {
        Condition condition = new Condition();
        assertThat(condition.statistics().tasksWaiting()).isZero();
        Weft.run(
                RunOptions.defaults().backend(backend),
                () -> {
                    try (var _ = condition.acquire()) {
                        assertThat(condition.locked()).isTrue();
                    }
                });
        assertThat(condition.locked()).isFalse();
    }

    // AnyIO: test_synchronization.py::TestCondition::test_wait_for
    @WeftTest
    void awaitForWaitsUntilThePredicateHolds() {
        AtomicReference<String> value = new AtomicReference<>();
        AtomicReference<String> result = new AtomicReference<>();
        Condition condition = new Condition();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (var _ = condition.acquire()) {
                    condition.awaitFor(() -> value.get() != null);
                    result.set(value.get());
                }
            });
            Weft.waitAllTasksBlocked();
            try (var _ = condition.acquire()) {
                condition.signalAll();
            }
            Weft.waitAllTasksBlocked(); // woke, saw the predicate false, waits again
            assertThat(result.get()).isNull();
            assertThat(condition.statistics().tasksWaiting()).isEqualTo(1);
            value.set("foo");
            try (var _ = condition.acquire()) {
                condition.signalAll();
            }
        });
        assertThat(result.get()).isEqualTo("foo");
    }

    // ---------------------------------------------------------------- Weft's own rules

    @WeftTest
    void waitersWakeInTheOrderTheyStartedWaiting() {
        Condition condition = new Condition();
        List<Integer> woke = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 5; i++) {
                int n = i;
                tg.startSoon(() -> {
                    try (var _ = condition.acquire()) {
                        condition.await();
                        woke.add(n);
                    }
                });
                Weft.waitAllTasksBlocked(); // task n waits before task n + 1 starts
            }
            for (int expected = 1; expected <= 5; expected++) {
                try (var _ = condition.acquire()) {
                    condition.signal();
                }
                Weft.waitAllTasksBlocked();
                assertThat(woke).hasSize(expected);
            }
        });
        assertThat(woke).containsExactly(0, 1, 2, 3, 4);
    }

    @WeftTest
    void signalWakesAtMostNAndNoMoreThanWait() {
        Condition condition = new Condition();
        List<Integer> woke = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                tg.startSoon(() -> {
                    try (var _ = condition.acquire()) {
                        condition.await();
                        woke.add(n);
                    }
                });
                Weft.waitAllTasksBlocked();
            }
            try (var _ = condition.acquire()) {
                condition.signal(0);
                condition.signal(2);
            }
            Weft.waitAllTasksBlocked();
            // The first two waiters; woken together, they race for the lock (SERIAL: in order).
            assertThat(woke).containsExactlyInAnyOrder(0, 1);
            if (Weft.currentBackend() == Backend.SERIAL) {
                assertThat(woke).containsExactly(0, 1);
            }
            assertThat(condition.statistics().tasksWaiting()).isEqualTo(1);
            try (var _ = condition.acquire()) {
                condition.signal(5); // more than wait: wakes the one there is
            }
        });
        assertThat(woke.getLast()).isEqualTo(2);
    }

    @WeftTest
    void aSignalIsNotRemembered() {
        Condition condition = new Condition();
        AtomicBoolean woke = new AtomicBoolean();
        TaskGroup.run(tg -> {
            try (var _ = condition.acquire()) {
                condition.signalAll(); // nobody waits: lost
            }
            tg.startSoon(() -> {
                try (var _ = condition.acquire()) {
                    condition.await();
                    woke.set(true);
                }
            });
            Weft.waitAllTasksBlocked();
            assertThat(woke).isFalse();
            assertThat(condition.statistics().tasksWaiting()).isEqualTo(1);
            try (var _ = condition.acquire()) {
                condition.signalAll();
            }
        });
        assertThat(woke).isTrue();
    }

    @WeftTest
    void signalWithoutTheLockIsAnErrorNamingTheOwner() {
        Condition condition = new Condition();
        assertThatThrownBy(condition::signal)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The current task is not holding the underlying lock")
                .hasMessageContaining("signal() was called by");
        assertThatThrownBy(condition::signalAll)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signalAll() was called by");
        TaskInfo me = Weft.currentTask();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (var _ = condition.acquire()) {
            TaskGroup.run(tg ->
                    tg.startSoon(
                            "intruder",
                            () -> {
                                try {
                                    condition.signal();
                                } catch (IllegalStateException e) {
                                    thrown.set(e);
                                }
                            }));
        }
        assertThat(thrown.get())
                .hasMessageContaining("called by task 'intruder'")
                .hasMessageContaining("held by task '" + me.name() + "' (id " + me.id() + ")");
    }

    @WeftTest
    void releaseByAnotherTaskIsAnError() {
        Condition condition = new Condition();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (var _ = condition.acquire()) {
            TaskGroup.run(tg ->
                    tg.startSoon(() -> {
                        try {
                            condition.release();
                        } catch (IllegalStateException e) {
                            thrown.set(e);
                        }
                    }));
            assertThat(condition.locked()).isTrue();
        }
        assertThat(thrown.get()).hasMessageContaining("The current task is not holding this lock");
    }

    @WeftTest
    void signallingANegativeNumberIsAnError() {
        Condition condition = new Condition();
        try (var _ = condition.acquire()) {
            assertThatThrownBy(() -> condition.signal(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1");
        }
    }

    @WeftTest
    void awaitingTwiceInOneTaskIsAnErrorNotADeadlock() {
        Condition condition = new Condition();
        condition.acquire();
        assertThatThrownBy(condition::acquire)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Attempted to acquire an already held Lock");
        condition.release();
    }

    @WeftTest
    void awaitInACancelledScopeThrowsBeforeReleasingTheLock() {
        Condition condition = new Condition();
        AtomicBoolean heldAfter = new AtomicBoolean();
        try (var _ = condition.acquire()) {
            CancelScope scope = new CancelScope();
            scope.run(s -> {
                s.cancel();
                try {
                    condition.await();
                } finally {
                    heldAfter.set(condition.statistics().lockStatistics().owner() != null);
                }
            });
            assertThat(scope.cancelledCaught()).isTrue();
        }
        assertThat(heldAfter).isTrue();
        assertThat(condition.statistics().tasksWaiting()).isZero();
    }

    @WeftTest
    void aCancelledAwaitWaitsForTheLockBeforeItThrows() {
        Condition condition = new Condition();
        CancelScope scope = new CancelScope();
        AtomicReference<TaskInfo> ownerWhenCancelled = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(
                    "waiter",
                    () ->
                            scope.run(s -> {
                                try (var _ = condition.acquire()) {
                                    try {
                                        condition.await();
                                    } catch (Cancelled c) {
                                        ownerWhenCancelled.set(
                                                condition.statistics().lockStatistics().owner());
                                        throw c;
                                    }
                                }
                            }));
            Weft.waitAllTasksBlocked();
            try (var _ = condition.acquire()) {
                scope.cancel();
                Weft.waitAllTasksBlocked(); // the waiter now waits for the lock, shielded
                assertThat(condition.statistics().tasksWaiting()).isZero();
                assertThat(condition.statistics().lockStatistics().tasksWaiting()).isEqualTo(1);
                assertThat(ownerWhenCancelled.get()).isNull();
            }
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(ownerWhenCancelled.get().name()).isEqualTo("waiter");
        assertThat(condition.locked()).isFalse();
    }

    // A waiter signalled and cancelled at the same moment keeps the signal: await returns normally
    // and the cancellation hits at the next checkpoint.
    @WeftTest
    void aSignalledWaiterCancelledAtOnceReturnsFromAwaitNormally() {
        Condition condition = new Condition();
        CancelScope scope = new CancelScope();
        AtomicBoolean returnedNormally = new AtomicBoolean();
        AtomicBoolean afterCheckpoint = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    scope.run(s -> {
                        try (var _ = condition.acquire()) {
                            condition.await();
                            returnedNormally.set(true);
                            Weft.checkpoint();
                            afterCheckpoint.set(true);
                        }
                    }));
            Weft.waitAllTasksBlocked();
            try (var _ = condition.acquire()) {
                condition.signal();
                scope.cancel();
            }
        });
        assertThat(returnedNormally).isTrue();
        assertThat(afterCheckpoint).isFalse();
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(condition.locked()).isFalse();
    }

    @WeftTest
    void awaitIsACheckpointAndSignalIsNot() {
        Condition condition = new Condition();
        TaskGroup.run(tg -> {
            try (var _ = condition.acquire()) {
                tg.startSoon(() -> {
                    try (var _ = condition.acquire()) {
                        condition.signal();
                    }
                });
                assertCheckpoints(condition::await);
                assertNoCheckpoints(condition::signal);
                assertNoCheckpoints(condition::signalAll);
                assertNoCheckpoints(condition::statistics);
                assertNoCheckpoints(condition::locked);
            }
        });
    }

    @WeftTest
    void awaitForWithATruePredicateIsNoCheckpointEvenWhenCancelled() {
        Condition condition = new Condition();
        try (var _ = condition.acquire()) {
            CancelScope scope = new CancelScope();
            scope.run(s -> {
                s.cancel();
                assertNoCheckpoints(() -> condition.awaitFor(() -> true));
            });
            assertThat(scope.cancelledCaught()).isFalse();
        }
    }

    @WeftTest
    void awaitForWithoutTheLockIsAnError() {
        Condition condition = new Condition();
        assertThatThrownBy(() -> condition.awaitFor(() -> true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("awaitFor() was called by");
    }

    @WeftTest
    void conditionsMayShareALock() {
        Lock lock = new Lock();
        Condition a = new Condition(lock);
        Condition b = new Condition(lock);
        List<String> woke = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (var _ = a.acquire()) {
                    a.await();
                    woke.add("a");
                }
            });
            tg.startSoon(() -> {
                try (var _ = lock.acquire()) {
                    b.await();
                    woke.add("b");
                }
            });
            Weft.waitAllTasksBlocked();
            try (var _ = lock.acquire()) {
                assertThat(a.locked()).isTrue();
                b.signalAll();
            }
            Weft.waitAllTasksBlocked();
            assertThat(woke).containsExactly("b");
            lock.withLock(a::signalAll);
        });
        assertThat(woke).containsExactly("b", "a");
        assertThat(lock.locked()).isFalse();
    }

    // A producer signals once per item; consumers cancelled while waiting (or just as they are
    // signalled) pass their signal on, so the others still get every item they need. Seeded
    // SERIAL schedules try many interleavings; the same code runs on the parallel backends.
    @WeftTest
    void signalsAreHandedOnWhenConsumersAreCancelledInParallel() throws Exception {
        producerConsumers();
    }

    @WeftTest(seeds = 40)
    void signalsAreHandedOnWhenConsumersAreCancelledInSeededOrders() throws Exception {
        producerConsumers();
    }

    private static void producerConsumers() throws Exception {
        Condition condition = new Condition();
        int[] items = {0}; // guarded by the condition's lock
        int[] consumed = new int[3];
        List<TaskHandle<Void>> consumers = new ArrayList<>();
        Weft.failAfter(
                Duration.ofSeconds(20),
                () -> {
                    TaskGroup.run(tg -> {
                        for (int c = 0; c < 3; c++) {
                            int me = c;
                            consumers.add(
                                    tg.startSoon(() -> {
                                        for (int k = 0; k < 3; k++) {
                                            try (var _ = condition.acquire()) {
                                                condition.awaitFor(() -> items[0] > 0);
                                                items[0]--;
                                                consumed[me]++;
                                            }
                                        }
                                    }));
                        }
                        tg.startSoon(() -> {
                            for (int i = 0; i < 9; i++) {
                                try (var _ = condition.acquire()) {
                                    items[0]++;
                                    condition.signal();
                                }
                                if (i == 2) {
                                    consumers.get(1).cancel();
                                }
                                Weft.checkpoint();
                            }
                        });
                    });
                });
        try (var _ = condition.acquire()) {
            assertThat(consumed[0]).isEqualTo(3);
            assertThat(consumed[2]).isEqualTo(3);
            assertThat(consumed[1]).isBetween(0, 3);
            assertThat(items[0]).isEqualTo(9 - 6 - consumed[1]);
        }
        assertThat(condition.statistics().tasksWaiting()).isZero();
        assertThat(condition.locked()).isFalse();
    }

    @WeftTest
    void statisticsAreExactOnceCancelledWaitersHaveLeft() {
        Condition condition = new Condition();
        TaskGroup.run(tg -> {
            List<TaskHandle<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(
                        tg.startSoon(() -> {
                            try (var _ = condition.acquire()) {
                                condition.await();
                            }
                        }));
                Weft.waitAllTasksBlocked();
            }
            assertThat(condition.statistics().tasksWaiting()).isEqualTo(3);
            waiters.get(1).cancel();
            assertThatThrownBy(waiters.get(1)::join).isInstanceOf(TaskCancelled.class);
            assertThat(condition.statistics().tasksWaiting()).isEqualTo(2);
            assertThat(condition.statistics().lockStatistics().locked()).isFalse();
            try (var _ = condition.acquire()) {
                condition.signalAll();
            }
        });
        assertThat(condition.statistics())
                .isEqualTo(new ConditionStatistics(0, new LockStatistics(false, null, 0)));
    }
}
