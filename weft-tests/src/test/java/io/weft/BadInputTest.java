package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Bad and extreme inputs to the time APIs: nulls, negative and huge durations. */
class BadInputTest {

    static final Duration SECOND = Duration.ofSeconds(1);

    @WeftTest
    void nullDelaysAreRejectedNamingTheParameter() {
        List<ThrowingCallable> calls =
                List.of(
                        () -> Weft.sleep(null),
                        () -> Weft.moveOnAfter(null, s -> {}),
                        () -> Weft.moveOnAfterShielded(null, s -> {}),
                        () -> Weft.failAfter(null, () -> 1),
                        () -> Weft.failAfter(null, s -> {}),
                        () -> Weft.failAfter(null, "reason", () -> 1),
                        () -> Weft.failAfterShielded(null, "reason", () -> 1));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call)
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageStartingWith("delay is null: pass a Duration");
        }
    }

    @WeftTest
    void nullBodiesAreRejectedNamingTheParameter() {
        // Every overload, each body shape: the casts pick the overload.
        ScopeBody<RuntimeException> sb = null;
        CheckedRunnable<RuntimeException> cr = null;
        CheckedCallable<Object, RuntimeException> cc = null;
        ScopeFunction<Object, RuntimeException> sf = null;
        long never = Long.MAX_VALUE;
        List<ThrowingCallable> calls =
                List.of(
                        () -> Weft.moveOnAfter(SECOND, sb),
                        () -> Weft.moveOnAfter(SECOND, cr),
                        () -> Weft.moveOnAt(never, sb),
                        () -> Weft.moveOnAt(never, cr),
                        () -> Weft.moveOnAfterShielded(SECOND, sb),
                        () -> Weft.moveOnAfterShielded(SECOND, cr),
                        () -> Weft.moveOnAtShielded(never, sb),
                        () -> Weft.moveOnAtShielded(never, cr),
                        () -> Weft.failAfter(SECOND, sb),
                        () -> Weft.failAfter(SECOND, cr),
                        () -> Weft.failAfter(SECOND, cc),
                        () -> Weft.failAfter(SECOND, "reason", sb),
                        () -> Weft.failAfter(SECOND, "reason", cr),
                        () -> Weft.failAfter(SECOND, "reason", cc),
                        () -> Weft.failAt(never, sb),
                        () -> Weft.failAt(never, cr),
                        () -> Weft.failAt(never, cc),
                        () -> Weft.failAt(never, "reason", sb),
                        () -> Weft.failAt(never, "reason", cr),
                        () -> Weft.failAt(never, "reason", cc),
                        () -> Weft.failAfterShielded(SECOND, "reason", sb),
                        () -> Weft.failAfterShielded(SECOND, "reason", cr),
                        () -> Weft.failAfterShielded(SECOND, "reason", cc),
                        () -> Weft.failAtShielded(never, "reason", sb),
                        () -> Weft.failAtShielded(never, "reason", cr),
                        () -> Weft.failAtShielded(never, "reason", cc),
                        () -> new CancelScope().run(sb),
                        () -> new CancelScope().run(cr),
                        () -> new CancelScope().call(sf),
                        () -> new CancelScope().call(cc));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage("body");
        }
        // A rejected call entered no scope: the task is not left inside one.
        assertThat(Weft.currentEffectiveDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @WeftTest
    void aNullFailAfterReasonMeansTheDefaultMessage() {
        assertThatThrownBy(() ->
                        Weft.failAfter(
                                Duration.ZERO,
                                null,
                                () -> {
                                    Weft.sleepForever();
                                    return 1;
                                }))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("deadline exceeded");
    }

    static List<Duration> expiredDelays() {
        return List.of(
                Duration.ZERO,
                Duration.ofNanos(-1),
                Duration.ofSeconds(-1),
                Duration.ofDays(-365 * 1000),
                Duration.ofSeconds(Long.MIN_VALUE));
    }

    @WeftTest
    void aNegativeSleepReturnsAfterACheckpoint() {
        for (Duration d : expiredDelays()) {
            Weft.sleep(d); // returns at once
            AtomicBoolean after = new AtomicBoolean();
            CancelScope scope = new CancelScope();
            scope.run(s -> {
                s.cancel();
                Weft.sleep(d);
                after.set(true);
            });
            assertThat(after).as("sleep(%s) in a cancelled scope threw", d).isFalse();
            assertThat(scope.cancelledCaught()).isTrue();
        }
    }

    @WeftTest
    void aNegativeMoveOnAfterCancelsAtTheFirstCheckpoint() {
        for (Duration d : expiredDelays()) {
            AtomicBoolean before = new AtomicBoolean();
            AtomicBoolean after = new AtomicBoolean();
            CancelScope scope =
                    Weft.moveOnAfter(
                            d,
                            s -> {
                                before.set(true); // the body runs until its first checkpoint
                                assertThat(s.cancelCalled()).isTrue();
                                assertThat(Weft.currentEffectiveDeadline())
                                        .isEqualTo(Long.MIN_VALUE);
                                Weft.checkpoint();
                                after.set(true);
                            });
            assertThat(before).isTrue();
            assertThat(after).as("moveOnAfter(%s) let the checkpoint pass", d).isFalse();
            assertThat(scope.cancelledCaught()).isTrue();
        }
    }

    @WeftTest
    void aNegativeFailAfterThrowsTimeoutAtTheFirstCheckpoint() {
        for (Duration d : expiredDelays()) {
            AtomicBoolean before = new AtomicBoolean();
            AtomicBoolean after = new AtomicBoolean();
            assertThatThrownBy(() ->
                            Weft.failAfter(
                                    d,
                                    "too late",
                                    () -> {
                                        before.set(true);
                                        Weft.checkpoint();
                                        after.set(true);
                                        return 1;
                                    }))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage("too late")
                    .hasCauseInstanceOf(Cancelled.class);
            assertThat(before).isTrue();
            assertThat(after).isFalse();
        }
    }

    @WeftTest
    void aBodyWithoutCheckpointsCompletesEvenWhenTheDelayHasExpired() throws Exception {
        // AnyIO: fail_after raises only if the scope actually caught the cancellation.
        int value = Weft.failAfter(Duration.ofSeconds(-1), () -> 42);
        assertThat(value).isEqualTo(42);
        CancelScope scope = Weft.moveOnAfter(Duration.ofSeconds(-1), s -> {});
        assertThat(scope.cancelCalled()).isTrue();
        assertThat(scope.cancelledCaught()).isFalse();
    }

    @WeftTest
    void aHugeDurationMeansNever() throws Exception {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        CancelScope scope =
                Weft.moveOnAfter(
                        huge,
                        s -> {
                            assertThat(s.deadline()).isEqualTo(Long.MAX_VALUE);
                            assertThat(Weft.currentEffectiveDeadline()).isEqualTo(Long.MAX_VALUE);
                            Weft.checkpoint();
                        });
        assertThat(scope.cancelCalled()).isFalse();
        AtomicLong deadline = new AtomicLong();
        Weft.failAfter(huge, s -> deadline.set(s.deadline()));
        assertThat(deadline).hasValue(Long.MAX_VALUE);

        // A huge sleep ends only by cancellation.
        AtomicBoolean returned = new AtomicBoolean();
        TaskGroup.run(tg -> {
            TaskHandle<Void> sleeper =
                    tg.startSoon(() -> {
                        Weft.sleep(huge);
                        returned.set(true);
                    });
            Weft.waitAllTasksBlocked();
            assertThat(sleeper.info().isWaiting()).isTrue();
            sleeper.cancel();
        });
        assertThat(returned).isFalse();
    }

    @WeftTest
    void aNanosecondOverflowingDeadlineIsClampedNotWrapped() throws Exception {
        // Duration.ofNanos(Long.MAX_VALUE) is representable in nanoseconds, but now + delay
        // may overflow: it must not wrap around into the past.
        Duration d = Duration.ofNanos(Long.MAX_VALUE);
        long now = Weft.now();
        AtomicLong deadline = new AtomicLong();
        Weft.failAfter(d, s -> deadline.set(s.deadline()));
        assertThat(deadline.get()).isGreaterThan(now);
        CancelScope scope = Weft.moveOnAfter(d, s -> Weft.checkpoint());
        assertThat(scope.cancelCalled()).isFalse();
    }
}
