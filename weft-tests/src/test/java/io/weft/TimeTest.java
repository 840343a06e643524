package io.weft;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Time and backends (AnyIO's test_eventloop.py): sleepUntil, sleepForever, now, backends. */
class TimeTest {

    // Not ported from test_eventloop.py, with the reason:
    // - test_run_task: asyncio-only (a callable returning an asyncio Future).
    // - test_run_non_corofunc: Java has no awaitables other than the body itself; Weft.run taking
    //   a callable or a runnable is covered by RuntimeTest.
    // - test_run_unknown_backend, test_run_known_but_uninstalled_backend: Backend is an enum, so an
    //   unknown backend cannot be named, and every backend is always available on Java 25
    //   (everyBackendIsAvailableAndReportedByItsRuntime).
    // - TestAsyncioOptions (debug, debug via env, loop factory, uvloop, winloop): asyncio-only
    //   backend options.
    // - TestTrioOptions::test_clock: ported in MockClockTest
    //   (aRunOnAnAutojumpingClockSleepsTenSecondsInNoTime).

    // AnyIO: test_eventloop.py::test_sleep_until (AnyIO mocks the clock and checks the delay
    // passed to sleep; Weft checks the result: the sleep does not end before its deadline)
    @WeftTest
    void sleepUntilReturnsOnceTheClockHasReachedTheDeadline() {
        long deadline = Weft.now() + Duration.ofMillis(5).toNanos();
        Weft.sleepUntil(deadline);
        assertThat(Weft.now()).isGreaterThanOrEqualTo(deadline);
    }

    @WeftTest
    void sleepReturnsOnceTheDelayHasPassed() {
        long start = Weft.now();
        Weft.sleep(Duration.ofMillis(5));
        assertThat(Weft.now() - start).isGreaterThanOrEqualTo(Duration.ofMillis(5).toNanos());
    }

    // AnyIO: test_eventloop.py::test_sleep_until_in_past
    @WeftTest
    void sleepUntilADeadlineInThePastIsACheckpointThatReturns() {
        for (long past : new long[] {Weft.now() - 500_102_352_000L, Weft.now(), Long.MIN_VALUE}) {
            Weft.sleepUntil(past); // returns at once

            CancelScope scope = new CancelScope();
            AtomicBoolean after = new AtomicBoolean();
            scope.run(s -> {
                s.cancel();
                Weft.sleepUntil(past);
                after.set(true);
            });
            assertThat(after).as("the checkpoint threw").isFalse();
            assertThat(scope.cancelledCaught()).isTrue();
        }
    }

    @WeftTest
    void sleepUntilIsCancelledWhileWaiting() {
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    scope.run(s -> Weft.sleepUntil(Weft.now() + Duration.ofSeconds(30).toNanos())));
            Weft.waitAllTasksBlocked();
            scope.cancel();
        });
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // AnyIO: test_eventloop.py::test_sleep_forever
    @WeftTest
    void sleepForeverEndsOnlyByCancellation() {
        AtomicBoolean returned = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        TaskGroup.run(tg -> {
            TaskHandle<Void> sleeper =
                    tg.startSoon(() -> {
                        try {
                            Weft.sleepForever();
                            returned.set(true);
                        } catch (Cancelled c) {
                            cancelled.set(true);
                            throw c;
                        }
                    });
            Weft.waitAllTasksBlocked();
            assertThat(sleeper.info().isWaiting()).isTrue();
            sleeper.cancel();
        });
        assertThat(returned).isFalse();
        assertThat(cancelled).isTrue();

        CancelScope scope = Weft.moveOnAfter(Duration.ofMillis(10), s -> Weft.sleepForever());
        assertThat(scope.cancelledCaught()).isTrue();
    }

    @WeftTest
    void sleepForeverInACancelledScopeThrowsAtOnce() {
        CancelScope scope = new CancelScope();
        scope.cancel();
        scope.run(s -> Weft.sleepForever());
        assertThat(scope.cancelledCaught()).isTrue();
    }

    @WeftTest
    void nowIsMonotonicWithinAndAcrossTasks() {
        long previous = Weft.now();
        for (int i = 0; i < 10_000; i++) {
            long t = Weft.now();
            assertThat(t).isGreaterThanOrEqualTo(previous);
            previous = t;
        }
        AtomicLong seenByChild = new AtomicLong();
        Event childRead = new Event();
        long beforeChild = Weft.now();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                seenByChild.set(Weft.now());
                childRead.set();
            });
            childRead.await();
        });
        assertThat(seenByChild.get()).isGreaterThanOrEqualTo(beforeChild);
        assertThat(Weft.now()).isGreaterThanOrEqualTo(seenByChild.get());
    }

    @WeftTest
    void nowIsNotACheckpoint() {
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            Weft.now();
        });
        assertThat(scope.cancelledCaught()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyBackendIsAvailableAndReportedByItsRuntime(Backend backend) {
        assertThat(Backend.available()).containsExactly(Backend.values());
        RunOptions options = RunOptions.defaults().backend(backend);
        assertThat(Weft.run(options, Weft::currentBackend)).isEqualTo(backend);
        boolean[] virtual = new boolean[2];
        Weft.run(
                options,
                () -> {
                    virtual[0] = Thread.currentThread().isVirtual();
                    TaskGroup.run(tg ->
                            tg.startSoon(() -> {
                                assertThat(Weft.currentBackend()).isEqualTo(backend);
                                virtual[1] = Thread.currentThread().isVirtual();
                            }));
                });
        boolean expectVirtual = backend != Backend.PLATFORM; // tasks on SERIAL are virtual too
        assertThat(virtual).containsExactly(expectVirtual, expectVirtual);
    }

    @Test
    void theDefaultBackendIsVirtual() {
        assertThat(Weft.run(Weft::currentBackend)).isEqualTo(Backend.VIRTUAL);
    }
}
