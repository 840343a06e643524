package io.weft.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.NoRuntimeError;
import io.weft.RunFinishedError;
import io.weft.RunOptions;
import io.weft.RuntimeToken;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FromThread: calling back into the runtime from worker threads and, with a token, from any thread;
 * checkCancelled; which scope a callback runs in; errors outside a runtime.
 */
class FromThreadTest {

    // ---------------------------------------------------------------- AnyIO's
    // tests/test_from_thread.py

    // AnyIO: test_thread_cancelled
    @WeftTest
    void checkCancelledThrowsInTheWorkerOnceTheCallerIsCancelled() {
        CountDownLatch event = new CountDownLatch(1);
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                tg.cancelScope().cancel();
                event.countDown();
            });
            ToThread.runSync(() -> {
                started.set(true);
                event.await();
                FromThread.checkCancelled();
                finished.set(true);
            });
        });
        assertThat(started).isTrue();
        assertThat(finished).isFalse(); // and the group swallowed the worker's Cancelled
    }

    // AnyIO: test_thread_cancelled_and_abandoned
    @WeftTest
    void checkCancelledThrowsInAnAbandonedWorker() throws Exception {
        CountDownLatch event = new CountDownLatch(1);
        CompletableFuture<Void> threadFinished = new CompletableFuture<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    ToThread.runSync(
                            ToThreadOptions.defaults().abandonOnCancel(true),
                            () -> {
                                event.await();
                                try {
                                    FromThread.checkCancelled();
                                    threadFinished.complete(null);
                                } catch (Throwable e) {
                                    threadFinished.completeExceptionally(e);
                                }
                            }));
            Weft.waitAllTasksBlocked();
            tg.cancelScope().cancel();
        });
        event.countDown();
        Throwable e = catchThrowable(threadFinished::get);
        assertThat(e.getCause()).isInstanceOf(Cancelled.class);
    }

    // AnyIO: test_thread_cancelled_not_in_worker_thread
    @Test
    void checkCancelledOutsideAWorkerIsANoRuntimeError() {
        assertThatThrownBy(FromThread::checkCancelled)
                .isInstanceOf(NoRuntimeError.class)
                .hasMessageContaining("can only be called from a ToThread.runSync worker thread");
    }

    @WeftTest
    void checkCancelledInATaskIsANoRuntimeError() {
        assertThatThrownBy(FromThread::checkCancelled).isInstanceOf(NoRuntimeError.class);
    }

    // AnyIO: test_cancelscope_propagation
    @WeftTest
    void aCallbackRunsInTheCallersScopeAndIsCancelledWithIt() throws Exception {
        CancelScope scope = new CancelScope();
        scope.run(s ->
                ToThread.runSync(() ->
                        FromThread.run(() -> {
                            scope.cancel();
                            Weft.failAfter(
                                    Duration.ofSeconds(60),
                                    () -> {
                                        Weft.sleep(Duration.ofSeconds(120));
                                    });
                        })));
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // AnyIO: test_cancelscope_propagation_when_abandoned
    @WeftTest
    void aCallbackOfAnAbandonableCallOutlivesTheCallersScope() throws Exception {
        Event hostCancelled = new Event();
        Event completed = new Event();
        CancelScope scope = new CancelScope();
        scope.run(s ->
                ToThread.runSync(
                        ToThreadOptions.defaults().abandonOnCancel(true),
                        () ->
                                FromThread.run(() -> {
                                    scope.cancel();
                                    Weft.failAfter(
                                            Duration.ofSeconds(60),
                                            () -> {
                                                hostCancelled.await();
                                            });
                                    completed.set();
                                })));
        assertThat(scope.cancelledCaught()).isTrue();
        hostCancelled.set();
        Weft.failAfter(
                Duration.ofSeconds(60),
                () -> {
                    completed.await();
                });
    }

    // AnyIO: TestRunAsyncFromThread::test_run_corofunc_from_thread
    @WeftTest
    void runReturnsTheCallbacksValue() {
        int result =
                ToThread.runSync(() ->
                        FromThread.run(() -> {
                            Weft.checkpoint(); // a Weft wait is allowed: it runs in a task
                            return 1 + 2;
                        }));
        assertThat(result).isEqualTo(3);
    }

    // AnyIO: TestRunAsyncFromThread::test_run_sync_from_thread
    @WeftTest
    void runSyncReturnsTheCallbacksValue() {
        assertThat(ToThread.runSync(() -> FromThread.runSync(() -> 1 + 2))).isEqualTo(3);
    }

    // AnyIO: TestRunAsyncFromThread::test_run_async_from_unclaimed_thread
    @WeftTest
    void anyThreadWithATokenCanRunCodeInTheRuntime() throws Exception {
        Event event = new Event();
        RuntimeToken token = Weft.currentToken();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> future =
                    executor.submit(() ->
                            FromThread.run(
                                    token,
                                    () -> {
                                        event.set();
                                        return 7;
                                    }));
            event.await();
            assertThat(ToThread.runSync(() -> future.get())).isEqualTo(7);
        } finally {
            executor.shutdown();
        }
    }

    // AnyIO: TestRunSyncFromThread::test_run_sync_from_unclaimed_thread
    @WeftTest
    void anyThreadWithATokenCanRunShieldedCode() throws Exception {
        Event event = new Event();
        RuntimeToken token = Weft.currentToken();
        CompletableFuture<Integer> future = new CompletableFuture<>();
        Thread.ofPlatform()
                .start(() -> {
                    FromThread.runSync(token, event::set);
                    future.complete(7);
                });
        event.await();
        assertThat(ToThread.runSync(() -> future.get())).isEqualTo(7);
    }

    // AnyIO: TestRunAsyncFromThread::test_run_async_from_thread_exception and
    // TestRunSyncFromThread::test_run_sync_from_thread_exception
    @WeftTest
    void aCallbacksExceptionReachesTheWorkerAndThenTheCaller() {
        AtomicReference<Throwable> inWorker = new AtomicReference<>();
        Throwable e =
                catchThrowable(() ->
                        ToThread.runSync(() -> {
                            try {
                                return FromThread.run(() -> Integer.parseInt("foo"));
                            } catch (NumberFormatException x) {
                                inWorker.set(x);
                                throw x;
                            }
                        }));
        assertThat(e).isInstanceOf(NumberFormatException.class).isSameAs(inWorker.get());
        assertThat(
                        catchThrowable(() ->
                                ToThread.runSync(() ->
                                        FromThread.runSync(() -> {
                                            throw new IllegalStateException("sync");
                                        }))))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("sync");
    }

    // AnyIO: TestRunAsyncFromThread::test_run_anyio_async_func_from_thread
    @WeftTest
    void aCallbackMaySleep() {
        assertThat(
                        ToThread.runSync(() -> {
                            FromThread.run(() -> Weft.sleep(Duration.ZERO));
                            return true;
                        }))
                .isTrue();
    }

    // AnyIO: TestRunAsyncFromThread::test_run_async_no_event_loop and
    // TestRunSyncFromThread::test_run_sync_from_unclaimed_thread_no_token
    @Test
    void withoutAWorkerOrATokenRunIsANoRuntimeError() {
        assertThatThrownBy(() -> FromThread.run(() -> 1))
                .isInstanceOf(NoRuntimeError.class)
                .hasMessageContaining("is not a ToThread.runSync worker thread")
                .hasMessageContaining("no RuntimeToken was given");
        assertThatThrownBy(() -> FromThread.runSync(() -> 1)).isInstanceOf(NoRuntimeError.class);
    }

    // AnyIO: TestRunAsyncFromThread::test_run_async_closed_event_loop and
    // TestRunSyncFromThread::test_run_sync_closed_event_loop
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTokenOfAnEndedRunGivesRunFinishedError(Backend backend) {
        RuntimeToken token = Weft.run(RunOptions.defaults().backend(backend), Weft::currentToken);
        assertThat(token.hasEnded()).isTrue();
        assertThatThrownBy(() -> FromThread.run(token, () -> 1))
                .isInstanceOf(RunFinishedError.class)
                .hasMessageContaining("has ended");
        assertThatThrownBy(() -> FromThread.runSync(token, () -> 1))
                .isInstanceOf(RunFinishedError.class);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCallStillRunningWhenTheRunEndsIsCancelledAndGivesRunFinishedError(Backend backend)
            throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Weft.run(
                RunOptions.defaults().backend(backend),
                () -> {
                    Event started = new Event();
                    RuntimeToken token = Weft.currentToken();
                    Thread.ofPlatform()
                            .start(() ->
                                    outcome.complete(
                                            catchThrowable(() ->
                                                    FromThread.run(
                                                            token,
                                                            () -> {
                                                                started.set();
                                                                Weft.sleepForever();
                                                            }))));
                    started.await();
                });
        Throwable e = outcome.get();
        assertThat(e).isInstanceOf(RunFinishedError.class).hasMessageContaining("ended while");
        assertThat(e.getCause()).isInstanceOf(Cancelled.class);
    }

    @WeftTest
    void aTaskCallingFromThreadIsToldToCallTheCodeDirectly() {
        assertThatThrownBy(() -> FromThread.run(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a Weft task");
        RuntimeToken token = Weft.currentToken();
        assertThatThrownBy(() -> FromThread.run(token, () -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("token's own runtime");
    }

    @WeftTest
    void runSyncIsShieldedWhileRunIsNot() {
        AtomicBoolean shieldedCheckpointPassed = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        scope.run(s ->
                ToThread.runSync(() -> {
                    FromThread.run(() -> scope.cancel());
                    FromThread.runSync(() -> {
                        Weft.checkpoint();
                        shieldedCheckpointPassed.set(true);
                    });
                    FromThread.checkCancelled(); // throws: the caller's scope is cancelled
                }));
        assertThat(shieldedCheckpointPassed).isTrue();
        assertThat(scope.cancelledCaught()).isTrue();
    }

    @WeftTest
    void aTokenCallRunsInATaskThatNoScopeOfTheCallerCancels() throws Exception {
        RuntimeToken token = Weft.currentToken();
        CompletableFuture<Boolean> cancelledInside = new CompletableFuture<>();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            scope.cancel();
            // This task is cancelled, but the token call's system task is not under its scope.
            Thread.ofPlatform()
                    .start(() ->
                            FromThread.run(
                                    token,
                                    () -> {
                                        Weft.checkpoint();
                                        cancelledInside.complete(false);
                                    }));
        });
        assertThat(ToThread.runSync(() -> cancelledInside.get())).isFalse();
    }
}
