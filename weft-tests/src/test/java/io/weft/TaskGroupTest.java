package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Task groups: spawning, closed groups, failures of host and children, cancellation. */
class TaskGroupTest {

    /** Work that a cancellation must cut short; the tests never wait for it to elapse. */
    static final Duration LONG = Duration.ofSeconds(10);

    static ExceptionGroup groupThrownBy(ThrowingCallable code) {
        Throwable t = catchThrowable(code);
        assertThat(t).isInstanceOf(ExceptionGroup.class);
        return (ExceptionGroup) t;
    }

    static List<String> sortedMessages(ExceptionGroup g) {
        return g.exceptions().stream().map(Throwable::getMessage).sorted().toList();
    }

    /**
     * Waits, without passing a checkpoint, until {@code condition} holds. It stands in for AnyIO's
     * guarantee that a spawned task runs only once its spawner yields: the task can run up to a
     * point, but reaches its next checkpoint only after the spawner did what the test needs.
     */
    static void spinUntil(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Thread.yield();
        }
    }

    /** AnyIO's async_error: fails with {@code text}, after a sleep, whether or not cancelled. */
    static void failAfterSleeping(String text, Duration delay) throws Exception {
        try {
            if (!delay.isZero()) {
                Weft.sleep(delay);
            }
        } catch (Cancelled c) {
            // like `finally: raise Exception(text)`: the failure replaces the cancellation
        }
        throw new Exception(text);
    }

    // ---------------------------------------------------------------- spawning and success

    // AnyIO: test_success
    @WeftTest
    void theGroupReturnsOnlyAfterEveryTaskHasRun() {
        Set<String> results = ConcurrentHashMap.newKeySet();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> results.add("a"));
            tg.startSoon(() -> {
                Weft.checkpoint();
                results.add("b");
            });
        });
        assertThat(results).containsExactlyInAnyOrder("a", "b");
    }

    @WeftTest
    void callReturnsTheBodysValueAfterTheTasksFinished() {
        AtomicBoolean childDone = new AtomicBoolean();
        String value =
                TaskGroup.call(tg -> {
                    tg.startSoon(() -> {
                        Weft.sleep(Duration.ofMillis(1));
                        childDone.set(true);
                    });
                    return "body";
                });
        assertThat(value).isEqualTo("body");
        assertThat(childDone).isTrue();
    }

    // AnyIO: test_start_soon_while_running
    @WeftTest
    void aTaskCanStartTasksIntoItsOwnGroupWhileTheHostWaits() {
        AtomicBoolean grandchildRan = new AtomicBoolean();
        TaskInfo host = Weft.currentTask();
        TaskGroup.run(tg ->
                tg.startSoon(() -> {
                    if (Weft.currentBackend() == Backend.SERIAL) {
                        // AnyIO's order: the host is already waiting in the group's exit.
                        assertThat(host.isWaiting()).isTrue();
                    }
                    tg.startSoon(() -> {
                        Weft.sleep(Duration.ZERO);
                        grandchildRan.set(true);
                    });
                }));
        assertThat(grandchildRan).isTrue();
    }

    @WeftTest
    void theHostCanStartTasksWhileItsChildrenRun() {
        AtomicInteger ran = new AtomicInteger();
        TaskGroup.run(tg -> {
            Event first = new Event();
            tg.startSoon(() -> {
                ran.incrementAndGet();
                first.set();
            });
            first.await();
            tg.startSoon(ran::incrementAndGet);
        });
        assertThat(ran).hasValue(2);
    }

    // ---------------------------------------------------------------- closed groups

    // AnyIO: test_already_closed
    @WeftTest
    void startingATaskInAGroupThatHasExitedFails() {
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        TaskGroup.run(group::set);
        TaskGroup tg = group.get();
        List<ThrowingCallable> starts =
                List.of(
                        () -> tg.startSoon(() -> failAfterSleeping("fail", Duration.ZERO)),
                        () -> tg.startSoon(() -> "value"),
                        () -> tg.startSoon("named", () -> {}),
                        () -> tg.startSoon("named", () -> "value"));
        for (ThrowingCallable start : starts) {
            assertThatThrownBy(start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("task group is not active; no new tasks can be started");
        }
    }

    // AnyIO: test_start_soon_after_error
    @WeftTest
    void startingATaskInAGroupThatFailedFails() {
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        ExceptionGroup eg =
                groupThrownBy(() ->
                        TaskGroup.run(tg -> {
                            group.set(tg);
                            throw new ArithmeticException("/ by zero");
                        }));
        assertThat(eg.exceptions()).singleElement().isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> group.get().startSoon(() -> Weft.sleep(Duration.ZERO)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("task group is not active; no new tasks can be started");
    }

    // ---------------------------------------------------------------- failures

    // AnyIO item 3: test_host_exception
    @WeftTest
    void aFailingHostCancelsItsChildAndIsTheOnlyMemberOfTheGroup() {
        AtomicReference<String> result = new AtomicReference<>();
        AtomicReference<TaskHandle<Void>> child = new AtomicReference<>();
        ExceptionGroup eg =
                groupThrownBy(() ->
                        TaskGroup.run(tg -> {
                            child.set(
                                    tg.startSoon(() -> {
                                        Weft.sleep(LONG);
                                        result.set("a");
                                    }));
                            throw new Exception("dummy error");
                        }));
        assertThat(eg.exceptions()).hasSize(1);
        assertThat(eg.exceptions().get(0)).isExactlyInstanceOf(Exception.class);
        assertThat(eg.exceptions().get(0).getMessage()).isEqualTo("dummy error");
        assertThat(result.get()).isNull();
        assertThat(child.get().status()).isEqualTo(TaskHandle.Status.CANCELLED);
    }

    // AnyIO item 4: test_failing_child_task_cancels_host
    @WeftTest
    void aFailingChildCancelsTheHost() {
        AtomicBoolean sleepCompleted = new AtomicBoolean();
        ExceptionGroup eg =
                groupThrownBy(() ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                Weft.waitAllTasksBlocked();
                                throw new Exception("foo");
                            });
                            Weft.sleep(LONG);
                            sleepCompleted.set(true);
                        }));
        assertThat(eg.exceptions()).hasSize(1);
        assertThat(eg.exceptions().get(0).getMessage()).isEqualTo("foo");
        assertThat(sleepCompleted).isFalse();
    }

    // AnyIO: test_failing_host_task_cancels_children
    @WeftTest
    void aFailingHostCancelsItsChildren() {
        AtomicBoolean sleepCompleted = new AtomicBoolean();
        ExceptionGroup eg =
                groupThrownBy(() ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                Weft.sleep(LONG);
                                sleepCompleted.set(true);
                            });
                            Weft.waitAllTasksBlocked();
                            throw new Exception("foo");
                        }));
        assertThat(eg.exceptions()).hasSize(1);
        assertThat(eg.exceptions().get(0).getMessage()).isEqualTo("foo");
        assertThat(sleepCompleted).isFalse();
    }

    // AnyIO: test_exception_group_children
    @WeftTest
    void failuresOfSeveralChildrenAreAllMembers() {
        ExceptionGroup eg =
                groupThrownBy(() ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> failAfterSleeping("task1", Duration.ofMillis(10)));
                            // Cancelled by task1's failure, then fails itself.
                            tg.startSoon(() -> failAfterSleeping("task2", LONG));
                        }));
        assertThat(eg.exceptions()).hasSize(2);
        assertThat(sortedMessages(eg)).containsExactly("task1", "task2");
    }

    // AnyIO: test_exception_group_host
    @WeftTest
    void failuresOfHostAndChildAreBothMembers() {
        ExceptionGroup eg =
                groupThrownBy(() ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> failAfterSleeping("child", LONG));
                            Weft.waitAllTasksBlocked();
                            throw new Exception("host");
                        }));
        assertThat(eg.exceptions()).hasSize(2);
        assertThat(sortedMessages(eg)).containsExactly("child", "host");
        assertThat(eg.exceptions()).noneMatch(Cancelled.class::isInstance);
    }

    // ---------------------------------------------------------------- cancellation

    // AnyIO item 1: test_level_cancellation
    @WeftTest
    void aTaskCancelledBeforeItsFirstCheckpointRunsUpToItAndNoFurther() {
        AtomicInteger marker = new AtomicInteger();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                marker.set(1);
                // In AnyIO the task had not run at all when the host cancelled (marker was still
                // unset); it ran only when the host yielded in the group's exit. AnyIO's order:
                // aTaskCancelledBeforeItRanRunsUpToItsFirstCheckpoint.
                spinUntil(tg.cancelScope()::cancelCalled);
                // The task has been cancelled, so its first checkpoint throws.
                Weft.checkpoint();
                marker.set(2);
            });
            tg.cancelScope().cancel();
        });
        assertThat(marker).hasValue(1);
    }

    // AnyIO: test_cancel
    @WeftTest
    void cancellingTheGroupCancelsAChildAtItsFirstCheckpoint() {
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean pastCheckpoint = new AtomicBoolean();
        AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
        TaskGroup.run(tg -> {
            handle.set(
                    tg.startSoon(() -> {
                        started.set(true);
                        // In AnyIO `started` was still false when tg.cancel() was called. AnyIO's
                        // order: cancellingTheGroupBeforeTheChildRanCancelsItAtItsFirstCheckpoint.
                        spinUntil(tg.cancelScope()::cancelCalled);
                        Weft.checkpoint();
                        pastCheckpoint.set(true);
                    }));
            tg.cancel();
        });
        assertThat(started).isTrue();
        assertThat(pastCheckpoint).isFalse();
        assertThat(handle.get().status()).isEqualTo(TaskHandle.Status.CANCELLED);
    }

    // AnyIO item 1: test_level_cancellation, line by line
    @WeftTest(backends = Backend.SERIAL)
    void aTaskCancelledBeforeItRanRunsUpToItsFirstCheckpoint() {
        AtomicInteger marker = new AtomicInteger();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                marker.set(1);
                // At this point the task has been cancelled, so the checkpoint throws.
                Weft.checkpoint();
                marker.set(2);
            });
            assertThat(marker).as("the task has not run yet").hasValue(0);
            tg.cancelScope().cancel();
        });
        assertThat(marker).hasValue(1);
    }

    // AnyIO: test_cancel, line by line
    @WeftTest(backends = Backend.SERIAL)
    void cancellingTheGroupBeforeTheChildRanCancelsItAtItsFirstCheckpoint() {
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean pastCheckpoint = new AtomicBoolean();
        AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
        TaskGroup.run(tg -> {
            handle.set(
                    tg.startSoon(() -> {
                        started.set(true);
                        Weft.checkpoint();
                        pastCheckpoint.set(true);
                    }));
            assertThat(started).isFalse();
            tg.cancel();
        });
        assertThat(started).isTrue();
        assertThat(pastCheckpoint).isFalse();
        assertThat(handle.get().status()).isEqualTo(TaskHandle.Status.CANCELLED);
    }

    @WeftTest
    void aTaskStartedIntoACancelledGroupStillRunsUntilItsFirstCheckpoint() {
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AtomicBoolean pastCheckpoint = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.cancel();
            tg.startSoon(() -> {
                try {
                    Weft.checkpoint();
                    pastCheckpoint.set(true);
                } finally {
                    cleanedUp.set(true);
                }
            });
        });
        assertThat(cleanedUp).isTrue();
        assertThat(pastCheckpoint).isFalse();
    }

    // AnyIO: test_cancel_propagation
    @WeftTest
    void cancellingAGroupCancelsTheGroupsNestedInItsTasks() {
        AtomicBoolean pastInnerGroup = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                TaskGroup.run(inner -> Weft.sleep(LONG));
                pastInnerGroup.set(true);
            });
            // Original: one checkpoint, so that the task entered its group before the cancel
            // (that is enough on SERIAL:
            // cancellingAGroupCancelsTheGroupsNestedInItsTasksInAnyIOsOrder).
            Weft.waitAllTasksBlocked();
            tg.cancelScope().cancel();
        });
        assertThat(pastInnerGroup).isFalse();
    }

    // AnyIO: test_cancel_propagation, line by line: one checkpoint lets the task enter its group
    @WeftTest(backends = Backend.SERIAL)
    void cancellingAGroupCancelsTheGroupsNestedInItsTasksInAnyIOsOrder() {
        AtomicBoolean innerGroupEntered = new AtomicBoolean();
        AtomicBoolean pastInnerGroup = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                TaskGroup.run(inner -> {
                    innerGroupEntered.set(true);
                    Weft.sleep(LONG);
                });
                pastInnerGroup.set(true);
            });
            Weft.checkpoint();
            assertThat(innerGroupEntered).isTrue();
            tg.cancelScope().cancel();
        });
        assertThat(pastInnerGroup).isFalse();
    }

    // AnyIO: test_cancel_twice
    @WeftTest
    void theSameTaskCanBeCancelledTwice() {
        for (int i = 0; i < 2; i++) {
            AtomicBoolean sleepCompleted = new AtomicBoolean();
            AtomicReference<TaskGroup> group = new AtomicReference<>();
            TaskGroup.run(tg -> {
                group.set(tg);
                tg.startSoon(() -> {
                    Weft.waitAllTasksBlocked();
                    tg.cancelScope().cancel();
                });
                Weft.sleep(LONG);
                sleepCompleted.set(true);
            });
            assertThat(sleepCompleted).as("round %d", i).isFalse();
            assertThat(group.get().cancelScope().cancelledCaught()).as("round %d", i).isTrue();
        }
    }

    // AnyIO: test_cancel_exiting_task_group
    @WeftTest
    void cancellingAGroupWhileItWaitsForItsTasksCancelsThem() {
        AtomicBoolean cancelReceived = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    TaskGroup.run(inner ->
                            inner.startSoon(() -> {
                                try {
                                    Weft.sleep(LONG);
                                } finally {
                                    cancelReceived.set(true);
                                }
                            })));
            Weft.waitAllTasksBlocked();
            tg.cancelScope().cancel();
        });
        assertThat(cancelReceived).isTrue();
    }

    // AnyIO: test_escaping_cancelled_exception
    @WeftTest
    void theGroupSwallowsTheCancellationOfItsOwnScopeFromTheBody() {
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        TaskGroup.run(tg -> {
            group.set(tg);
            tg.cancelScope().cancel();
            Weft.checkpoint();
        });
        assertThat(group.get().cancelScope().cancelledCaught()).isTrue();
    }

    // AnyIO item 20: test_empty_taskgroup_contains_yield_point
    @WeftTest
    void leavingAnEmptyTaskGroupYieldsAndWaitingForTasksIsACancelPoint() {
        AtomicBoolean outerTaskRan = new AtomicBoolean();
        TaskGroup.run(outer -> {
            for (int i = 0; i < 2; i++) {
                TaskGroup.run(inner -> outer.startSoon(() -> outerTaskRan.set(true)));
            }
            if (Weft.currentBackend() == Backend.SERIAL) {
                // AnyIO's order: leaving the empty inner groups yielded to the outer group's task.
                assertThat(outerTaskRan).isTrue();
            }
        });
        assertThat(outerTaskRan).isTrue();

        // What holds on every backend: leaving is a cancel point only when the host has to wait
        // for a task; an empty group in a cancelled scope only yields (see
        // ExceptionGroupingTest.leavingAnEmptyGroupInACancelledScopeDoesNotThrow), while a host
        // that waits for a task while cancelled gets the Cancelled after the task ends.
        AtomicBoolean pastGroup = new AtomicBoolean();
        AtomicBoolean taskEnded = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            TaskGroup.run(tg ->
                    tg.startSoon(() ->
                            CancelScope.shielded()
                                    .run(shield -> {
                                        // Ends only once the host waits in the exit.
                                        Weft.waitAllTasksBlocked();
                                        taskEnded.set(true);
                                    })));
            pastGroup.set(true);
        });
        assertThat(taskEnded).isTrue();
        assertThat(pastGroup).isFalse();
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // AnyIO: test_propagate_native_cancellation_from_taskgroup (asyncio-only in AnyIO, through
    // Task.cancel(); Weft's counterpart for cancelling one task is TaskHandle.cancel()).
    @WeftTest
    void cancellingTheTaskThatHostsAGroupCancelsTheGroupsChildren() {
        AtomicBoolean childCompleted = new AtomicBoolean();
        AtomicBoolean pastGroup = new AtomicBoolean();
        AtomicReference<TaskGroup> inner = new AtomicReference<>();
        TaskGroup.run(tg -> {
            TaskHandle<Void> host =
                    tg.startSoon(() -> {
                        TaskGroup.run(g -> {
                            inner.set(g);
                            g.startSoon(() -> {
                                Weft.sleep(LONG);
                                childCompleted.set(true);
                            });
                        });
                        pastGroup.set(true);
                    });
            Weft.waitAllTasksBlocked();
            host.cancel();
            assertThatThrownBy(host::join).isInstanceOf(TaskCancelled.class);
            assertThat(host.status()).isEqualTo(TaskHandle.Status.CANCELLED);
        });
        assertThat(childCompleted).isFalse();
        assertThat(pastGroup).isFalse();
        // The cancellation came from outside the inner group: it went through, not caught there.
        assertThat(inner.get().cancelScope().cancelledCaught()).isFalse();
    }

    // ---------------------------------------------------------------- bad input

    @WeftTest
    void nullArgumentsAreRejectedWithTheParameterName() {
        assertThatThrownBy(() -> TaskGroup.run(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("body");
        assertThatThrownBy(() -> TaskGroup.call(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("body");
        TaskGroup.run(tg -> {
            assertThatThrownBy(() -> tg.startSoon((CheckedRunnable<?>) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("fn");
            assertThatThrownBy(() -> tg.startSoon((CheckedCallable<String, ?>) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("fn");
            assertThatThrownBy(() -> tg.startSoon("name", (CheckedRunnable<?>) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("fn");
            assertThatThrownBy(() -> tg.startSoon("name", (CheckedCallable<String, ?>) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("fn");
            // A null name is the default name (TaskNamesTest.aNullNameMeansTheDefaultName).
        });
    }

    // No thread outlives its group: children that end at the same moment (a cancelled group, or an
    // event that wakes them all) do not wait for each other, and the host joins whichever thread
    // had not ended when its successor finished.
    @WeftTest
    void everyChildThreadHasEndedWhenItsGroupExitsAlsoWhenAllEndAtOnce() {
        for (boolean cancel : new boolean[] {true, false}) {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            Event go = new Event();
            TaskGroup.run(tg -> {
                for (int i = 0; i < 2000; i++) {
                    tg.startSoon(() -> {
                        threads.add(Thread.currentThread());
                        go.await();
                    });
                }
                Weft.waitAllTasksBlocked();
                if (cancel) {
                    tg.cancel();
                } else {
                    go.set();
                }
            });
            assertThat(threads).hasSize(2000);
            assertThat(threads).noneMatch(Thread::isAlive);
        }
    }

    @WeftTest
    void cancelReachesEveryLiveChildAfterThousandsHaveEndedAroundThem() {
        // Ended children stay in the group's list until a spawn compacts it; live children
        // started before, between and after those compactions (some through start(), which
        // moves them between lists) must all still be reached by the cancel.
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        Event never = new Event();
        int rounds = 50;
        TaskGroup.run(tg -> {
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < 100; i++) {
                    tg.startSoon(ended::incrementAndGet);
                }
                if (r % 10 == 0) {
                    tg.start(status -> {
                        status.started(null);
                        waitCountingCancel(never, cancelled);
                    });
                } else {
                    tg.startSoon(() -> waitCountingCancel(never, cancelled));
                }
                Weft.waitAllTasksBlocked(); // the round's short tasks have ended
            }
            assertThat(ended).hasValue(rounds * 100);
            tg.cancel();
        });
        assertThat(cancelled).hasValue(rounds);
    }

    private static void waitCountingCancel(Event never, AtomicInteger cancelled) {
        try {
            never.await();
        } catch (Cancelled c) {
            cancelled.incrementAndGet();
            throw c;
        }
    }

    @WeftTest
    void aGroupDoesNotKeepItsEndedChildrenWhileItWaitsForTheRest() {
        // Each ended child's code holds a marker; once 5,000 have ended and no new child was
        // spawned since, the group must have dropped them (a few threads it has yet to join may
        // still hold theirs).
        List<WeakReference<Object>> markers = new ArrayList<>();
        Event never = new Event();
        TaskGroup.run(tg -> {
            tg.startSoon(never::await);
            for (int i = 0; i < 5000; i++) {
                Object marker = new Object();
                markers.add(new WeakReference<>(marker));
                tg.startSoon(() -> marker.hashCode());
            }
            Weft.waitAllTasksBlocked(); // all but the first have ended
            long alive = 0;
            for (int gc = 0; gc < 5; gc++) {
                System.gc();
                alive = markers.stream().filter(r -> r.get() != null).count();
                if (alive <= 10) {
                    break;
                }
            }
            assertThat(alive)
                    .as("markers of ended children still reachable")
                    .isLessThanOrEqualTo(10);
            tg.cancel();
        });
    }

    @WeftTest
    void anEndedTaskKeepsNothingItsCodeCapturedThoughItsGroupAndHandleLiveOn() {
        Event never = new Event();
        TaskGroup.run(tg -> {
            tg.startSoon(never::await); // keeps the group open, so it does not drop the task
            AtomicReference<WeakReference<Object>> marker = new AtomicReference<>();
            TaskHandle<Integer> h = startHoldingAMarker(tg, marker);
            h.join();
            Weft.waitAllTasksBlocked(); // its thread has passed its last Weft step
            for (int gc = 0; gc < 20 && !marker.get().refersTo(null); gc++) {
                System.gc();
            }
            assertThat(marker.get().refersTo(null)).as("what the ended task captured").isTrue();
            assertThat(h.name()).isEqualTo(TaskGroupTest.class.getName() + ".lambda");
            tg.cancel();
        });
    }

    private static TaskHandle<Integer> startHoldingAMarker(
            TaskGroup tg, AtomicReference<WeakReference<Object>> marker) {
        Object m = new Object();
        marker.set(new WeakReference<>(m));
        return tg.startSoon(() -> m.hashCode());
    }

    /** Both shapes at once: a task must call the method of the shape it was started as. */
    private static final class BothShapes
            implements CheckedRunnable<RuntimeException>,
                    CheckedCallable<String, RuntimeException> {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void run() {
            runs.incrementAndGet();
        }

        @Override
        public String call() {
            calls.incrementAndGet();
            return "called";
        }
    }

    @WeftTest
    void aFunctionOfBothShapesRunsAsTheShapeItWasStartedAs() {
        BothShapes fn = new BothShapes();
        AtomicReference<TaskHandle<Void>> asRunnable = new AtomicReference<>();
        AtomicReference<TaskHandle<String>> asCallable = new AtomicReference<>();
        TaskGroup.run(tg -> {
            asRunnable.set(tg.startSoon((CheckedRunnable<RuntimeException>) fn));
            asCallable.set(tg.startSoon((CheckedCallable<String, RuntimeException>) fn));
        });
        assertThat(fn.runs).hasValue(1);
        assertThat(fn.calls).hasValue(1);
        assertThat(asRunnable.get().result()).isNull();
        assertThat(asCallable.get().result()).isEqualTo("called");
    }
}
