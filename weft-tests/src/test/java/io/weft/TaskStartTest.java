package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** {@code TaskGroup.start()} and {@link TaskStatus}: the start() rules of AnyIO's reference. */
class TaskStartTest {

    /** Work that a cancellation must cut short; the tests never wait for it to elapse. */
    static final Duration LONG = Duration.ofSeconds(10);

    static ExceptionGroup groupThrownBy(ThrowingCallable code) {
        Throwable t = catchThrowable(code);
        assertThat(t).isInstanceOf(ExceptionGroup.class);
        return (ExceptionGroup) t;
    }

    // ---------------------------------------------------------------- the start value (rule 3)

    // AnyIO: test_start_no_value
    @WeftTest
    void startReturnsNullWhenStartedIsCalledWithoutAValue() {
        TaskGroup.run(tg -> {
            Object value = tg.start(status -> status.started());
            assertThat(value).isNull();
        });
    }

    // AnyIO: test_start_with_value
    @WeftTest
    void startReturnsTheValuePassedToStarted() {
        TaskGroup.run(tg -> {
            String value = tg.<String>start(status -> status.started("foo"));
            assertThat(value).isEqualTo("foo");
        });
    }

    // AnyIO: test_start_sync_wrapper (a sync wrapper that calls started() and returns the
    // coroutine; a Java start function is the task itself, so the handle's result is what it
    // returns: null for startWithHandle, the value for startForResult)
    @WeftTest
    void startWithHandleGivesTheStartValueAndAHandleToTheRunningTask() {
        TaskGroup.run(tg -> {
            StartedTaskHandle<Integer, Void> handle =
                    tg.startWithHandle(status -> {
                        status.started(5);
                        Weft.checkpoint();
                    });
            assertThat(handle.startValue()).isEqualTo(5);
            assertThat(handle.join()).isNull();
            assertThat(handle.status()).isEqualTo(TaskHandle.Status.FINISHED);
        });
    }

    @WeftTest
    void startForResultReturnsOnceStartedAndTheHandleGivesTheResultLater() {
        Event release = new Event();
        TaskGroup.run(tg -> {
            StartedTaskHandle<String, Integer> handle =
                    tg.startForResult(status -> {
                        status.started("ready");
                        release.await();
                        return 42;
                    });
            assertThat(handle.startValue()).isEqualTo("ready");
            assertThat(handle.status()).isIn(TaskHandle.Status.PENDING, TaskHandle.Status.RUNNING);
            release.set();
            assertThat(handle.join()).isEqualTo(42);
        });
    }

    @WeftTest
    void startForResultWithAMethodReferenceTakesItsValue() {
        TaskGroup.run(tg -> {
            StartedTaskHandle<Integer, String> handle =
                    tg.startForResult(TaskStartTest::portThenName);
            assertThat(handle.startValue()).isEqualTo(8080);
            assertThat(handle.join()).isEqualTo("served");
        });
    }

    private static String portThenName(TaskStatus<Integer> status) {
        status.started(8080);
        return "served";
    }

    @WeftTest
    void aFailureBeforeStartedIsThrownFromStartForResultAndSparesTheGroup() {
        AtomicReference<CancelScope> groupScope = new AtomicReference<>();
        TaskGroup.run(tg -> {
            groupScope.set(tg.cancelScope());
            assertThatThrownBy(() ->
                            tg.startForResult(status -> {
                                throw new IllegalArgumentException("bad config");
                            }))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bad config");
        });
        assertThat(groupScope.get().cancelCalled()).isFalse();
    }

