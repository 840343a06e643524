package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Introspection: currentTask, runningTasks, TaskInfo and the exactness of waitAllTasksBlocked. */
class DebuggingTest {

    // ---------------------------------------------------------------- names

    // AnyIO: test_debugging.py::test_main_task_name
    @Test
    void theRootTaskIsNamedAfterItsCode() {
        assertThat(Weft.run(() -> Weft.currentTask().name()))
                .isEqualTo("io.weft.DebuggingTest.lambda");
    }

    // AnyIO: test_debugging.py::test_non_main_task_name (None, "name" and "" variants; the bytes
    // variant has no Java counterpart: names are Strings)
    @WeftTest
    void aStartedTaskHasTheGivenNameOrOneDerivedFromItsCode() {
        TaskGroup.run(tg -> {
            assertThat(tg.<String>start(status -> status.started(Weft.currentTask().name())))
                    .isEqualTo("io.weft.DebuggingTest.lambda");
            assertThat(
                            tg.<String>start(
                                    "name", status -> status.started(Weft.currentTask().name())))
                    .isEqualTo("name");
            assertThat(tg.<String>start("", status -> status.started(Weft.currentTask().name())))
                    .isEqualTo("");
            TaskHandle<String> soon = tg.startSoon("soon", () -> Weft.currentTask().name());
            assertThat(soon.join()).isEqualTo("soon");
            assertThat(soon.name()).isEqualTo("soon");
        });
    }

    // ---------------------------------------------------------------- currentTask

    @WeftTest
    void currentTaskDescribesTheCallingTask() {
        TaskInfo root = Weft.currentTask();
        assertThat(root.parentId()).isEmpty();
        assertThat(Weft.currentTask()).isEqualTo(root).hasSameHashCodeAs(root);
        assertThat(root.toString())
                .isEqualTo("TaskInfo[id=" + root.id() + ", parentId=0, name=" + root.name() + "]");
        AtomicReference<TaskInfo> childSeen = new AtomicReference<>();
        TaskHandle<Void> handle =
                TaskGroup.call(
                        tg -> tg.startSoon("child", () -> childSeen.set(Weft.currentTask())));
        TaskInfo child = childSeen.get();
        assertThat(child.id()).isEqualTo(handle.id()).isNotEqualTo(root.id());
        assertThat(child).isEqualTo(handle.info()).isNotEqualTo(root);
        assertThat(child.name()).isEqualTo("child");
        assertThat(child.parentId()).hasValue(root.id());
    }

    // ---------------------------------------------------------------- runningTasks

