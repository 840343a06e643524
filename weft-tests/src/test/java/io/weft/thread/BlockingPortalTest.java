package io.weft.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.Backend;
import io.weft.Cancelled;
import io.weft.ExceptionGroup;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.TaskStatus;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * BlockingPortal: calls and tasks from plain threads, futures and their cancellation, start values,
 * lent resources, stopping with and without cancelling, misuse.
 */
class BlockingPortalTest {

    private static BlockingPortal start(Backend backend) {
        return BlockingPortal.start(RunOptions.defaults().backend(backend), "weft-portal-test");
    }

    // ---------------------------------------------------------------- AnyIO's
    // tests/test_from_thread.py::TestBlockingPortal, portals opened inside a runtime

    // AnyIO: test_call_corofunc
    @WeftTest
    void aWorkerThreadCallsIntoThePortal() {
        int result =
                BlockingPortal.run(portal ->
                        ToThread.runSync(() ->
                                portal.call(() -> {
                                    Weft.checkpoint();
                                    return 1 + 2;
                                })));
        assertThat(result).isEqualTo(3);
    }

    // AnyIO: test_aexit_with_exception
    @WeftTest
    void aBodyThatThrowsCancelsThePortalsTasks() throws Exception {
        List<Throwable> results = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        Event[] running = {new Event(), new Event()};
        Throwable e =
                catchThrowable(() ->
                        BlockingPortal.run(portal -> {
                            for (Event r : running) {
                                threads.add(
                                        Thread.ofPlatform()
                                                .start(() -> {
                                                    try {
                                                        portal.call(() -> {
                                                            r.set();
                                                            Weft.sleep(Duration.ofSeconds(60));
                                                            return null;
                                                        });
                                                        results.add(null);
                                                    } catch (Throwable x) {
                                                        results.add(x);
                                                    }
                                                }));
                            }
                            for (Event r : running) {
                                r.await();
                            }
                            assertThat(results).isEmpty();
                            throw new IllegalStateException("body failed");
                        }));
        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessage("body failed");
        for (Thread t : threads) {
            ToThread.runSync(() -> t.join());
        }
        assertThat(results)
                .hasSize(2)
                .allSatisfy(x -> assertThat(x).isInstanceOf(CancellationException.class));
    }

    // AnyIO: test_aexit_without_exception
    @WeftTest
    void aBodyThatReturnsWaitsForThePortalsTasks() throws Exception {
        List<Throwable> results = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        Event release = new Event();
        Event[] running = {new Event(), new Event()};
        BlockingPortal.run(portal -> {
            for (Event r : running) {
                threads.add(
                        Thread.ofPlatform()
                                .start(() -> {
                                    try {
                                        portal.call(() -> {
                                            r.set();
                                            release.await();
                                            return null;
                                        });
                                        results.add(null);
                                    } catch (Throwable x) {
                                        results.add(x);
                                    }
                                }));
            }
            for (Event r : running) {
                r.await();
            }
            assertThat(results).isEmpty();
            release.set(); // the portal's close waits for both calls to finish
            return null;
        });
        for (Thread t : threads) {
            ToThread.runSync(() -> t.join());
        }
        assertThat(results).containsExactly(null, null);
    }

