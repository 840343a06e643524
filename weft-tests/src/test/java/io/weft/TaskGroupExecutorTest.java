package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import io.weft.thread.ToThread;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** TaskGroup.asExecutor: executor submissions as tasks of the group, futures, shutdown. */
class TaskGroupExecutorTest {

    @WeftTest
    void submittedTasksAreTasksOfTheGroupAndTheGroupWaitsForThem() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        Event release = new Event();
        AtomicReference<Future<String>> future = new AtomicReference<>();
        TaskGroup.run(tg -> {
            ExecutorService pool = tg.asExecutor();
            assertThat(tg.asExecutor()).isSameAs(pool);
            future.set(
                    pool.submit(() -> {
                        release.await();
                        finished.set(true);
                        return Weft.currentTask().name();
                    }));
            Weft.waitAllTasksBlocked();
            assertThat(Weft.runningTasks()).hasSize(2); // the host and the submitted task
            release.set();
        });
        assertThat(finished).as("the group waited for the submitted task").isTrue();
        assertThat(future.get().get()).contains("TaskGroupExecutorTest");
    }

    @WeftTest
    void invokeAllRunsEveryTaskAndReturnsTheirFuturesInOrder() throws Exception {
        TaskGroup.run(tg -> {
            List<Callable<Integer>> work =
                    List.of(
                            () -> 1,
                            () -> {
                                Weft.checkpoint();
                                return 2;
                            },
                            () -> 3);
            List<Future<Integer>> all = tg.asExecutor().invokeAll(work);
            assertThat(all).allMatch(Future::isDone);
            assertThat(all.get(0).get() + all.get(1).get() + all.get(2).get()).isEqualTo(6);
            assertThat(all.get(1).get()).isEqualTo(2);
        });
    }

    @WeftTest
    void cancellingAFutureCancelsItsTask() {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        TaskGroup.run(tg -> {
            Future<?> f =
                    tg.asExecutor()
                            .submit(() -> {
                                try {
                                    Weft.sleepForever();
                                } catch (Cancelled c) {
                                    seen.complete(c);
                                    throw c;
                                }
                            });
            Weft.waitAllTasksBlocked();
            assertThat(f.cancel(true)).isTrue();
            assertThat(f.isCancelled()).isTrue();
            assertThat(f.isDone()).isTrue();
            assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
            assertThat(f.cancel(true)).as("only once").isFalse();
        });
        assertThat(seen.join()).hasMessageContaining("the task's Future was cancelled");
    }

    @WeftTest
    void aSubmittedTasksFailureGoesToItsFutureNotToTheGroup() {
        TaskGroup.run(tg -> {
            Future<Integer> f = tg.asExecutor().submit(() -> Integer.parseInt("x"));
            Throwable e = catchThrowable(f::get);
            assertThat(e).isInstanceOf(ExecutionException.class);
            assertThat(e.getCause()).isInstanceOf(NumberFormatException.class);
        });
    }

    @WeftTest
    void aFailingPlainExecuteFailsTheGroup() {
        Throwable e =
                catchThrowable(() ->
                        TaskGroup.run(tg ->
                                tg.asExecutor()
                                        .execute(() -> {
                                            throw new IllegalStateException("boom");
                                        })));
        assertThat(e).isInstanceOf(ExceptionGroup.class);
        assertThat(((ExceptionGroup) e).exceptions())
                .singleElement()
                .isInstanceOf(IllegalStateException.class);
    }

    @WeftTest
    void shutdownRefusesNewTasksAndTerminationFollowsTheLastTask() throws Exception {
        TaskGroup.run(tg -> {
            ExecutorService pool = tg.asExecutor();
            Event release = new Event();
            pool.submit(() -> {
                release.await();
                return null;
            });
            pool.shutdown();
            assertThat(pool.isShutdown()).isTrue();
            assertThat(pool.isTerminated()).isFalse();
            assertThatThrownBy(() -> pool.submit(() -> 1))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("shut down");
            assertThat(pool.awaitTermination(0, TimeUnit.SECONDS)).isFalse();
            release.set();
            assertThat(pool.awaitTermination(1, TimeUnit.HOURS)).isTrue();
            assertThat(pool.isTerminated()).isTrue();
        });
    }

    @WeftTest
    void shutdownNowCancelsTheGroupsScope() {
        AtomicBoolean taskCancelled = new AtomicBoolean();
        CancelScope[] groupScope = new CancelScope[1];
        TaskGroup.run(tg -> {
            groupScope[0] = tg.cancelScope();
            ExecutorService pool = tg.asExecutor();
            pool.submit(() -> {
                try {
                    Weft.sleepForever();
                } catch (Cancelled c) {
                    taskCancelled.set(true);
                    throw c;
                }
            });
            Weft.waitAllTasksBlocked();
            assertThat(pool.shutdownNow()).isEmpty();
            Weft.sleepForever(); // the body is cancelled too
        });
        assertThat(taskCancelled).isTrue();
        assertThat(groupScope[0].cancelledCaught()).isTrue();
    }

    @WeftTest
    void aSubmissionAfterTheGroupExitedIsRejected() {
        ExecutorService pool = TaskGroup.call(TaskGroup::asExecutor);
        assertThatThrownBy(() -> pool.submit(() -> 1))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("no longer accepts tasks");
    }

    @WeftTest
    void threadsOutsideTheRuntimeSubmitIntoTheGroup() throws Exception {
        TaskGroup.run(tg -> {
            ExecutorService pool = tg.asExecutor();
            Future<String> fromWorker =
                    ToThread.runSync(() -> pool.submit(() -> Weft.currentTask().name()));
            assertThat(fromWorker.get()).isNotNull();
            CompletableFuture<Future<Backend>> fromThread = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> fromThread.complete(pool.submit(Weft::currentBackend)));
            Future<Backend> f = ToThread.runSync(() -> fromThread.get());
            assertThat(f.get()).isEqualTo(Weft.currentBackend());
            assertThat(ToThread.runSync(() -> f.get())).as("get from a plain thread").isNotNull();
        });
    }

    @WeftTest
    void getWithATimeoutInATaskTimesOutAsAWeftWait() {
        TaskGroup.run(tg -> {
            Event release = new Event();
            Future<Integer> f =
                    tg.asExecutor()
                            .submit(() -> {
                                release.await();
                                return 1;
                            });
            assertThatThrownBy(() -> f.get(1, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
            release.set();
            assertThat(f.get(1, TimeUnit.HOURS)).isEqualTo(1);
        });
    }

    @WeftTest
    void aFutureGetInACancelledTaskThrowsCancelled() {
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            Future<?> f = tg.asExecutor().submit(() -> Weft.sleep(Duration.ofSeconds(60)));
            scope.run(s -> {
                s.cancel();
                f.get();
            });
            assertThat(scope.cancelledCaught()).isTrue();
            f.cancel(true);
        });
    }
}