    // AnyIO: test_debugging.py::test_get_running_tasks
    @WeftTest
    void runningTasksListsTheNewTasksWithTheirParentAndNames() {
        Event event = new Event();
        List<TaskInfo> taskInfos = new ArrayList<>();
        TaskInfo host = Weft.currentTask();
        TaskGroup.run(tg -> {
            Set<TaskInfo> existing = Set.copyOf(Weft.runningTasks());
            tg.startSoon("task1", event::await);
            tg.startSoon("task2", event::await);
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                Set<TaskInfo> fresh = new HashSet<>(Weft.runningTasks());
                fresh.removeAll(existing);
                fresh.stream().sorted(Comparator.comparing(TaskInfo::name)).forEach(taskInfos::add);
                event.set();
            });
        });
        assertThat(taskInfos).hasSize(3);
        assertThat(taskInfos)
                .extracting(TaskInfo::name)
                .containsExactly("io.weft.DebuggingTest.lambda", "task1", "task2");
        for (TaskInfo info : taskInfos) {
            assertThat(info.parentId()).hasValue(host.id());
            assertThat(info.toString())
                    .endsWith(
                            "TaskInfo[id="
                                    + info.id()
                                    + ", parentId="
                                    + host.id()
                                    + ", name="
                                    + info.name()
                                    + "]");
        }
    }

    @WeftTest
    void runningTasksShowsNestedGroupsInStartOrderAndDropsFinishedTasks() {
        TaskInfo root = Weft.currentTask();
        assertThat(Weft.runningTasks()).containsExactly(root);
        Event release = new Event();
        AtomicReference<TaskInfo> child = new AtomicReference<>();
        AtomicReference<TaskInfo> grandchild = new AtomicReference<>();
        TaskGroup.run(outer -> {
            outer.startSoon(
                    "child",
                    () -> {
                        child.set(Weft.currentTask());
                        TaskGroup.run(inner ->
                                inner.startSoon(
                                        "grandchild",
                                        () -> {
                                            grandchild.set(Weft.currentTask());
                                            release.await();
                                        }));
                    });
            TaskHandle<Void> quick = outer.startSoon("quick", () -> {});
            quick.join();
            Weft.waitAllTasksBlocked();
            List<TaskInfo> tasks = Weft.runningTasks();
            assertThat(tasks)
                    .extracting(TaskInfo::name)
                    .containsExactly(root.name(), "child", "grandchild");
            assertThat(tasks).containsExactly(root, child.get(), grandchild.get());
            assertThat(tasks).doesNotContain(quick.info());
            assertThat(tasks.get(1).parentId()).hasValue(root.id());
            assertThat(tasks.get(2).parentId()).hasValue(child.get().id());
            release.set();
        });
        assertThat(Weft.runningTasks()).containsExactly(root);
    }

    @WeftTest
    void aTaskStartedWithStartHasItsStarterAsParentUntilItCallsStarted() {
        TaskInfo root = Weft.currentTask();
        AtomicLong before = new AtomicLong();
        AtomicLong after = new AtomicLong();
        AtomicLong starter = new AtomicLong();
        TaskGroup.run(tg ->
                tg.startSoon(
                        "starter",
                        () -> {
                            starter.set(Weft.currentTask().id());
                            tg.start(status -> {
                                before.set(Weft.currentTask().parentId().orElseThrow());
                                status.started();
                                after.set(Weft.currentTask().parentId().orElseThrow());
                            });
                        }));
        assertThat(before).hasValue(starter.get());
        assertThat(after).as("the group's host after started()").hasValue(root.id());
    }

    // ---------------------------------------------------------------- TaskInfo state

    @WeftTest
    void hasPendingCancellationRespectsShields() {
        TaskInfo me = Weft.currentTask();
        assertThat(me.hasPendingCancellation()).isFalse();
        CancelScope outer = new CancelScope();
        outer.run(o -> {
            o.cancel();
            // `me` was taken before the cancel: a TaskInfo reports the task's state now.
            assertThat(me.hasPendingCancellation()).isTrue();
            CancelScope.shielded()
                    .run(shield -> {
                        assertThat(Weft.currentTask().hasPendingCancellation()).isFalse();
                        new CancelScope()
                                .run(inner -> {
                                    inner.cancel();
                                    assertThat(me.hasPendingCancellation()).isTrue();
                                });
                        assertThat(me.hasPendingCancellation()).isFalse();
                    });
            assertThat(me.hasPendingCancellation()).isTrue();
        });
        assertThat(outer.cancelledCaught()).isFalse();
        assertThat(me.hasPendingCancellation()).isFalse();
    }

    @WeftTest
    @Tag(WeftTest.PARALLEL)
    void hasPendingCancellationOfAnotherTask() {
        Event shieldedRelease = new Event();
        AtomicBoolean spinning = new AtomicBoolean();
        AtomicBoolean stopSpinning = new AtomicBoolean();
        AtomicBoolean pendingAfterShield = new AtomicBoolean();
        TaskGroup.run(tg -> {
            TaskHandle<Void> shielded =
                    tg.startSoon(() -> {
                        CancelScope.shielded().run(s -> shieldedRelease.await());
                        pendingAfterShield.set(Weft.currentTask().hasPendingCancellation());
                        Weft.checkpoint();
                    });
            Weft.waitAllTasksBlocked(); // `shielded` is parked inside its shield
            TaskHandle<Void> spinner =
                    tg.startSoon(() -> {
                        spinning.set(true);
                        while (!stopSpinning.get()) {
                            Thread.onSpinWait(); // no checkpoint: the cancellation stays pending
                        }
                        Weft.checkpoint();
                    });
            while (!spinning.get()) {
                Weft.checkpoint();
            }
            assertThat(spinner.info().hasPendingCancellation()).isFalse();
            tg.cancel();
            assertThat(spinner.info().hasPendingCancellation()).isTrue();
            assertThat(shielded.info().hasPendingCancellation()).as("behind a shield").isFalse();
            assertThat(Weft.currentTask().hasPendingCancellation()).isTrue();
            stopSpinning.set(true);
            shieldedRelease.set();
        });
        assertThat(pendingAfterShield).as("after leaving the shield").isTrue();
    }

    @WeftTest
    void isWaitingTellsWhetherATaskIsParkedInAWeftWait() {
        assertThat(Weft.currentTask().isWaiting()).isFalse();
        Event release = new Event();
        TaskGroup.run(tg -> {
            TaskHandle<Void> waiter = tg.startSoon(release::await);
            Weft.waitAllTasksBlocked();
            assertThat(waiter.info().isWaiting()).isTrue();
            release.set();
            waiter.join();
            assertThat(waiter.info().isWaiting()).as("a finished task").isFalse();
        });
    }

    // ---------------------------------------------------------------- waitAllTasksBlocked

    @WeftTest
    void waitAllTasksBlockedReturnsAtOnceWithoutOtherTasks() {
        Weft.waitAllTasksBlocked();
        Weft.waitAllTasksBlocked();
    }

    @WeftTest
    void waitAllTasksBlockedWaitsUntilNewTasksHaveReachedTheirWait() {
        int n = 20;
        AtomicLong reached = new AtomicLong();
        Event release = new Event();
        TaskGroup.run(tg -> {
            for (int i = 0; i < n; i++) {
                tg.startSoon(() -> {
                    Weft.checkpoint();
                    if (reached.incrementAndGet() % 2 == 0) {
                        release.await();
                    } else {
                        Weft.sleep(Duration.ofSeconds(30)); // a sleeping task counts as blocked
                    }
                });
            }
            Weft.waitAllTasksBlocked();
            assertThat(reached).hasValue(n);
            assertThat(release.statistics().tasksWaiting()).isEqualTo(n / 2);
            tg.cancel();
        });
    }

    @WeftTest
    void waitAllTasksBlockedIsACheckpoint() {
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            Weft.waitAllTasksBlocked();
        });
        assertThat(scope.cancelledCaught()).isTrue();
    }

    @WeftTest
    void severalTasksMayWaitForAllTasksBlockedAtOnce() {
        Event release = new Event();
        AtomicLong returned = new AtomicLong();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 3; i++) {
                tg.startSoon(() -> {
                    Weft.waitAllTasksBlocked();
                    returned.incrementAndGet();
                    release.await();
                });
            }
            tg.startSoon(release::await);
            // Each caller returns once all others (including the other callers) are parked.
            while (returned.get() < 3) {
                Weft.waitAllTasksBlocked();
            }
            // The host may wake together with the last callers; once they have gone on to park
            // in release.await(), every task is blocked again.
            Weft.waitAllTasksBlocked();
            assertThat(release.statistics().tasksWaiting()).isEqualTo(4);
            release.set();
        });
    }

    // AnyIO: test_debugging.py::test_wait_all_tasks_blocked_cancelled_task
    @WeftTest
    void aTaskWhoseWaitIsCancelledAtOnceIsNotBlocked() {
        AtomicBoolean done = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.start(status -> {
                status.started();
                Weft.moveOnAfter(Duration.ofSeconds(-1), s -> new Event().await());
                done.set(true);
            });
            Weft.waitAllTasksBlocked();
            assertThat(done).isTrue();
        });
    }

    /**
     * A task blocked in a JDK call counts as running. The host proves that waitAllTasksBlocked does
     * not return while the task is blocked (its own call, bounded by a deadline, must time out, and
     * a second caller has not returned either), and only then releases the latch.
     */
    @WeftTest
    @Tag(WeftTest.PARALLEL)
    void aTaskBlockedInAJdkCallCountsAsRunning() {
        CountDownLatch latch = new CountDownLatch(1);
        AtomicReference<Thread> blockedThread = new AtomicReference<>();
        AtomicBoolean waiterReturned = new AtomicBoolean();
        AtomicLong latchCountWhenWaiterReturned = new AtomicLong(-1);
        TaskGroup.run(tg -> {
            TaskHandle<Void> blocked =
                    tg.startSoon(
                            "jdk-blocked",
                            () -> {
                                blockedThread.set(Thread.currentThread());
                                latch.await();
                            });
            tg.startSoon(
                    "waiter",
                    () -> {
                        Weft.waitAllTasksBlocked();
                        latchCountWhenWaiterReturned.set(latch.getCount());
                        waiterReturned.set(true);
                    });
            awaitJdkWaiting(blockedThread);
            assertThat(blocked.info().isWaiting()).as("not a Weft wait").isFalse();

            CancelScope probe =
                    Weft.moveOnAfter(Duration.ofMillis(20), s -> Weft.waitAllTasksBlocked());
            assertThat(probe.cancelledCaught()).as("waitAllTasksBlocked timed out").isTrue();
            // Deterministic: the waiter cannot return while the latch is closed.
            assertThat(waiterReturned).isFalse();
            assertThat(blockedThread.get().getState()).isEqualTo(Thread.State.WAITING);
            latch.countDown();
        });
        assertThat(waiterReturned).isTrue();
        assertThat(latchCountWhenWaiterReturned).hasValue(0);
    }

    @WeftTest
    @Tag(WeftTest.PARALLEL)
    void aTaskSpinningOutsideWeftCountsAsRunning() {
        AtomicBoolean spinning = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean waiterReturned = new AtomicBoolean();
        AtomicBoolean stoppedWhenWaiterReturned = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(
                    "spinner",
                    () -> {
                        spinning.set(true);
                        while (!stop.get()) {
                            Thread.onSpinWait();
                        }
                    });
            tg.startSoon(
                    "waiter",
                    () -> {
                        Weft.waitAllTasksBlocked();
                        stoppedWhenWaiterReturned.set(stop.get());
                        waiterReturned.set(true);
                    });
            while (!spinning.get()) {
                Weft.checkpoint();
            }
            CancelScope probe =
                    Weft.moveOnAfter(Duration.ofMillis(20), s -> Weft.waitAllTasksBlocked());
            assertThat(probe.cancelledCaught()).isTrue();
            assertThat(waiterReturned).isFalse();
            stop.set(true);
        });
        assertThat(waiterReturned).isTrue();
        assertThat(stoppedWhenWaiterReturned).isTrue();
    }

    /** Waits (through checkpoints) until the thread in {@code ref} is waiting in a JDK call. */
    static void awaitJdkWaiting(AtomicReference<Thread> ref) {
        for (; ; ) {
            Thread t = ref.get();
            if (t != null && t.getState() == Thread.State.WAITING) {
                return;
            }
            Weft.checkpoint();
            Thread.onSpinWait();
        }
    }

    @Test
    void infoOfAFinishedRunIsStillReadable() {
        TaskInfo root = Weft.run(Weft::currentTask);
        assertThat(root.isWaiting()).isFalse();
        assertThat(root.parentId()).isEmpty();
        assertThatThrownBy(Weft::currentTask).isInstanceOf(NoRuntimeError.class);
    }
}