    // AnyIO: test_call_portal_from_event_loop_thread
    @WeftTest
    void callingThePortalFromItsOwnRuntimeIsAnError() {
        BlockingPortal.run(portal -> {
            assertThatThrownBy(() -> portal.call(() -> 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("of the portal's own runtime; call the code directly");
            return null;
        });
    }

    // ---------------------------------------------------------------- portals in their own thread

    // AnyIO: test_start_with_new_event_loop and test_start_with_thread_name
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aStartedPortalRunsTasksInItsOwnRuntimeAndThread(Backend backend) {
        Thread worker;
        try (BlockingPortal portal = start(backend)) {
            assertThat(portal.call(Weft::currentBackend)).isEqualTo(backend);
            assertThat(portal.call(() -> Thread.currentThread().isVirtual()))
                    .isEqualTo(backend != Backend.PLATFORM);
            worker = portal.call(() -> ToThread.runSync(() -> Thread.currentThread()));
            assertThat(worker).isNotEqualTo(Thread.currentThread());
            assertThat(portal.isRunning()).isTrue();
        }
        assertThat(threadsNamed("weft-portal-test")).as("the portal's thread has ended").isEmpty();
        assertThat(worker.isAlive()).as("and so has its worker").isFalse();
    }

    // AnyIO: test_call_stopped_portal
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aStoppedPortalRefusesRequests(Backend backend) {
        BlockingPortal portal = start(backend);
        portal.close();
        assertThat(portal.isRunning()).isFalse();
        assertThatThrownBy(() -> portal.call(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
        assertThatThrownBy(() -> portal.startTaskSoon(() -> 1))
                .isInstanceOf(IllegalStateException.class);
        portal.close(); // idempotent
    }

    // AnyIO: test_start_task_soon
    @ParameterizedTest
    @EnumSource(Backend.class)
    void startTaskSoonReturnsAFutureOfTheTasksResult(Backend backend) throws Exception {
        try (BlockingPortal portal = start(backend)) {
            Event event1 = new Event();
            Event event2 = new Event();
            CompletableFuture<String> future =
                    portal.startTaskSoon(() -> {
                        event1.await();
                        event2.set();
                        return "test";
                    });
            portal.call(() -> {
                event1.set();
                return null;
            });
            portal.call(() -> {
                event2.await();
                return null;
            });
            assertThat(future.get()).isEqualTo("test");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingTaskCompletesItsFutureExceptionallyAndTheOthersRunOn(Backend backend) {
        try (BlockingPortal portal = start(backend)) {
            CompletableFuture<Integer> bad =
                    portal.startTaskSoon(() -> Integer.parseInt("not a number"));
            Throwable e = catchThrowable(bad::get);
            assertThat(e).isInstanceOf(ExecutionException.class);
            assertThat(e.getCause()).isInstanceOf(NumberFormatException.class);
            assertThatThrownBy(() -> portal.call(() -> Integer.parseInt("x")))
                    .as("call throws the task's own exception")
                    .isExactlyInstanceOf(NumberFormatException.class);
            assertThat(portal.call(() -> 5)).isEqualTo(5);
        }
    }

    // AnyIO: test_start_task_soon_cancel_later
    @ParameterizedTest
    @EnumSource(Backend.class)
    void cancellingTheFutureCancelsTheTask(Backend backend) throws Exception {
        CompletableFuture<Throwable> seenInTask = new CompletableFuture<>();
        try (BlockingPortal portal = start(backend)) {
            CompletableFuture<Void> future =
                    portal.startTaskSoon(() -> {
                        try {
                            Weft.sleep(Duration.ofSeconds(60));
                        } catch (Cancelled c) {
                            seenInTask.complete(c);
                            throw c;
                        }
                        return null;
                    });
            portal.call(() -> {
                Weft.waitAllTasksBlocked();
                return null;
            });
            assertThat(future.cancel(true)).isTrue();
            assertThat(future.isCancelled()).isTrue();
            assertThat(seenInTask.get()).hasMessageContaining("the future was cancelled");
        }
    }

    // AnyIO: test_start_task_soon_cancel_immediately
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFutureCancelledAtOnceCancelsTheTaskAtItsFirstCheckpoint(Backend backend)
            throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        try (BlockingPortal portal = start(backend)) {
            CompletableFuture<Void> future =
                    portal.startTaskSoon(() -> {
                        try {
                            Weft.sleep(Duration.ofSeconds(60));
                        } catch (Cancelled c) {
                            cancelled.set(true);
                        } finally {
                            done.countDown();
                        }
                        return null;
                    });
            future.cancel(false);
            done.await();
        }
        assertThat(cancelled).isTrue();
    }

    // AnyIO: test_start_task_soon_cancel_after_stop
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFutureCancelledAfterTheStopStillCancelsTheTask(Backend backend) throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        try (BlockingPortal portal = start(backend)) {
            CompletableFuture<Void> future =
                    portal.startTaskSoon(() -> {
                        try {
                            Weft.sleep(Duration.ofSeconds(60));
                        } catch (Cancelled c) {
                            cancelled.set(true);
                        } finally {
                            done.countDown();
                        }
                        return null;
                    });
            portal.call(() -> {
                Weft.waitAllTasksBlocked();
                portal.stop(false); // from inside the runtime: does not wait
                return null;
            });
            assertThat(portal.isRunning()).isFalse();
            future.cancel(false);
            done.await();
        }
        assertThat(cancelled).isTrue();
    }

    // AnyIO: test_start_task_soon_with_name and test_start_with_name
    @ParameterizedTest
    @EnumSource(Backend.class)
    void tasksCanBeNamed(Backend backend) throws Exception {
        try (BlockingPortal portal = start(backend)) {
            assertThat(portal.startTaskSoon("testname", () -> Weft.currentTask().name()).get())
                    .isEqualTo("testname");
            assertThat(
                            portal.startTask(
                                            "startname",
                                            (TaskStatus<String> status) ->
                                                    status.started(Weft.currentTask().name()))
                                    .value())
                    .isEqualTo("startname");
        }
    }

    // AnyIO: test_start_no_value, test_start_with_value
    @ParameterizedTest
    @EnumSource(Backend.class)
    void startTaskReturnsTheStartValueAndTheFuture(Backend backend) throws Exception {
        try (BlockingPortal portal = start(backend)) {
            StartedTask<String, Void> none = portal.startTask(status -> status.started());
            assertThat(none.value()).isNull();
            assertThat(none.future().get()).isNull();
            StartedTask<String, Void> foo = portal.startTask(status -> status.started("foo"));
            assertThat(foo.value()).isEqualTo("foo");
            assertThat(foo.future().get()).isNull();
        }
    }

    // AnyIO: start_task's future has the task's return value
    @ParameterizedTest
    @EnumSource(Backend.class)
    void startTaskForResultCompletesTheFutureWithTheResult(Backend backend) throws Exception {
        try (BlockingPortal portal = start(backend)) {
            StartedTask<Integer, String> task =
                    portal.startTaskForResult(status -> {
                        status.started(1);
                        Weft.checkpoint();
                        return "result";
                    });
            assertThat(task.value()).isEqualTo(1);
            assertThat(task.future().get()).isEqualTo("result");
            StartedTask<String, String> named =
                    portal.startTaskForResult(
                            "for result",
                            status -> {
                                status.started(Weft.currentTask().name());
                                return Weft.currentTask().name();
                            });
            assertThat(named.future().get()).isEqualTo(named.value()).isEqualTo("for result");
            assertThatThrownBy(() -> portal.startTaskForResult(status -> 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("returned without calling started()");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aStartedPortalTaskIsNamedAfterTheCodeItRuns(Backend backend) throws Exception {
        try (BlockingPortal portal = start(backend)) {
            StartedTask<String, Void> task =
                    portal.startTask(status -> status.started(Weft.currentTask().name()));
            assertThat(task.value()).isEqualTo(BlockingPortalTest.class.getName() + ".lambda");
        }
    }

    // AnyIO: test_start_crash_before_started_call, test_start_crash_after_started_call,
    // test_start_no_started_call
    @ParameterizedTest
    @EnumSource(Backend.class)
    void startTaskReportsCrashesAndAMissingStarted(Backend backend) {
        try (BlockingPortal portal = start(backend)) {
            assertThatThrownBy(() ->
                            portal.startTask(status -> {
                                throw new IllegalArgumentException("foo");
                            }))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("foo");
            StartedTask<Integer, Void> after =
                    portal.startTask(status -> {
                        status.started(2);
                        throw new IllegalArgumentException("foo");
                    });
            assertThat(after.value()).isEqualTo(2);
            assertThat(catchThrowable(() -> after.future().get()).getCause())
                    .isExactlyInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> portal.startTask(status -> {}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("returned without calling started()");
        }
    }

    // AnyIO: test_async_context_manager_success, _error, _error_ignore
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aResourceIsLentToTheCallingThread(Backend backend) {
        try (BlockingPortal portal = start(backend)) {
            BlockingPortal.Resource<String> resource = use -> use.accept("test");
            String lent = portal.withResource(resource, r -> r + "!");
            assertThat(lent).isEqualTo("test!");

            assertThatThrownBy(() ->
                            portal.withResource(
                                    resource,
                                    r -> {
                                        throw new IllegalStateException("should NOT be ignored");
                                    }))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("should NOT be ignored");

            BlockingPortal.Resource<String> ignoring =
                    use -> {
                        try {
                            use.accept("test");
                        } catch (IllegalStateException ignored) {
                            // the resource swallows the body's failure
                        }
                    };
            String none =
                    portal.withResource(
                            ignoring,
                            r -> {
                                throw new IllegalStateException("should be ignored");
                            });
            assertThat(none).isNull();
        }
    }

    // AnyIO: test_async_context_manager_exception_in_task_group (#381)
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aLentTaskGroupReportsItsTasksFailure(Backend backend) {
        try (BlockingPortal portal = start(backend)) {
            Throwable e =
                    catchThrowable(() ->
                            portal.withResource(
                                    (BlockingPortal.Resource<TaskGroup>)
                                            use ->
                                                    TaskGroup.run(tg -> {
                                                        tg.startSoon(() -> {
                                                            throw new ArithmeticException(
                                                                    "/ by zero");
                                                        });
                                                        use.accept(tg);
                                                    }),
                                    tg -> null));
            assertThat(e).isInstanceOf(ExceptionGroup.class);
            assertThat(((ExceptionGroup) e).exceptions())
                    .singleElement()
                    .isInstanceOf(ArithmeticException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stopWithCancelRemainingCancelsTheRunningTasks(Backend backend) {
        BlockingPortal portal = start(backend);
        CompletableFuture<Void> running =
                portal.startTaskSoon(() -> {
                    Weft.sleepForever();
                    return null;
                });
        portal.call(() -> {
            Weft.waitAllTasksBlocked();
            return null;
        });
        portal.stop(true);
        assertThat(running).isCancelled();
        portal.close();
        assertThat(threadsNamed("weft-portal-test")).isEmpty();
    }

    // AnyIO: test_start_with_nonexistent_backend (options the runtime rejects)
    @org.junit.jupiter.api.Test
    void optionsTheRuntimeRejectsFailTheStart() {
        assertThatThrownBy(() -> BlockingPortal.start(RunOptions.defaults().seed(1), "bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("applies to Backend.SERIAL only");
    }

    @WeftTest
    void startingAPortalFromATaskIsAnError() {
        assertThatThrownBy(BlockingPortal::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BlockingPortal.run");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTokenOfThePortalReachesItsRuntime(Backend backend) {
        try (BlockingPortal portal = start(backend)) {
            AtomicReference<Backend> seen = new AtomicReference<>();
            FromThread.run(portal.token(), () -> seen.set(Weft.currentBackend()));
            assertThat(seen).hasValue(backend);
        }
    }

    private static List<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .toList();
    }
}
