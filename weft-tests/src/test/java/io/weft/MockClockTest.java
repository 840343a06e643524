package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.internal.Task;
import io.weft.internal.Timer;
import io.weft.internal.Waiter;
import io.weft.internal.WeftRuntime;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import io.weft.testing.MockClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Virtual time: io.weft.testing.MockClock, jump, autojump, and every timed operation on it. */
class MockClockTest {

    // Trio's test_mock_clock.py, not ported, with the reason:
    // - the rate parts of test_mock_clock and MockClock(rate=3): Weft's MockClock has no rate (a
    //   clock that runs at a multiple of real time is not deterministic; the brief asks for none).
    // - deadline_to_sleep_time: part of trio.abc.Clock's run-loop protocol; Weft's timer thread
    //   never sleeps towards a virtual deadline (see Timers), so there is nothing to expose.
    // - test_mock_clock_autojump_0_and_wait_all_tasks_blocked_nonzero, and the cushion calls of
    //   test_mock_clock_autojump / test_mock_clock_autojump_interference: Weft's
    //   waitAllTasksBlocked has no cushion argument (it is exact, see Weft.waitAllTasksBlocked).

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long HOUR = Duration.ofHours(1).toNanos();

    // ---------------------------------------------------------------- the clock on its own

    // Trio: test_mock_clock.py::test_mock_clock (the parts without rate)
    @Test
    void aNewClockReadsZeroAndMovesOnlyByJumps() {
        MockClock c = new MockClock();
        assertThat(c.now()).isZero();
        assertThat(c.toString()).isEqualTo("MockClock[time=PT0S, autojump=off]");
        c.jump(Duration.ofMillis(1200));
        assertThat(c.now()).isEqualTo(Duration.ofMillis(1200).toNanos());
        c.jump(Duration.ZERO);
        assertThat(c.now()).isEqualTo(Duration.ofMillis(1200).toNanos());
        c.jump(Duration.ofMillis(800));
        assertThat(c.now()).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(c.toString()).isEqualTo("MockClock[time=PT2S, autojump=off]");
    }

