package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Task handles (status, result, failure, cancel, join) and TaskGroup.start(). */
class TaskHandleTest {

    /** Long enough never to end by itself; the tests never wait for it. */
    private static final Duration LONG = Duration.ofHours(1);

    /** An {@link Error} that is not a cancellation (Python's SystemExit). */
    static final class FatalError extends Error {
        private static final long serialVersionUID = 1L;

        FatalError(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- results

    // AnyIO: TestCreateTask::test_return_value
    @WeftTest
    void aHandleReportsTheReturnValueOnceTheTaskHasFinished() {
        AtomicReference<TaskHandle<Integer>> handle = new AtomicReference<>();
        TaskGroup.run(tg -> {
            Event go = new Event();
            TaskHandle<Integer> h =
                    tg.startSoon(() -> {
                        go.await();
                        return 2 + 4;
                    });
            handle.set(h);
            assertThatThrownBy(h::result)
                    .isExactlyInstanceOf(TaskNotFinished.class)
                    .hasMessageContaining("has not finished");
            assertThatThrownBy(h::exception).isExactlyInstanceOf(TaskNotFinished.class);
            // AnyIO asserted "pending" here; the task may already be running. AnyIO's order, where
            // it cannot: aHandleIsPendingUntilTheSpawnerYields.
            assertThat(h.status()).isIn(TaskHandle.Status.PENDING, TaskHandle.Status.RUNNING);
            assertThat(h.toString()).contains("name='" + h.name() + "'");
            go.set();
            assertThat(h.join()).isEqualTo(6);
            assertThat(h.toString()).startsWith("TaskHandle[finished");
        });
        TaskHandle<Integer> h = handle.get();
        assertThat(h.status()).isEqualTo(TaskHandle.Status.FINISHED);
        assertThat(h.result()).isEqualTo(6);
        assertThat(h.exception()).isNull();
    }

    // AnyIO: TestCreateTask::test_return_value, line by line: the task runs only once the host
    // waits for it.
    @WeftTest(backends = Backend.SERIAL)
    void aHandleIsPendingUntilTheSpawnerYields() {
        AtomicReference<TaskHandle<Integer>> handle = new AtomicReference<>();
        TaskGroup.run(tg -> {
            TaskHandle<Integer> h = tg.startSoon(() -> 2 + 4);
            handle.set(h);
            assertThatThrownBy(h::result)
                    .isExactlyInstanceOf(TaskNotFinished.class)
                    .hasMessageContaining("has not finished");
            assertThat(h.status()).isEqualTo(TaskHandle.Status.PENDING);
            assertThat(h.toString())
                    .startsWith("TaskHandle[pending")
                    .contains("name='" + h.name() + "'");
            assertThat(h.join()).isEqualTo(6);
            assertThat(h.toString()).startsWith("TaskHandle[finished");
        });
        assertThat(handle.get().result()).isEqualTo(6);
        assertThat(handle.get().exception()).isNull();
    }

    // AnyIO item 22: TestCreateTask::test_exception
    @WeftTest
    void aFailingTasksHandleThrowsTaskFailedAndTheGroupStillGetsTheException() {
        RuntimeException error = new RuntimeException("dummy error");
        AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            // AnyIO's task could not run before the host awaited it; here it
                            // fails only once the host is parked in join(). AnyIO's order:
                            // aTaskThatFailsAtOnceFailsOnlyOnceTheSpawnerYields.
                            TaskHandle<Void> h =
                                    tg.startSoon(() -> {
                                        Weft.waitAllTasksBlocked();
                                        throw error;
                                    });
                            handle.set(h);
                            assertThatThrownBy(h::exception)
                                    .isExactlyInstanceOf(TaskNotFinished.class);
                            assertThatThrownBy(h::join)
                                    .isExactlyInstanceOf(TaskFailed.class)
                                    .hasMessageContaining("failed")
                                    .cause()
                                    .isSameAs(error);
                            assertThat(h.status()).isEqualTo(TaskHandle.Status.FAILED);
                        }));
        assertThat(thrown).isInstanceOf(ExceptionGroup.class);
        assertThat(((ExceptionGroup) thrown).exceptions()).containsExactly(error);
        TaskHandle<Void> h = handle.get();
        assertThat(h.toString()).startsWith("TaskHandle[failed");
        assertThat(h.exception()).isSameAs(error);
        assertThatThrownBy(h::result).isExactlyInstanceOf(TaskFailed.class).cause().isSameAs(error);
    }

    // AnyIO item 22: TestCreateTask::test_exception, line by line
    @WeftTest(backends = Backend.SERIAL)
    void aTaskThatFailsAtOnceFailsOnlyOnceTheSpawnerYields() {
        RuntimeException error = new RuntimeException("dummy error");
        AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            TaskHandle<Void> h =
                                    tg.startSoon(() -> {
                                        throw error;
                                    });
                            handle.set(h);
                            assertThatThrownBy(h::exception)
                                    .isExactlyInstanceOf(TaskNotFinished.class);
                            assertThatThrownBy(h::join)
                                    .isExactlyInstanceOf(TaskFailed.class)
                                    .cause()
                                    .isSameAs(error);
                            assertThat(h.status()).isEqualTo(TaskHandle.Status.FAILED);
                        }));
        assertThat(((ExceptionGroup) thrown).exceptions()).containsExactly(error);
        assertThat(handle.get().toString()).startsWith("TaskHandle[failed");
        assertThat(handle.get().exception()).isSameAs(error);
    }

    // AnyIO: TestCreateTask::test_base_exception
    @WeftTest
    void aTaskFailingWithAnErrorIsFailedNotCancelled() {
        FatalError fatal = new FatalError("5");
        AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            TaskHandle<Void> h =
                                    tg.startSoon(() -> {
                                        Weft.waitAllTasksBlocked();
                                        throw fatal;
                                    });
                            handle.set(h);
                            assertThatThrownBy(h::join)
                                    .isExactlyInstanceOf(TaskFailed.class)
                                    .cause()
                                    .isSameAs(fatal);
                        }));
        assertThat(((ExceptionGroup) thrown).exceptions()).containsExactly(fatal);
        assertThat(handle.get().status()).isEqualTo(TaskHandle.Status.FAILED);
        assertThat(handle.get().toString()).startsWith("TaskHandle[failed");
    }

    // ---------------------------------------------------------------- cancel

    // AnyIO item 21: TestCreateTask::test_cancel[True]
    @WeftTest
    void cancellingARunningTaskThroughItsHandle() {
        cancelThroughHandle(true);
    }

    // AnyIO item 21: TestCreateTask::test_cancel[False]
    @WeftTest
    void cancellingATaskThroughItsHandleBeforeItRuns() {
        cancelThroughHandle(false);
    }

    private static void cancelThroughHandle(boolean waitUntilRunning) {
        AtomicBoolean taskStarted = new AtomicBoolean();
        AtomicBoolean reachedAfterWait = new AtomicBoolean();
        Event event = new Event();
        Event release = new Event();
        AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
        AtomicReference<CancelScope> groupScope = new AtomicReference<>();
        TaskGroup.run(tg -> {
            groupScope.set(tg.cancelScope());
            TaskHandle<Void> h =
                    tg.startSoon(() -> {
                        taskStarted.set(true);
                        try {
                            event.await();
                            reachedAfterWait.set(true);
                        } finally {
                            // AnyIO's task could not finish between cancel() and the checks
                            // below; here a shielded wait keeps it unfinished until then.
                            // AnyIO's order: cancellingATaskThroughItsHandleInAnyIOsOrder.
                            CancelScope.shielded().run(s -> release.await());
                        }
                    });
            handle.set(h);
            if (waitUntilRunning) {
                Weft.waitAllTasksBlocked();
            }
            h.cancel();
            assertThat(h.status()).isEqualTo(TaskHandle.Status.CANCELLING);
            assertThat(h.toString()).startsWith("TaskHandle[cancelling");
            assertThatThrownBy(h::result)
                    .isExactlyInstanceOf(TaskCancelled.class)
                    .hasMessageContaining("was cancelled");
            assertThatThrownBy(h::exception)
                    .isExactlyInstanceOf(TaskCancelled.class)
                    .hasMessageContaining("was cancelled");
            release.set();
            assertThatThrownBy(h::join)
                    .isExactlyInstanceOf(TaskCancelled.class)
                    .hasMessageContaining("was cancelled");
        });
        TaskHandle<Void> h = handle.get();
        assertThatThrownBy(h::join)
                .isExactlyInstanceOf(TaskCancelled.class)
                .hasMessageContaining("was cancelled")
                .cause()
                .isInstanceOf(Cancelled.class);
        assertThat(h.status()).isEqualTo(TaskHandle.Status.CANCELLED);
        assertThat(h.toString()).startsWith("TaskHandle[cancelled");
        assertThat(taskStarted).as("the task ran to its first checkpoint").isTrue();
        assertThat(reachedAfterWait).isFalse();
        assertThat(groupScope.get().cancelCalled()).as("the group is not affected").isFalse();
    }

    // AnyIO item 21: TestCreateTask::test_cancel[True], line by line
    @WeftTest(backends = Backend.SERIAL)
    void cancellingARunningTaskThroughItsHandleInAnyIOsOrder() {
        cancelThroughHandleInAnyIOsOrder(true);
    }

    // AnyIO item 21: TestCreateTask::test_cancel[False], line by line
    @WeftTest(backends = Backend.SERIAL)
    void cancellingATaskThroughItsHandleInAnyIOsOrder() {
        cancelThroughHandleInAnyIOsOrder(false);
    }

    /**
     * AnyIO's test_cancel for SERIAL: the task cannot run, or finish, between the host's {@code
     * cancel()} and the host's next checkpoint, so the handle reads CANCELLING until the host
     * joins; without {@code waitUntilRunning} the task has not even started at the cancel, and
     * still runs to its first checkpoint.
     */
    private static void cancelThroughHandleInAnyIOsOrder(boolean waitUntilRunning) {
        AtomicBoolean taskStarted = new AtomicBoolean();
        Event event = new Event();
        AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
        TaskGroup.run(tg -> {
            TaskHandle<Void> h =
                    tg.startSoon(() -> {
                        taskStarted.set(true);
                        event.await();
                    });
            handle.set(h);
            if (waitUntilRunning) {
                Weft.waitAllTasksBlocked();
            }
            h.cancel();
            assertThat(taskStarted.get()).isEqualTo(waitUntilRunning);
            assertThat(h.status()).isEqualTo(TaskHandle.Status.CANCELLING);
            assertThat(h.toString()).startsWith("TaskHandle[cancelling");
            assertThatThrownBy(h::result)
                    .isExactlyInstanceOf(TaskCancelled.class)
                    .hasMessageContaining("was cancelled");
            assertThatThrownBy(h::exception)
                    .isExactlyInstanceOf(TaskCancelled.class)
                    .hasMessageContaining("was cancelled");
            assertThatThrownBy(h::join)
                    .isExactlyInstanceOf(TaskCancelled.class)
                    .hasMessageContaining("was cancelled");
        });
        TaskHandle<Void> h = handle.get();
        assertThatThrownBy(h::join)
                .isExactlyInstanceOf(TaskCancelled.class)
                .cause()
                .isInstanceOf(Cancelled.class);
        assertThat(h.status()).isEqualTo(TaskHandle.Status.CANCELLED);
        assertThat(h.toString()).startsWith("TaskHandle[cancelled");
        assertThat(taskStarted).isTrue();
    }

    // Reference 2.9: a group cancellation of a running task also ends it CANCELLED.
    @WeftTest
    void aTaskEndedByItsGroupsCancellationIsCancelled() {
        AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
        TaskGroup.run(tg -> {
            handle.set(tg.startSoon(() -> Weft.sleep(LONG)));
            Weft.waitAllTasksBlocked();
            tg.cancel();
        });
        assertThat(handle.get().status()).isEqualTo(TaskHandle.Status.CANCELLED);
        assertThatThrownBy(handle.get()::exception)
                .isExactlyInstanceOf(TaskCancelled.class)
                .cause()
                .isInstanceOf(Cancelled.class);
    }

    @WeftTest
    void cancellingAFinishedTaskDoesNothing() {
        TaskGroup.run(tg -> {
            TaskHandle<String> h = tg.startSoon(() -> "done");
            assertThat(h.join()).isEqualTo("done");
            h.cancel();
            assertThat(h.status()).isEqualTo(TaskHandle.Status.FINISHED);
            assertThat(h.result()).isEqualTo("done");
        });
    }

    // ---------------------------------------------------------------- join / wait

    // AnyIO: TestCreateTask::test_wait
    @WeftTest
    void joinWaitsForAnyOutcomeAndIsACheckpointEvenAfterTheTaskFinished() {
        AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            TaskHandle<Void> h =
                                    tg.startSoon(() -> {
                                        Weft.waitAllTasksBlocked();
                                        throw new RuntimeException("dummy error");
                                    });
                            handle.set(h);
                            // AnyIO asserted PENDING; here the task may be running. AnyIO's
                            // order: joinWaitsForATaskThatHasNotRunYet.
                            assertThat(h.status())
                                    .isIn(TaskHandle.Status.PENDING, TaskHandle.Status.RUNNING);
                            // AnyIO's wait() never raises; Weft's join() reports the outcome.
                            assertThatThrownBy(h::join).isExactlyInstanceOf(TaskFailed.class);
                        }));
        assertThat(((ExceptionGroup) thrown).exceptions())
                .singleElement()
                .satisfies(e -> assertThat(e).hasMessage("dummy error"));
        TaskHandle<Void> h = handle.get();
        assertThat(h.exception()).hasMessage("dummy error");
        assertThat(h.status()).isEqualTo(TaskHandle.Status.FAILED);
        assertThatThrownBy(h::join).isExactlyInstanceOf(TaskFailed.class);
        // Still a checkpoint: in a cancelled scope it throws Cancelled before looking.
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            h.join();
            fail("join() in a cancelled scope must throw Cancelled");
        });
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // AnyIO: TestCreateTask::test_wait, line by line
    @WeftTest(backends = Backend.SERIAL)
    void joinWaitsForATaskThatHasNotRunYet() {
        AtomicReference<TaskHandle<Void>> handle = new AtomicReference<>();
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            TaskHandle<Void> h =
                                    tg.startSoon(() -> {
                                        throw new RuntimeException("dummy error");
                                    });
                            handle.set(h);
                            assertThat(h.status()).isEqualTo(TaskHandle.Status.PENDING);
                            assertThatThrownBy(h::join).isExactlyInstanceOf(TaskFailed.class);
                        }));
        assertThat(((ExceptionGroup) thrown).exceptions())
                .singleElement()
                .satisfies(e -> assertThat(e).hasMessage("dummy error"));
        assertThat(handle.get().exception()).hasMessage("dummy error");
        assertThat(handle.get().status()).isEqualTo(TaskHandle.Status.FAILED);
        assertThatThrownBy(handle.get()::join).isExactlyInstanceOf(TaskFailed.class);
    }

    @WeftTest
    void cancellingAJoinerDoesNotAffectTheTask() {
        Event go = new Event();
        TaskGroup.run(tg -> {
            TaskHandle<String> h =
                    tg.startSoon(() -> {
                        go.await();
                        return "finished";
                    });
            CancelScope joining = Weft.moveOnAfter(Duration.ofMillis(10), s -> h.join());
            assertThat(joining.cancelledCaught()).isTrue();
            assertThat(h.status()).isIn(TaskHandle.Status.PENDING, TaskHandle.Status.RUNNING);
            go.set();
            assertThat(h.join()).isEqualTo("finished");
        });
    }

    @WeftTest
    void theStatusMovesFromRunningToFinished() {
        Event running = new Event();
        Event go = new Event();
        TaskGroup.run(tg -> {
            TaskHandle<String> h =
                    tg.startSoon(() -> {
                        running.set();
                        go.await();
                        return "x";
                    });
            // PENDING can be observed reliably only when the task cannot run yet, as on SERIAL.
            assertThat(h.status()).isIn(TaskHandle.Status.PENDING, TaskHandle.Status.RUNNING);
            if (Weft.currentBackend() == Backend.SERIAL) {
                assertThat(h.status()).isEqualTo(TaskHandle.Status.PENDING);
            }
            running.await();
            assertThat(h.status()).isEqualTo(TaskHandle.Status.RUNNING);
            assertThat(h.status().isDone()).isFalse();
            go.set();
            h.join();
            assertThat(h.status()).isEqualTo(TaskHandle.Status.FINISHED);
            assertThat(h.status().isDone()).isTrue();
        });
    }

    // ---------------------------------------------------------------- start()

    // AnyIO: test_start_return_handle_success
    @WeftTest
    void startForResultGivesTheStartValueAndTheResult() {
        TaskGroup.run(tg -> {
            AtomicBoolean ranOn = new AtomicBoolean();
            StartedTaskHandle<Integer, Integer> h =
                    tg.startForResult(status -> {
                        status.started(3);
                        Weft.checkpoint();
                        ranOn.set(true);
                        return 4 + 5;
                    });
            assertThat(h.startValue()).isEqualTo(3);
            assertThat(h.join()).isEqualTo(9);
            assertThat(h.result()).isEqualTo(9);
            assertThat(ranOn).isTrue();
            assertThat(h.status()).isEqualTo(TaskHandle.Status.FINISHED);
        });
    }

    @WeftTest
    void startWithHandleGivesTheStartValueAndANullResult() {
        TaskGroup.run(tg -> {
            StartedTaskHandle<Integer, Void> h =
                    tg.startWithHandle(status -> {
                        status.started(3);
                        Weft.checkpoint();
                    });
            assertThat(h.startValue()).isEqualTo(3);
            assertThat(h.join()).isNull();
            assertThat(h.status()).isEqualTo(TaskHandle.Status.FINISHED);
        });
    }

    // AnyIO: test_start_return_handle_cancel
    @WeftTest
    void aTaskStartedWithAHandleCanBeCancelledThroughIt() {
        AtomicBoolean reached = new AtomicBoolean();
        AtomicReference<CancelScope> groupScope = new AtomicReference<>();
        TaskGroup.run(tg -> {
            groupScope.set(tg.cancelScope());
            StartedTaskHandle<Integer, Void> h =
                    tg.startWithHandle(status -> {
                        status.started(3);
                        Weft.sleep(LONG);
                        reached.set(true);
                    });
            h.cancel();
            assertThatThrownBy(h::join).isExactlyInstanceOf(TaskCancelled.class);
            assertThat(h.startValue()).isEqualTo(3);
            assertThat(h.status()).isEqualTo(TaskHandle.Status.CANCELLED);
        });
        assertThat(reached).isFalse();
        assertThat(groupScope.get().cancelCalled()).isFalse();
    }

    // AnyIO item 10: test_start_cancels_parent_scope
    @WeftTest
    void startInACancelledScopeRunsAndCancelsTheTaskButNotTheGroup() {
        AtomicBoolean started = new AtomicBoolean();
        AtomicReference<CancelScope> groupScope = new AtomicReference<>();
        CancelScope inner = new CancelScope();
        TaskGroup.run(tg -> {
            groupScope.set(tg.cancelScope());
            inner.run(s -> {
                s.cancel();
                tg.start(status -> {
                    started.set(true);
                    Weft.sleepForever();
                });
            });
        });
        assertThat(started).isTrue();
        assertThat(inner.cancelledCaught()).isTrue();
        assertThat(groupScope.get().cancelCalled()).isFalse();
    }

    // ---------------------------------------------------------------- parents

    // AnyIO: test_start_soon_parent_id
    @WeftTest
    void theParentOfATaskIsTheHostOfItsGroupNotTheTaskThatStartedIt() {
        long rootId = Weft.currentTask().id();
        AtomicReference<OptionalLong> parentId = new AtomicReference<>();
        AtomicReference<Long> starterId = new AtomicReference<>();
        AtomicReference<TaskHandle<Void>> sub = new AtomicReference<>();
        TaskGroup.run(tg ->
                tg.startSoon(() -> {
                    starterId.set(Weft.currentTask().id());
                    sub.set(tg.startSoon(() -> parentId.set(Weft.currentTask().parentId())));
                }));
        assertThat(parentId.get()).isEqualTo(OptionalLong.of(rootId));
        assertThat(starterId.get()).isNotEqualTo(rootId);
        assertThat(sub.get().info().parentId()).isEqualTo(OptionalLong.of(rootId));
    }

    // AnyIO: test_start_parent_id
    @WeftTest
    void aStartingTasksParentIsItsStarterUntilStartedThenTheGroupsHost() {
        long rootId = Weft.currentTask().id();
        AtomicReference<Long> starterId = new AtomicReference<>();
        AtomicReference<OptionalLong> initialParentId = new AtomicReference<>();
        AtomicReference<OptionalLong> permanentParentId = new AtomicReference<>();
        TaskGroup.run(tg ->
                tg.startSoon(() -> {
                    starterId.set(Weft.currentTask().id());
                    tg.start(status -> {
                        initialParentId.set(Weft.currentTask().parentId());
                        status.started();
                        permanentParentId.set(Weft.currentTask().parentId());
                    });
                }));
        assertThat(initialParentId.get()).isNotEqualTo(permanentParentId.get());
        assertThat(initialParentId.get()).isEqualTo(OptionalLong.of(starterId.get()));
        assertThat(permanentParentId.get()).isEqualTo(OptionalLong.of(rootId));
    }
}