    @WeftTest
    void aResultWithoutStartedIsAnError() {
        TaskGroup.run(tg -> {
            assertThatThrownBy(() -> tg.startForResult(status -> 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without calling TaskStatus.started()");
        });
    }

    @WeftTest
    void aFailureAfterStartedFailsTheGroupAndTheHandle() {
        AtomicReference<StartedTaskHandle<Integer, Integer>> handle = new AtomicReference<>();
        assertThatThrownBy(() ->
                        TaskGroup.run(tg -> {
                            handle.set(
                                    tg.startForResult(status -> {
                                        status.started(1);
                                        throw new IllegalStateException("broke after start");
                                    }));
                        }))
                .isInstanceOf(ExceptionGroup.class)
                .satisfies(e ->
                        assertThat(((ExceptionGroup) e).exceptions())
                                .singleElement()
                                .isInstanceOf(IllegalStateException.class));
        assertThat(handle.get().status()).isEqualTo(TaskHandle.Status.FAILED);
        assertThatThrownBy(() -> handle.get().result())
                .isInstanceOf(TaskFailed.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @WeftTest
    void anIgnoredStatusLetsAStartFunctionBeCalledDirectly() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        TaskStartFunction<String> fn =
                status -> {
                    status.started("a");
                    status.started("twice is fine here");
                    ran.set(true);
                };
        fn.run(TaskStatus.ignored());
        assertThat(ran).isTrue();
    }

    // ---------------------------------------------------------------- closed groups (rule 1)

    // AnyIO: test_start_already_closed
    @WeftTest
    void startingInAGroupThatHasExitedFails() {
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        TaskGroup.run(group::set);
        TaskGroup tg = group.get();
        AtomicBoolean ran = new AtomicBoolean();
        TaskStartFunction<Object> fn =
                status -> {
                    ran.set(true);
                    status.started();
                };
        List<ThrowingCallable> starts =
                List.of(
                        () -> tg.start(fn),
                        () -> tg.start("named", fn),
                        () -> tg.startWithHandle(fn),
                        () -> tg.startWithHandle("named", fn));
        for (ThrowingCallable start : starts) {
            assertThatThrownBy(start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("task group is not active; no new tasks can be started");
        }
        assertThat(ran).as("the function never ran").isFalse();
    }

    // ---------------------------------------------------------------- failures (rules 4–6)

    // AnyIO item 8: test_start_crash_before_started_call
    @WeftTest
    void anExceptionBeforeStartedIsThrownFromStartUnwrappedAndSparesTheGroup() {
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        TaskGroup.run(tg -> {
            group.set(tg);
            assertThatThrownBy(() ->
                            tg.start(status -> {
                                throw new Exception("foo");
                            }))
                    .isExactlyInstanceOf(Exception.class)
                    .hasMessage("foo");
        });
        assertThat(group.get().cancelScope().cancelCalled()).isFalse();
    }

    // AnyIO item 9: test_start_crash_after_started_call
    @WeftTest
    void anExceptionAfterStartedGoesToTheGroup() {
        AtomicReference<Integer> value = new AtomicReference<>();
        ExceptionGroup eg =
                groupThrownBy(() ->
                        TaskGroup.run(tg ->
                                value.set(
                                        tg.<Integer>start(status -> {
                                            status.started(2);
                                            throw new Exception("foo");
                                        }))));
        assertThat(eg.exceptions()).hasSize(1);
        assertThat(eg.exceptions().get(0).getMessage()).isEqualTo("foo");
        assertThat(value.get()).isEqualTo(2);
    }

    // AnyIO: test_start_no_started_call
    @WeftTest
    void aFunctionThatReturnsWithoutCallingStartedMakesStartFail() {
        TaskGroup.run(tg ->
                assertThatThrownBy(() -> tg.start("lazy", status -> {}))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(
                                "'lazy' exited without calling TaskStatus.started()"));
    }

    @WeftTest
    void callingStartedAfterTheTaskExitedFails() {
        AtomicReference<TaskStatus<Object>> leaked = new AtomicReference<>();
        TaskGroup.run(tg -> {
            assertThatThrownBy(() -> tg.start(leaked::set))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited without calling TaskStatus.started()");
            assertThatThrownBy(() -> leaked.get().started())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("called 'started' after the task had already exited");
        });
    }

    // ---------------------------------------------------------------- started twice (rule 10)

    // AnyIO: test_start_called_twice
    @WeftTest
    void callingStartedTwiceFailsInTheTask() {
        AtomicReference<Throwable> second = new AtomicReference<>();
        TaskGroup.run(tg -> {
            Object value =
                    tg.start(status -> {
                        status.started();
                        second.set(catchThrowable(status::started));
                    });
            assertThat(value).isNull();
        });
        assertThat(second.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("called 'started' twice on the same task status");
    }

    // AnyIO: test_start_sync_wrapper_called_twice. There the wrapper runs in the caller, so
    // start() raises; a Java start function runs in the new task, so the second call fails after
    // the first one succeeded, and that failure belongs to the group (rule 6).
    @WeftTest
    void anUncaughtSecondStartedCallFailsTheGroupNotStart() {
        AtomicReference<Object> value = new AtomicReference<>("unset");
        ExceptionGroup eg =
                groupThrownBy(() ->
                        TaskGroup.run(tg ->
                                value.set(
                                        tg.start(status -> {
                                            status.started("first");
                                            status.started("second");
                                        }))));
        assertThat(value.get()).isEqualTo("first");
        assertThat(eg.exceptions())
                .singleElement()
                .isInstanceOf(IllegalStateException.class)
                .hasFieldOrPropertyWithValue(
                        "message", "called 'started' twice on the same task status");
    }

    // ---------------------------------------------------------------- cancellation (rules 7–9)

    // AnyIO: test_no_called_started_twice
    @WeftTest
    void startInACancelledGroupWhoseTaskCallsStartedDoesNotFail() {
        AtomicReference<Throwable> startedFailure = new AtomicReference<>();
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        TaskGroup.run(tg -> {
            group.set(tg);
            tg.cancelScope().cancel();
            tg.start(status -> startedFailure.set(catchThrowable(status::started)));
        });
        // Whether start() itself then throws the Cancelled depends on whether the task called
        // started() before the host's wait was cancelled (a granted wait wins), so only the
        // point of AnyIO's test is asserted: started() never fails.
        assertThat(startedFailure.get()).isNull();
        assertThat(group.get().cancelScope().cancelCalled()).isTrue();
    }

    // AnyIO: test_start_cancelled
    @WeftTest
    void startInACancelledGroupRunsTheTaskUntilItsFirstCheckpoint() {
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean pastStart = new AtomicBoolean();
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        TaskGroup.run(tg -> {
            group.set(tg);
            tg.cancelScope().cancel();
            tg.start(status -> {
                started.set(true);
                Weft.sleep(LONG);
                finished.set(true);
            });
            pastStart.set(true);
        });
        assertThat(started).isTrue();
        assertThat(finished).isFalse();
        assertThat(pastStart).as("start() threw the cancellation").isFalse();
        assertThat(group.get().cancelScope().cancelledCaught()).isTrue();
    }

    // AnyIO: test_start_native_host_cancelled (asyncio-only in AnyIO, through Task.cancel() of
    // the task waiting in start(); Weft's counterpart for cancelling one task is
    // TaskHandle.cancel())
    @WeftTest
    void cancellingTheTaskWaitingInStartCancelsTheStartingTask() {
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicReference<TaskGroup> target = new AtomicReference<>();
        TaskGroup.run(tg -> {
            TaskHandle<Void> starter =
                    tg.startSoon(() ->
                            TaskGroup.run(inner -> {
                                target.set(inner);
                                inner.start(status -> {
                                    started.set(true);
                                    Weft.sleep(LONG);
                                    finished.set(true);
                                });
                            }));
            Weft.waitAllTasksBlocked();
            starter.cancel();
            assertThatThrownBy(starter::join).isInstanceOf(TaskCancelled.class);
        });
        assertThat(started).isTrue();
        assertThat(finished).isFalse();
        // The target group was not cancelled itself (rule 7): the cancellation went through it.
        assertThat(target.get().cancelScope().cancelCalled()).isFalse();
    }

    // AnyIO item 11: test_start_cancel_after_error
    @WeftTest
    void aSiblingsFailureCancelsAPendingStart() {
        AtomicBoolean sleepCompleted = new AtomicBoolean();
        ExceptionGroup eg =
                groupThrownBy(() ->
                        TaskGroup.run(outer ->
                                TaskGroup.run(inner -> {
                                    inner.startSoon(() -> {
                                        Weft.waitAllTasksBlocked();
                                        throw new RuntimeException(
                                                "This should cancel the second start() call");
                                    });
                                    outer.start(status -> {
                                        Weft.sleep(LONG);
                                        sleepCompleted.set(true);
                                        status.started();
                                    });
                                })));
        assertThat(eg.exceptions()).singleElement().isInstanceOf(ExceptionGroup.class);
        ExceptionGroup innerGroup = (ExceptionGroup) eg.exceptions().get(0);
        assertThat(innerGroup.exceptions())
                .singleElement()
                .isExactlyInstanceOf(RuntimeException.class);
        assertThat(sleepCompleted).isFalse();
    }

    // ---------------------------------------------------------------- bad input

    @WeftTest
    void nullArgumentsAreRejectedWithTheParameterName() {
        TaskGroup.run(tg -> {
            assertThatThrownBy(() -> tg.start(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("fn");
            assertThatThrownBy(() -> tg.start("name", null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("fn");
            assertThatThrownBy(() -> tg.startWithHandle(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("fn");
            assertThatThrownBy(() -> tg.startWithHandle("name", null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("fn");
            assertThatThrownBy(() -> tg.startForResult(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("fn");
            assertThatThrownBy(() -> tg.startForResult("name", null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("fn");
        });
    }

    // Found by the S19 example: adopting a started task into a group that already had a child cut
    // it out of the group's child list, so cancelling the group then failed.
    @WeftTest
    void aGroupWithTwoStartedTasksIsCancelledByOneOfThemAndCancelsBoth() {
        AtomicBoolean firstCancelled = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.start(status -> {
                status.started();
                try {
                    Weft.sleepForever();
                } catch (Cancelled c) {
                    firstCancelled.set(true);
                    throw c;
                }
            });
            tg.start(status -> {
                status.started();
                Weft.checkpoint();
                tg.cancelScope().cancel();
            });
        });
        assertThat(firstCancelled).isTrue();
    }
}