    // Trio: test_mock_clock.py::test_mock_clock ("time can't go backwards")
    @Test
    void aNegativeJumpIsRejectedAndLeavesTheTimeAlone() {
        MockClock c = new MockClock();
        c.jump(Duration.ofSeconds(1));
        assertThatThrownBy(() -> c.jump(Duration.ofSeconds(-1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("time can't go backwards: MockClock.jump(PT-1S) with a negative delta");
        assertThatThrownBy(() -> c.jump(Duration.ofNanos(-1)))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(c.now()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void aJumpPastTheEndOfTheClockIsRejectedAndLeavesTheTimeAlone() {
        MockClock c = new MockClock();
        assertThatThrownBy(() -> c.jump(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("delta");
        assertThatThrownBy(() -> c.jump(Duration.ofSeconds(Long.MAX_VALUE)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than Long.MAX_VALUE nanoseconds");
        c.jump(Duration.ofNanos(Long.MAX_VALUE - 10));
        assertThatThrownBy(() -> c.jump(Duration.ofNanos(10)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("would pass the end of the clock");
        assertThat(c.now()).isEqualTo(Long.MAX_VALUE - 10);
        c.jump(Duration.ofNanos(9));
        assertThat(c.now()).isEqualTo(Long.MAX_VALUE - 1);
    }

    // Trio: test_mock_clock.py::test_mock_clock_autojump (the threshold property)
    @Test
    void theAutojumpThresholdIsOffByDefaultAndCanBeSetAndCleared() {
        MockClock c = new MockClock();
        assertThat(c.autojumpThreshold()).isEmpty();
        assertThat(c.autojumpThreshold(Duration.ZERO)).isSameAs(c);
        assertThat(c.autojumpThreshold()).contains(Duration.ZERO);
        c.autojumpThreshold(Duration.ofMillis(20));
        assertThat(c.autojumpThreshold()).contains(Duration.ofMillis(20));
        assertThat(c.toString()).isEqualTo("MockClock[time=PT0S, autojump=PT0.02S]");
        c.autojumpThreshold(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(c.autojumpThreshold()).contains(Duration.ofNanos(Long.MAX_VALUE));
        assertThat(c.disableAutojump()).isSameAs(c);
        assertThat(c.autojumpThreshold()).isEmpty();

        assertThatThrownBy(() -> c.autojumpThreshold(Duration.ofMillis(-1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("the autojump threshold must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> c.autojumpThreshold(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageContaining("call disableAutojump() to turn autojump off");
        assertThat(c.autojumpThreshold()).isEmpty();
    }

    @Test
    void runOptionsCarryTheClockAndStayImmutable() {
        MockClock c = new MockClock();
        RunOptions defaults = RunOptions.defaults();
        assertThat(defaults.clock()).as("the system clock").isNull();
        RunOptions withClock = defaults.clock(c);
        assertThat(withClock.clock()).isSameAs(c);
        assertThat(defaults.clock()).isNull();
        RunOptions more = withClock.backend(Backend.PLATFORM).rootTaskName("r");
        assertThat(more.clock()).isSameAs(c);
        assertThat(more.backend()).isEqualTo(Backend.PLATFORM);
        assertThat(more.rootTaskName()).isEqualTo("r");
        assertThat(more.clock(null).clock()).isNull();
        assertThat(more.toString()).contains("clock=MockClock[time=PT0S");
        assertThat(defaults.toString()).doesNotContain("clock");
    }

    // ---------------------------------------------------------------- runs on a mock clock

    // AnyIO: test_eventloop.py::TestTrioOptions::test_clock
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRunOnAnAutojumpingClockSleepsTenSecondsInNoTime(Backend backend) {
        MockClock clock = new MockClock().autojumpThreshold(Duration.ZERO);
        long realStart = System.nanoTime();
        long slept =
                Weft.run(
                        RunOptions.defaults().backend(backend).clock(clock),
                        () -> {
                            long t1 = Weft.now();
                            Weft.sleep(Duration.ofSeconds(10));
                            return Weft.now() - t1;
                        });
        assertThat(slept).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(System.nanoTime() - realStart).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    // Trio: test_mock_clock.py::test_mock_clock_autojump_preset
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aThresholdSetBeforeTheRunIsPickedUp(Backend backend) {
        MockClock clock = new MockClock().autojumpThreshold(Duration.ofMillis(100));
        clock.autojumpThreshold(Duration.ofMillis(10));
        long realStart = System.nanoTime();
        Weft.run(
                RunOptions.defaults().backend(backend).clock(clock),
                () -> Weft.sleep(Duration.ofSeconds(10_000)));
        assertThat(clock.now()).isEqualTo(Duration.ofSeconds(10_000).toNanos());
        assertThat(System.nanoTime() - realStart).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aClockIsReusableByLaterRunsAndItsTimeCarriesOn(Backend backend) {
        MockClock clock = new MockClock();
        RunOptions options = RunOptions.defaults().backend(backend).clock(clock);
        Weft.run(options, () -> clock.jump(Duration.ofSeconds(5)));
        assertThat(clock.now()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(clock.toString()).doesNotContain("running");

        clock.jump(Duration.ofSeconds(1)); // between runs
        clock.autojumpThreshold(Duration.ZERO);
        long[] seen =
                Weft.run(
                        options,
                        () -> {
                            long start = Weft.now();
                            Weft.sleep(Duration.ofMinutes(1));
                            return new long[] {start, Weft.now()};
                        });
        assertThat(seen)
                .containsExactly(Duration.ofSeconds(6).toNanos(), Duration.ofSeconds(66).toNanos());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theTimerThreadDoesNotOutliveARunOnAMockClock(Backend backend) {
        // A positive threshold is served by the timer thread, so the run starts it.
        MockClock clock = new MockClock().autojumpThreshold(Duration.ofMillis(1));
        AtomicReference<WeftRuntime> runtime = new AtomicReference<>();
        AtomicBoolean aliveDuringTheRun = new AtomicBoolean();
        Weft.run(
                RunOptions.defaults().backend(backend).clock(clock),
                () -> {
                    runtime.set(WeftRuntime.current());
                    Weft.sleep(Duration.ofHours(1));
                    aliveDuringTheRun.set(WeftRuntime.current().timerThreadAlive());
                });
        assertThat(aliveDuringTheRun).isTrue();
        assertThat(runtime.get().timerThreadAlive()).isFalse();
        assertThat(clock.now()).isEqualTo(HOUR);
        clock.jump(Duration.ofHours(1)); // detached: moves the time only
        assertThat(clock.now()).isEqualTo(2 * HOUR);
    }

    @WeftTest
    void oneClockCannotDriveTwoRunningRuntimes(MockClock clock) throws Exception {
        AtomicBoolean secondBodyRan = new AtomicBoolean();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread other =
                Thread.ofPlatform()
                        .start(() -> {
                            try {
                                Weft.run(
                                        RunOptions.defaults().clock(clock),
                                        () -> secondBodyRan.set(true));
                                outcome.complete(null);
                            } catch (Throwable e) {
                                outcome.complete(e);
                            }
                        });
        other.join();
        assertThat(outcome.get())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "this MockClock is already in use by a running Weft runtime"
                                + " (WeftRuntime[")
                .hasMessageContaining("give each concurrent run its own clock");
        assertThat(secondBodyRan).isFalse();
        assertThat(clock.toString()).contains("running " + WeftRuntime.current());
        // The failed attempt left the clock attached to this runtime.
        clock.autojumpThreshold(Duration.ZERO);
        Weft.sleep(Duration.ofMinutes(1));
        assertThat(Weft.now()).isEqualTo(MINUTE);
    }

    // ---------------------------------------------------------------- jump

    @WeftTest
    void theRuntimeReadsTheClockAndAJumpMovesIt(MockClock clock) {
        assertThat(Weft.now()).isZero();
        clock.jump(Duration.ofMinutes(3));
        assertThat(Weft.now()).isEqualTo(3 * MINUTE);
        assertThat(clock.now()).isEqualTo(3 * MINUTE);
    }

    // Trio: test_mock_clock.py::test_mock_clock_autojump_interference and
    // test_initialization_doesnt_mutate_runner: a clock the runtime does not run on has no effect.
    @WeftTest
    void aClockTheRuntimeDoesNotRunOnHasNoEffect(MockClock clock) {
        MockClock other = new MockClock().autojumpThreshold(Duration.ZERO);
        other.jump(Duration.ofHours(5));
        assertThat(Weft.now()).isZero();
        AtomicBoolean woke = new AtomicBoolean();
        TaskGroup.run(tg -> {
            TaskHandle<Void> sleeper =
                    tg.startSoon(() -> {
                        Weft.sleep(Duration.ofMinutes(1));
                        woke.set(true);
                    });
            Weft.waitAllTasksBlocked();
            other.jump(Duration.ofHours(1));
            assertThat(sleeper.info().isWaiting()).isTrue();
            clock.jump(Duration.ofMinutes(1));
        });
        assertThat(woke).isTrue();
        assertThat(Weft.now()).isEqualTo(MINUTE);
    }

    @WeftTest
    void aJumpWithNothingDueWakesNobody(MockClock clock) {
        List<String> record = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            TaskHandle<Void> sleeper =
                    tg.startSoon(() -> {
                        Weft.sleep(Duration.ofHours(1));
                        record.add("woke");
                    });
            Weft.waitAllTasksBlocked();
            clock.jump(Duration.ZERO);
            clock.jump(Duration.ofMinutes(59));
            // jump fires what is due before it returns; nothing was, so the sleeper still waits.
            assertThat(sleeper.info().isWaiting()).isTrue();
            Weft.waitAllTasksBlocked();
            assertThat(record).isEmpty();
            assertThat(Weft.now()).isEqualTo(59 * MINUTE);
            sleeper.cancel();
        });
        assertThat(record).isEmpty();
    }

    @WeftTest
    void jumpsWakeSleepersInDeadlineOrder(MockClock clock) {
        List<String> record = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            // Started in the opposite order of their deadlines.
            tg.startSoon(() -> {
                Weft.sleep(Duration.ofMinutes(2));
                record.add("two minutes at " + Weft.now() / MINUTE);
            });
            tg.startSoon(() -> {
                Weft.sleep(Duration.ofMinutes(1));
                record.add("one minute at " + Weft.now() / MINUTE);
            });
            Weft.waitAllTasksBlocked();
            clock.jump(Duration.ofSeconds(90));
            Weft.waitAllTasksBlocked();
            assertThat(record).containsExactly("one minute at 1");
            clock.jump(Duration.ofSeconds(90));
        });
        assertThat(record).containsExactly("one minute at 1", "two minutes at 3");
    }

    @WeftTest
    void oneJumpFiresEveryDueDeadlineInOrderBeforeItReturns(MockClock clock) {
        // Entries of the runtime's own timer heap, to see the firing order itself (the tasks a
        // jump wakes run in parallel, so their order says nothing).
        List<Long> fired = new ArrayList<>(); // only the jumping thread touches it
        class Probe extends Timer {
            final long at;

            Probe(long at) {
                this.at = at;
            }

            @Override
            protected void onDeadline() {
                fired.add(at);
            }
        }
        WeftRuntime rt = WeftRuntime.current();
        for (long at : new long[] {3, 1, 4, 1, 5, 9, 2, 6}) {
            rt.timers.schedule(new Probe(at * MINUTE), at * MINUTE);
        }
        clock.jump(Duration.ofMinutes(5));
        assertThat(fired)
                .containsExactly(MINUTE, MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE, 5 * MINUTE);
        assertThat(rt.timers.size()).isEqualTo(2);
        clock.jump(Duration.ofMinutes(5));
        assertThat(fired).hasSize(8).endsWith(6 * MINUTE, 9 * MINUTE);
        assertThat(rt.timers.size()).isZero();
    }

    @WeftTest
    void aJumpFromAThreadOutsideTheRuntimeWakesItsTasks(MockClock clock) throws Exception {
        Event woke = new Event();
        AtomicLong wokeAt = new AtomicLong(-1);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.sleep(Duration.ofMinutes(1));
                wokeAt.set(Weft.now());
                woke.set();
            });
            Weft.waitAllTasksBlocked();
            Thread.ofPlatform().start(() -> clock.jump(Duration.ofMinutes(2))).join();
            woke.await();
        });
        assertThat(wokeAt).hasValue(2 * MINUTE);
    }

    @WeftTest
    void anEntryAlreadyDueWhenScheduledStillFires(MockClock clock) {
        // A deadline computed before a jump can be scheduled after it (a timeout scope computes
        // its deadline, another thread jumps, the scope enters): it must fire without a jump.
        Task t = Task.current();
        clock.jump(Duration.ofMinutes(1));
        Waiter w = new Waiter(t, true);
        t.runtime.timers.schedule(w.timeout(), MINUTE / 2);
        assertThat(w.await(null)).isEqualTo(Waiter.TIMED_OUT);
        assertThat(Weft.now()).isEqualTo(MINUTE);
    }

    // ---------------------------------------------------------------- autojump

    // Trio: test_mock_clock.py::test_mock_clock_autojump (threshold 0 part)
    @WeftTest
    void autojumpWithThresholdZeroEndsEachSleepAtOnceAtExactlyItsDeadline(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);
        long realStart = System.nanoTime();
        long start = Weft.now();
        Weft.sleep(Duration.ofHours(1));
        assertThat(Weft.now() - start).isEqualTo(HOUR);
        for (int i = 0; i < 10; i++) {
            long before = Weft.now();
            Weft.sleep(Duration.ofSeconds(10 * i));
            assertThat(Weft.now() - before).isEqualTo(Duration.ofSeconds(10 * i).toNanos());
        }
        long until = Weft.now() + Duration.ofSeconds(5).toNanos();
        Weft.sleepUntil(until);
        assertThat(Weft.now()).isEqualTo(until);
        assertThat(System.nanoTime() - realStart).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    // Acceptance (issue 3): tasks that sleep one hour in total finish in well under a second.
    @WeftTest
    void tasksSleepingAnHourInTotalFinishFast(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);
        long realStart = System.nanoTime();
        int n = 60;
        Event[] done = new Event[n];
        long[] wokeAt = new long[n];
        CancelScope timeout =
                Weft.moveOnAfter(
                        Duration.ofHours(1),
                        s ->
                                TaskGroup.run(tg -> {
                                    for (int i = 0; i < n; i++) {
                                        int k = i;
                                        done[k] = new Event();
                                        tg.startSoon(() -> {
                                            if (k > 0) {
                                                done[k - 1].await();
                                            }
                                            Weft.sleep(Duration.ofMinutes(1));
                                            wokeAt[k] = Weft.now();
                                            done[k].set();
                                        });
                                    }
                                    // One more minute than the chain: the scope's hour ends it.
                                    Weft.sleep(Duration.ofMinutes(n + 1));
                                }));
        assertThat(timeout.cancelledCaught()).isTrue();
        assertThat(Weft.now()).isEqualTo(HOUR);
        for (int k = 0; k < n - 1; k++) {
            assertThat(wokeAt[k]).as("task %d", k).isEqualTo((k + 1) * MINUTE);
        }
        // The last sleeper's deadline is the scope's: either may fire first.
        assertThat(wokeAt[n - 1]).isIn(0L, HOUR);
        assertThat(System.nanoTime() - realStart).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    // The first example of docs/testing.md, "Virtual time".
    @WeftTest
    void pollsEverySevenMinutesUntilTheHourIsUp(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);
        AtomicInteger polls = new AtomicInteger();
        CancelScope s =
                Weft.moveOnAfter(
                        Duration.ofHours(1),
                        x -> {
                            while (true) {
                                Weft.sleep(Duration.ofMinutes(7));
                                polls.incrementAndGet();
                            }
                        });
        assertThat(s.cancelledCaught()).isTrue();
        assertThat(polls).hasValue(8);
        assertThat(Weft.now()).isEqualTo(HOUR);
    }

    @WeftTest
    void autojumpWakesSleepersOneDeadlineAtATime(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);
        List<String> record = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            for (int minutes : new int[] {3, 1, 2}) {
                tg.startSoon(() -> {
                    Weft.sleep(Duration.ofMinutes(minutes));
                    record.add(minutes + " at " + Weft.now() / MINUTE);
                });
            }
        });
        // Each jump goes to the next deadline only, and the woken task runs alone (every other
        // task is parked), so the record is in deadline order.
        assertThat(record).containsExactly("1 at 1", "2 at 2", "3 at 3");
    }

    // Trio: test_mock_clock.py::test_mock_clock_autojump_0_and_wait_all_tasks_blocked_0
    @WeftTest
    void waitAllTasksBlockedTakesPrecedenceOverAutojump(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);
        List<String> record = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.sleep(Duration.ofSeconds(100));
                record.add("yawn");
            });
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                record.add("waiter woke");
                Weft.sleep(Duration.ofSeconds(1000));
                record.add("waiter done");
            });
        });
        assertThat(record).containsExactly("waiter woke", "yawn", "waiter done");
        assertThat(Weft.now()).isEqualTo(Duration.ofSeconds(1000).toNanos());
    }

