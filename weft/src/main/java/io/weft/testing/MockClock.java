package io.weft.testing;

import io.weft.internal.Secrets;
import io.weft.internal.VirtualClock;
import io.weft.internal.WeftRuntime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual clock for tests (Trio's {@code MockClock}): time that stands still until the test moves
 * it, or that jumps straight to the next deadline once every task is blocked, so code full of
 * sleeps and timeouts runs in no real time and always sees the same times.
 *
 * <pre>{@code
 * MockClock clock = new MockClock().autojumpThreshold(Duration.ZERO);
 * long slept = Weft.run(RunOptions.defaults().clock(clock), () -> {
 *     long start = Weft.now();
 *     Weft.sleep(Duration.ofHours(1));       // returns at once, in real time
 *     return Weft.now() - start;
 * });
 * // slept == Duration.ofHours(1).toNanos(), exactly
 * }</pre>
 *
 * <pre>{@code
 * Weft.run(RunOptions.defaults().clock(clock), () -> TaskGroup.run(tg -> {
 *     tg.startSoon(() -> Weft.sleep(Duration.ofMinutes(1)));
 *     Weft.waitAllTasksBlocked();              // the sleeper is parked
 *     clock.jump(Duration.ofMinutes(1));       // wakes it before jump returns
 * }));
 * }</pre>
 *
 * <h2>Time</h2>
 *
 * A new clock reads 0 and never moves by itself. {@link io.weft.Weft#now() Weft.now()}, sleeps,
 * deadlines and every timeout helper of a runtime started with {@link
 * io.weft.RunOptions#clock(MockClock)} read it instead of the system clock. {@link #jump(Duration)}
 * moves it ahead and fires every deadline that has become due, in deadline order, in the calling
 * thread, before it returns: the tasks it wakes are ready by then (they run in parallel on the
 * parallel backends; on a deterministic backend they run at the caller's next checkpoint).
 *
 * <h2>Autojump</h2>
 *
 * With an {@link #autojumpThreshold(Duration) autojump threshold}, once every task of the runtime
 * has been parked in a Weft wait for that long in real time, with no task waking in between, the
 * clock jumps straight to the earliest deadline and fires what is due. With {@link Duration#ZERO}
 * it jumps the moment the last task parks. A task blocked outside Weft (in a JDK call such as
 * {@code BlockingQueue.take} or {@code Thread.sleep}, or busy computing) counts as running and
 * holds the clock back, as it holds back {@link io.weft.Weft#waitAllTasksBlocked()}; the callers of
 * {@code waitAllTasksBlocked} take precedence: they are woken first, and the clock does not jump
 * while they run. With every task blocked and no deadline scheduled there is nothing to jump to
 * (the run is deadlocked, or waits for a thread outside it): the clock stays put. A positive
 * threshold is for tests whose tasks wait for real I/O or threads, so that time does not race ahead
 * while bytes are in flight.
 *
 * <h2>Sharing</h2>
 *
 * A clock drives one runtime at a time; it may be reused by later runs, and its time carries on
 * from where the last run left it. Every method may be called from any thread, inside or outside a
 * run.
 */
public final class MockClock {
    static {
        Secrets.registerClockAccess(c -> ((MockClock) c).state);
    }

    private final VirtualClock state = new VirtualClock();

    /** A clock at time 0 with autojump off. */
    public MockClock() {}

    /**
     * The current virtual time in nanoseconds (what {@link io.weft.Weft#now()} returns in a runtime
     * on this clock).
     */
    public long now() {
        return state.now();
    }

    /**
     * Moves the clock {@code delta} ahead and fires every deadline that is due then, in deadline
     * order, in the calling thread: when this returns, every sleep and timeout scope that ended by
     * the new time has been woken or cancelled. A zero {@code delta} fires what is already due.
     *
     * @throws NullPointerException if {@code delta} is null
     * @throws IllegalArgumentException if {@code delta} is negative (time can't go backwards), or
     *     so large that the clock would pass {@code Long.MAX_VALUE} nanoseconds
     */
    public void jump(Duration delta) {
        Objects.requireNonNull(delta, "delta");
        if (delta.isNegative()) {
            throw new IllegalArgumentException(
                    "time can't go backwards: MockClock.jump(" + delta + ") with a negative delta");
        }
        long nanos;
        try {
            nanos = delta.toNanos();
        } catch (ArithmeticException tooLarge) {
            throw new IllegalArgumentException(
                    "MockClock.jump(" + delta + "): more than Long.MAX_VALUE nanoseconds",
                    tooLarge);
        }
        state.jump(nanos);
    }

    /** The autojump threshold, or empty if autojump is off (the default). */
    public Optional<Duration> autojumpThreshold() {
        long t = state.autojumpThresholdNanos();
        return t == VirtualClock.NEVER ? Optional.empty() : Optional.of(Duration.ofNanos(t));
    }

    /**
     * Turns autojump on: once every task has been blocked for {@code threshold} of real time, the
     * clock jumps to the next deadline ({@link Duration#ZERO}: as soon as every task is blocked).
     * Takes effect at once, also during a run. A threshold too large to represent in nanoseconds is
     * taken as about 292 years.
     *
     * @return this clock
     * @throws NullPointerException if {@code threshold} is null (to turn autojump off, {@link
     *     #disableAutojump()})
     * @throws IllegalArgumentException if {@code threshold} is negative
     */
    public MockClock autojumpThreshold(Duration threshold) {
        Objects.requireNonNull(
                threshold, "threshold is null: call disableAutojump() to turn autojump off");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException(
                    "the autojump threshold must not be negative, was " + threshold);
        }
        long nanos;
        try {
            nanos = threshold.toNanos();
        } catch (ArithmeticException tooLarge) {
            nanos = Long.MAX_VALUE;
        }
        state.setAutojumpThreshold(nanos);
        return this;
    }

    /**
     * Turns autojump off (the default): the clock moves only by {@link #jump}. Takes effect at
     * once, also during a run.
     *
     * @return this clock
     */
    public MockClock disableAutojump() {
        state.setAutojumpThreshold(VirtualClock.NEVER);
        return this;
    }

    /** The time, the autojump threshold and the runtime the clock is attached to, if any. */
    @Override
    public String toString() {
        WeftRuntime rt = state.runtime();
        return "MockClock[time="
                + Duration.ofNanos(state.now())
                + ", autojump="
                + autojumpThreshold().map(Duration::toString).orElse("off")
                + (rt != null ? ", running " + rt : "")
                + "]";
    }
}
