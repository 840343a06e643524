package io.weft.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.NoRuntimeError;
import io.weft.RunOptions;
import io.weft.RunVar;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.sync.CapacityLimiter;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ToThread.runSync: running in a pooled platform thread, cancellation before and during the call,
 * abandonment, limiters, exceptions, context, and no thread left behind.
 */
class ToThreadTest {

    // ---------------------------------------------------------------- AnyIO's
    // tests/test_to_thread.py

    // AnyIO: test_run_in_thread_cancelled. AnyIO cancels the group right after start_soon, which
    // on a parallel backend may come after the task reached the worker; a scope cancelled before
    // the call asserts the same (a cancelled caller's function never runs) on every backend.
    @WeftTest
    void aCallerCancelledBeforeTheCallNeverRunsTheFunction() {
        AtomicBoolean ran = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        scope.cancel();
        scope.run(s -> ToThread.runSync(() -> ran.set(true)));
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(ran).isFalse();
    }

    // AnyIO: test_run_in_thread_cancelled, as written (startSoon only queues on SERIAL).
    @WeftTest(backends = Backend.SERIAL)
    void aTaskCancelledBeforeItFirstRunsNeverRunsTheFunction() {
        AtomicInteger state = new AtomicInteger();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                state.set(1);
                ToThread.runSync(() -> state.set(2));
                state.set(3);
            });
            tg.cancelScope().cancel();
        });
        assertThat(state).hasValue(1);
    }

    // AnyIO: test_run_in_thread_exception
    @WeftTest
    void theFunctionsExceptionIsThrownAsIsWithTheWorkersStack() {
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicReference<RuntimeException> thrown = new AtomicReference<>();
        Throwable e =
                catchThrowable(() ->
                        ToThread.runSync(() -> {
                            worker.set(Thread.currentThread());
                            RuntimeException x = new IllegalArgumentException("foo");
                            thrown.set(x);
                            throw x;
                        }));
        assertThat(e).isSameAs(thrown.get()).hasMessage("foo");
        assertThat(worker.get()).isNotEqualTo(Thread.currentThread());
        assertThat(e.getStackTrace())
                .anySatisfy(f -> assertThat(f.getClassName()).contains("WorkerCall"));
    }

    @WeftTest
    void aCheckedExceptionPassesThroughAsItself() {
        Throwable e =
                catchThrowable(() ->
                        ToThread.runSync(() -> {
                            throw new java.io.IOException("disk");
                        }));
        assertThat(e).isExactlyInstanceOf(java.io.IOException.class).hasMessage("disk");
    }

    // AnyIO: test_run_in_custom_limiter
    @WeftTest
    void aLimiterBoundsHowManyFunctionsRunAtOnce() {
        Set<Thread> active = ConcurrentHashMap.newKeySet();
        AtomicInteger maxActive = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Event threadsStarted = new Event();
        CapacityLimiter limiter = new CapacityLimiter(3);
        TaskGroup.run(tg -> {
            for (int i = 0; i < 4; i++) {
                tg.startSoon(() ->
                        ToThread.runSync(
                                ToThreadOptions.defaults().limiter(limiter),
                                () -> {
                                    active.add(Thread.currentThread());
                                    maxActive.accumulateAndGet(active.size(), Math::max);
                                    if (active.size() == 3) {
                                        FromThread.runSync(threadsStarted::set);
                                    }
                                    release.await();
                                    active.remove(Thread.currentThread());
                                }));
            }
            threadsStarted.await();
            Weft.waitAllTasksBlocked(); // the fourth task is parked on the limiter
            assertThat(active).hasSize(3);
            assertThat(limiter.borrowedTokens()).isEqualTo(3);
            assertThat(limiter.statistics().tasksWaiting()).isEqualTo(1);
            release.countDown();
        });
        assertThat(active).isEmpty();
        assertThat(maxActive).hasValue(3);
        assertThat(limiter.borrowedTokens()).isZero();
    }

    @WeftTest
    void raisingTheLimitLetsAWaitingCallRun() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        Event firstRunning = new Event();
        Event secondRan = new Event();
        TaskGroup.run(tg -> {
            ToThreadOptions opts = ToThreadOptions.defaults().limiter(limiter);
            tg.startSoon(() ->
                    ToThread.runSync(
                            opts,
                            () -> {
                                FromThread.runSync(firstRunning::set);
                                release.await();
                            }));
            firstRunning.await();
            tg.startSoon(() ->
                    ToThread.runSync(
                            opts,
                            () -> {
                                ran.incrementAndGet();
                                FromThread.runSync(secondRan::set);
                            }));
            Weft.waitAllTasksBlocked();
            assertThat(ran).as("the second call waits for a token").hasValue(0);
            limiter.totalTokens(2);
            secondRan.await(); // while the first call still holds its token
            release.countDown();
        });
        assertThat(ran).hasValue(1);
    }

    @WeftTest
    void theDefaultLimiterHasFortyTokensPerRuntimeAndIsWritable() {
        CapacityLimiter limiter = ToThread.currentDefaultThreadLimiter();
        assertThat(limiter.totalTokens()).isEqualTo(40.0);
        assertThat(ToThread.currentDefaultThreadLimiter()).isSameAs(limiter);
        limiter.totalTokens(2);
        assertThat(ToThread.runSync(() -> ToThread.currentDefaultThreadLimiter().borrowedTokens()))
                .as("seen from the worker, the call holds one token")
                .isEqualTo(1);
        Backend backend = Weft.currentBackend();
        CapacityLimiter other = // a worker thread may start a runtime of its own
                ToThread.runSync(() ->
                        Weft.run(
                                RunOptions.defaults().backend(backend),
                                ToThread::currentDefaultThreadLimiter));
        assertThat(other).isNotSameAs(limiter);
    }

    // AnyIO: test_cancel_worker_thread[noabandon]
    @WeftTest
    void aCancelledCallerWaitsForTheFunctionToReturn() {
        List<String> lastActive = new ArrayList<>();
        Event sleeping = new Event();
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try {
                    ToThread.runSync(() -> {
                        FromThread.runSync(sleeping::set);
                        proceed.await();
                        synchronized (lastActive) {
                            lastActive.add("thread");
                        }
                    });
                } catch (Throwable e) {
                    outcome.set(e);
                    throw e;
                } finally {
                    synchronized (lastActive) {
                        lastActive.add("task");
                    }
                }
            });
            sleeping.await();
            tg.cancelScope().cancel();
            proceed.countDown(); // the group cannot end before the thread does
        });
        assertThat(lastActive).containsExactly("thread", "task");
        assertThat(outcome.get()).as("runSync returned normally").isNull();
    }

    // AnyIO: test_cancel_worker_thread[abandon]
    @WeftTest
    void anAbandoningCallerLeavesAtOnceAndTheFunctionRunsOn() {
        List<String> lastActive = new ArrayList<>();
        Event sleeping = new Event();
        Event finished = new Event();
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try {
                    ToThread.runSync(
                            ToThreadOptions.defaults().abandonOnCancel(true),
                            () -> {
                                FromThread.runSync(sleeping::set);
                                proceed.await();
                                synchronized (lastActive) {
                                    lastActive.add("thread");
                                }
                                FromThread.runSync(finished::set);
                            });
                } catch (Throwable e) {
                    outcome.set(e);
                    throw e;
                } finally {
                    synchronized (lastActive) {
                        lastActive.add("task");
                    }
                }
            });
            sleeping.await();
            tg.cancelScope().cancel();
        });
        proceed.countDown(); // only now, after the caller has left
        finished.await();
        assertThat(lastActive).containsExactly("task", "thread");
        assertThat(outcome.get()).isInstanceOf(Cancelled.class);
    }

    // AnyIO: test_cancel_wait_on_thread
    @WeftTest
    void anAbandonedThreadKeepsWaitingAndCanBeReleasedLater() throws Exception {
        CountDownLatch event = new CountDownLatch(1);
        CompletableFuture<Boolean> future = new CompletableFuture<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    ToThread.runSync(
                            ToThreadOptions.defaults().abandonOnCancel(true),
                            () -> {
                                future.complete(event.await(60, TimeUnit.SECONDS));
                            }));
            Weft.waitAllTasksBlocked();
            tg.cancelScope().cancel();
        });
        assertThat(future).isNotDone();
        ToThread.runSync(event::countDown);
        assertThat(future.get()).isTrue();
    }

    // AnyIO: test_run_sync_from_thread_pooling (in test_from_thread.py)
    @ParameterizedTest
    @EnumSource(Backend.class)
    void oneWorkerIsReusedAndEndsWithTheRun(Backend backend) {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Weft.run(
                RunOptions.defaults().backend(backend),
                () -> {
                    for (int i = 0; i < 5; i++) {
                        threads.add(ToThread.runSync(Thread::currentThread));
                    }
                    assertThat(threads).hasSize(1).doesNotContain(Thread.currentThread());
                    assertThat(threads.iterator().next().isVirtual()).isFalse();
                });
        assertThat(threads.iterator().next().isAlive())
                .as("Weft.run has joined its idle worker")
                .isFalse();
    }

    @WeftTest
    void aWorkerIdleLongerThanTheTimeoutEnds() throws Exception {
        Backend backend = Weft.currentBackend();
        RunOptions options =
                RunOptions.defaults().backend(backend).threadIdleTimeout(Duration.ZERO);
        Thread first = // a runtime of its own, started from a worker thread
                ToThread.runSync(() ->
                        Weft.run(
                                options,
                                () -> {
                                    Thread t = ToThread.runSync(Thread::currentThread);
                                    t.join(); // the event "the idle worker ended", while the
                                    // run goes on
                                    return t;
                                }));
        assertThat(first.isAlive()).isFalse();
    }

    @Test
    void aNegativeIdleTimeoutIsRejected() {
        assertThatThrownBy(() -> RunOptions.defaults().threadIdleTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thread idle timeout must not be negative");
    }

    // AnyIO: test_contextvar_propagation (run variables: the worker belongs to the runtime)
    @WeftTest
    void theWorkerSeesTheRuntimesRunVariablesAndToken() {
        RunVar<String> var = new RunVar<>("var", "default");
        var.set("six");
        assertThat(ToThread.runSync(() -> var.get())).isEqualTo("six");
        ToThread.runSync(() -> var.set("seven"));
        assertThat(var.get()).as("set in the worker, seen by the runtime").isEqualTo("seven");
        assertThat(ToThread.runSync(Weft::currentToken)).isEqualTo(Weft.currentToken());
    }

    // AnyIO: test_stopiteration does not apply: Java has no StopIteration protocol to protect.

    @Test
    void outsideARuntimeRunSyncIsANoRuntimeError() {
        assertThatThrownBy(() -> ToThread.runSync(() -> 1))
                .isInstanceOf(NoRuntimeError.class)
                .hasMessageContaining("is not a Weft task");
        assertThatThrownBy(ToThread::currentDefaultThreadLimiter)
                .isInstanceOf(NoRuntimeError.class);
    }

    @WeftTest
    void aCallFromACallbackInTheHostGetsItsOwnToken() {
        // The host runs the worker's callback, and the callback calls runSync again: the token is
        // the call's, not the task's, so this is no double borrow.
        CapacityLimiter limiter = new CapacityLimiter(2);
        ToThreadOptions opts = ToThreadOptions.defaults().limiter(limiter);
        int v =
                ToThread.runSync(
                        opts, () -> FromThread.run(() -> ToThread.runSync(opts, () -> 41) + 1));
        assertThat(v).isEqualTo(42);
        assertThat(limiter.borrowedTokens()).isZero();
    }

    // ---------------------------------------------------------------- leaks

    /**
     * 10,000 calls, a random half of them abandonable, each cancelled at random before or while it
     * runs: each function runs at most once, a call that returned ran it, every token comes back,
     * and every worker thread ends.
     */
    @ParameterizedTest
    @ValueSource(strings = {"VIRTUAL", "PLATFORM", "SERIAL"})
    void tenThousandCallsWithRandomCancellationsLeaveNoThreadBehind(String backendName)
            throws Exception {
        Backend backend = Backend.valueOf(backendName);
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        CapacityLimiter limiter = new CapacityLimiter(8);
        int batches = 100;
        int perBatch = 100;
        AtomicInteger ranTwice = new AtomicInteger();
        AtomicInteger returnedWithoutRunning = new AtomicInteger();
        AtomicInteger returned = new AtomicInteger();
        Weft.run(
                RunOptions.defaults().backend(backend),
                () -> {
                    for (int b = 0; b < batches; b++) {
                        CancelScope[] scopes = new CancelScope[perBatch];
                        for (int i = 0; i < perBatch; i++) {
                            scopes[i] = new CancelScope();
                        }
                        TaskGroup.run(tg -> {
                            for (int i = 0; i < perBatch; i++) {
                                CancelScope scope = scopes[i];
                                ToThreadOptions opts =
                                        ToThreadOptions.defaults()
                                                .limiter(limiter)
                                                .abandonOnCancel(random.nextBoolean());
                                tg.startSoon(() ->
                                        scope.run(s -> {
                                            AtomicInteger runs = new AtomicInteger();
                                            ToThread.runSync(
                                                    opts,
                                                    () -> {
                                                        workers.add(Thread.currentThread());
                                                        if (runs.incrementAndGet() > 1) {
                                                            ranTwice.incrementAndGet();
                                                        }
                                                    });
                                            returned.incrementAndGet();
                                            if (runs.get() != 1) {
                                                returnedWithoutRunning.incrementAndGet();
                                            }
                                        }));
                            }
                            for (int i = 0; i < perBatch / 2; i++) {
                                scopes[random.nextInt(perBatch)].cancel();
                                if (random.nextInt(4) == 0) {
                                    Weft.checkpoint();
                                }
                            }
                        });
                    }
                });
        String why = "seed " + seed;
        assertThat(ranTwice).as(why).hasValue(0);
        assertThat(returnedWithoutRunning).as(why).hasValue(0);
        assertThat(returned.get()).as(why).isPositive();
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(30)); // abandoned ones end when their function does
            assertThat(t.isAlive()).as("%s: worker %s ended", why, t.getName()).isFalse();
        }
        assertThat(limiter.borrowedTokens()).as(why).isZero();
    }
}