    // Trio: test_mock_clock.py::test_mock_clock_autojump (the threshold changes)
    @WeftTest
    void aThresholdChangeDuringTheRunTakesEffectAtOnce(MockClock clock) {
        clock.autojumpThreshold(Duration.ofMillis(20));
        long t = Weft.now();
        Weft.waitAllTasksBlocked(); // returns at once (no other task); the caller runs again
        assertThat(Weft.now()).isEqualTo(t);
        clock.autojumpThreshold(Duration.ofSeconds(10_000));
        Weft.waitAllTasksBlocked();
        clock.autojumpThreshold(Duration.ZERO);
        // If the change to zero were not in effect, this would take 10 000 s of real time.
        Weft.sleep(Duration.ofSeconds(100_000));
        assertThat(Weft.now() - t).isEqualTo(Duration.ofSeconds(100_000).toNanos());
        clock.disableAutojump();
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> scope.run(s -> Weft.sleep(Duration.ofMinutes(1))));
            Weft.waitAllTasksBlocked();
            assertThat(Weft.now() - t).isEqualTo(Duration.ofSeconds(100_000).toNanos());
            scope.cancel();
        });
        assertThat(scope.cancelledCaught()).isTrue();
    }

    /**
     * Turning autojump on while every task is parked (from a thread outside the runtime) jumps at
     * once, in the thread that set it, as a zero threshold does in the thread whose park blocked
     * the last task.
     */
    @WeftTest
    void aThresholdSetWhileEveryTaskIsBlockedJumpsInTheSettingThread(MockClock clock) {
        Event released = new Event();
        AtomicLong nowAfterSetting = new AtomicLong(-1);
        AtomicLong wokeAt = new AtomicLong(-1);
        AtomicReference<Thread> sleeper = new AtomicReference<>();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Thread root = Thread.currentThread();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                sleeper.set(Thread.currentThread());
                Weft.sleep(Duration.ofMinutes(1));
                wokeAt.set(Weft.now());
            });
            tg.startSoon(() -> {
                waiter.set(Thread.currentThread());
                released.await();
            });
            Thread.ofPlatform()
                    .start(() -> {
                        spinUntil(() ->
                                parkedInWeftWait(root)
                                        && parkedInWeftWait(sleeper.get())
                                        && parkedInWeftWait(waiter.get()));
                        clock.autojumpThreshold(Duration.ZERO);
                        nowAfterSetting.set(clock.now());
                        released.set();
                    });
            // The root parks in the group's wait.
        });
        assertThat(nowAfterSetting).hasValue(MINUTE);
        assertThat(wokeAt).hasValue(MINUTE);
    }

    @WeftTest
    void autojumpWithAPositiveThresholdEventuallyJumps(MockClock clock) {
        clock.autojumpThreshold(Duration.ofMillis(10));
        List<Long> wokeAt = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            for (int minutes = 1; minutes <= 3; minutes++) {
                long d = minutes * MINUTE;
                tg.startSoon(() -> {
                    Weft.sleep(Duration.ofNanos(d));
                    wokeAt.add(Weft.now());
                });
            }
        });
        assertThat(wokeAt).containsExactly(MINUTE, 2 * MINUTE, 3 * MINUTE);
    }

    /**
     * A task blocked in a JDK call counts as running, so the clock must not jump while it is
     * blocked, even though every other task is parked. The root blocks on a latch; a thread outside
     * the runtime waits until the sleeper is parked in its Weft wait (past the point where a zero
     * threshold would have jumped, in the parking thread) and the root is in the latch, then reads
     * the clock and releases the root.
     */
    @WeftTest
    @Tag(WeftTest.PARALLEL)
    void autojumpWaitsWhileATaskIsBlockedInAJdkCall(MockClock clock) throws Exception {
        clock.autojumpThreshold(Duration.ZERO);
        CountDownLatch latch = new CountDownLatch(1);
        AtomicReference<Thread> sleeperThread = new AtomicReference<>();
        AtomicLong wokeAt = new AtomicLong(-1);
        AtomicLong clockWhileBlocked = new AtomicLong(-1);
        Thread root = Thread.currentThread();
        TaskGroup.run(tg -> {
            TaskHandle<Void> sleeper =
                    tg.startSoon(() -> {
                        sleeperThread.set(Thread.currentThread());
                        Weft.sleep(Duration.ofHours(1));
                        wokeAt.set(Weft.now());
                    });
            Thread.ofPlatform()
                    .start(() -> {
                        // Either the sleeper parked in its Weft wait while the root is in
                        // the latch, or the clock jumped.
                        spinUntil(() ->
                                clock.now() != 0
                                        || (parkedInWeftWait(sleeperThread.get())
                                                && waitingInJdkCall(root)));
                        clockWhileBlocked.set(clock.now());
                        latch.countDown();
                    });
            latch.await();
            assertThat(clockWhileBlocked)
                    .as("the clock jumped while the root was blocked")
                    .hasValue(0);
            assertThat(Weft.now()).isZero();
            assertThat(sleeper.status()).isEqualTo(TaskHandle.Status.RUNNING);
            // Now the root parks (in the group's wait) and the clock may jump.
        });
        assertThat(wokeAt).hasValue(HOUR);
    }

    /** Spins, in a thread outside the runtime, until {@code condition} holds. */
    static void spinUntil(BooleanSupplier condition) {
        for (int spins = 1; !condition.getAsBoolean(); spins++) {
            if (spins % 64 == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Whether {@code t} is parked in a Weft wait: its blocker is the Weft waiter, which is set only
     * inside the park loop, after the task counted itself as blocked (and after a zero threshold
     * would have jumped, in that thread).
     */
    static boolean parkedInWeftWait(Thread t) {
        return t != null && LockSupport.getBlocker(t) instanceof Waiter;
    }

    /** Whether {@code t} is waiting in a JDK call (not in a Weft wait). */
    static boolean waitingInJdkCall(Thread t) {
        return t.getState() == Thread.State.WAITING && !parkedInWeftWait(t);
    }

    @WeftTest
    void withEveryTaskBlockedAndNoDeadlineTheClockStaysPut(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);
        Event never = new Event();
        List<TaskHandle<Void>> waiting = new ArrayList<>();
        TaskGroup.run(tg -> {
            waiting.add(tg.startSoon(never::await));
            waiting.add(tg.startSoon(Weft::sleepForever));
            Weft.waitAllTasksBlocked();
            assertThat(Weft.now()).isZero();
            tg.cancel();
        });
        assertThat(waiting)
                .allSatisfy(h -> assertThat(h.status()).isEqualTo(TaskHandle.Status.CANCELLED));
        assertThat(Weft.now()).isZero();
    }

    /**
     * When a group's last child ends, it wakes the host before it counts itself as ended; in the
     * other order every task looked parked for an instant, and an autojump would fire the host's
     * timeout although the group was about to finish.
     */
    @WeftTest
    void aGroupWhoseLastChildEndsIsNotTakenForAllBlocked(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);
        CancelScope scope =
                Weft.moveOnAfter(
                        Duration.ofHours(1),
                        s ->
                                TaskGroup.run(tg ->
                                        tg.startSoon(() -> {
                                            // The host is parked in the group's wait now.
                                            Weft.waitAllTasksBlocked();
                                        })));
        assertThat(scope.cancelCalled()).as("the hour passed").isFalse();
        assertThat(scope.cancelledCaught()).isFalse();
        assertThat(Weft.now()).isZero();
    }

    // ---------------------------------------------------------------- timed operations

    @WeftTest
    void failAfterThrowsExactlyAtItsDeadline(MockClock clock) throws Exception {
        clock.autojumpThreshold(Duration.ZERO);
        long start = Weft.now();
        assertThatThrownBy(() ->
                        Weft.failAfter(
                                Duration.ofMinutes(1),
                                "too slow",
                                () -> {
                                    assertThat(Weft.currentEffectiveDeadline())
                                            .isEqualTo(start + MINUTE);
                                    Weft.sleepForever();
                                }))
                .isExactlyInstanceOf(TimeoutException.class)
                .hasMessage("too slow")
                .hasCauseInstanceOf(Cancelled.class);
        assertThat(Weft.now()).isEqualTo(start + MINUTE);

        // A body that ends in time returns its value, and the clock stays where the body left it.
        int v =
                Weft.failAfter(
                        Duration.ofMinutes(2),
                        () -> {
                            Weft.sleep(Duration.ofSeconds(30));
                            return 7;
                        });
        assertThat(v).isEqualTo(7);
        assertThat(Weft.now()).isEqualTo(start + MINUTE + Duration.ofSeconds(30).toNanos());
    }

    @WeftTest
    void moveOnAfterAndMoveOnAtEndExactlyAtTheirDeadlines(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);
        CancelScope a = Weft.moveOnAfter(Duration.ofMinutes(1), s -> Weft.sleepForever());
        assertThat(a.cancelledCaught()).isTrue();
        assertThat(a.deadline()).isEqualTo(MINUTE);
        assertThat(Weft.now()).isEqualTo(MINUTE);
        CancelScope b = Weft.moveOnAt(3 * MINUTE, s -> Weft.sleep(Duration.ofHours(1)));
        assertThat(b.cancelledCaught()).isTrue();
        assertThat(Weft.now()).isEqualTo(3 * MINUTE);
        // The inner, earlier deadline ends the sleep; the outer one never fires.
        CancelScope outer =
                Weft.moveOnAfter(
                        Duration.ofMinutes(10),
                        s -> {
                            CancelScope inner =
                                    Weft.moveOnAfter(
                                            Duration.ofMinutes(2), x -> Weft.sleepForever());
                            assertThat(inner.cancelledCaught()).isTrue();
                            assertThat(Weft.currentEffectiveDeadline()).isEqualTo(13 * MINUTE);
                        });
        assertThat(outer.cancelCalled()).isFalse();
        assertThat(Weft.now()).isEqualTo(5 * MINUTE);
    }

    @WeftTest
    void aDeadlineMovedWhileTheClockIsVirtual(MockClock clock) {
        CancelScope scope = new CancelScope().deadline(MINUTE);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> scope.run(s -> Weft.sleepForever()));
            Weft.waitAllTasksBlocked();
            scope.deadline(2 * MINUTE); // later
            clock.jump(Duration.ofSeconds(90));
            assertThat(scope.cancelCalled()).as("moved past the first jump").isFalse();
            scope.deadline(Weft.now() + MINUTE); // later again, then earlier again
            scope.deadline(Weft.now() + Duration.ofSeconds(10).toNanos());
            clock.jump(Duration.ofSeconds(10));
            assertThat(scope.cancelCalled()).as("jump cancels before it returns").isTrue();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(Weft.now()).isEqualTo(Duration.ofSeconds(100).toNanos());

        // Moved to a time already passed: cancels at once, without a jump.
        CancelScope past = new CancelScope();
        past.run(s -> {
            s.deadline(Weft.now() + MINUTE);
            s.deadline(Weft.now());
            Weft.sleepForever();
        });
        assertThat(past.cancelledCaught()).isTrue();

        // Moved later while autojumping: the clock jumps to the new deadline.
        clock.autojumpThreshold(Duration.ZERO);
        long start = Weft.now();
        CancelScope moved = new CancelScope().deadline(start + MINUTE);
        moved.run(s -> {
            s.deadline(start + 5 * MINUTE);
            Weft.sleepForever();
        });
        assertThat(moved.cancelledCaught()).isTrue();
        assertThat(Weft.now()).isEqualTo(start + 5 * MINUTE);

        // Removed: nothing left to jump to.
        CancelScope removed = new CancelScope().deadline(Weft.now() + MINUTE);
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    removed.run(s -> {
                        s.deadline(Long.MAX_VALUE);
                        Weft.sleepForever();
                    }));
            Weft.waitAllTasksBlocked();
            assertThat(Weft.now()).isEqualTo(start + 5 * MINUTE);
            removed.cancel();
        });
        assertThat(removed.cancelledCaught()).isTrue();
    }

    @WeftTest
    void aShieldedCleanupDeadlineRunsOnVirtualTimeToo(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);
        AtomicLong cleanupEndedAt = new AtomicLong(-1);
        CancelScope outer =
                Weft.moveOnAfter(
                        Duration.ofMinutes(1),
                        s -> {
                            try {
                                Weft.sleepForever();
                            } finally {
                                Weft.moveOnAfterShielded(
                                        Duration.ofSeconds(5), x -> Weft.sleepForever());
                                cleanupEndedAt.set(Weft.now());
                            }
                        });
        assertThat(outer.cancelledCaught()).isTrue();
        assertThat(cleanupEndedAt).hasValue(MINUTE + Duration.ofSeconds(5).toNanos());
    }

    @WeftTest(backends = Backend.SERIAL)
    void tasksWhoseDeadlinesTieWakeInTheOrderTheyScheduledThem(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);
        List<Integer> woke = new ArrayList<>();
        TaskGroup.run(tg -> {
            for (int n = 0; n < 8; n++) {
                int num = n;
                tg.startSoon(() -> {
                    Weft.sleep(Duration.ofSeconds(1)); // the same virtual deadline for all
                    woke.add(num);
                });
            }
        });
        // FIFO from spawn order through the timer heap's tie-break and the scheduler.
        assertThat(woke).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(Weft.now()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }
}
