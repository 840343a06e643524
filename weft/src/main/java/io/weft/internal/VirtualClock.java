package io.weft.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The state behind {@code io.weft.testing.MockClock}: a virtual time that moves only when told to,
 * and the autojump threshold.
 *
 * <p><b>Who moves time.</b> While the clock is attached to a runtime, time moves only under that
 * runtime's {@link Timers} fire lock ({@link Timers#jump}, {@link Timers#autojump}), which also
 * fires the deadlines that became due before releasing it; so a deadline is never seen as passed by
 * one thread while another is still about to jump over it. While detached, a jump only adds to the
 * reading (under this monitor, so concurrent jumps add up).
 *
 * <p><b>One runtime at a time.</b> {@code runtime} is set by a CAS from null when a run starts and
 * cleared when it ends; the loser of the CAS (a second concurrent run) gets an {@code
 * IllegalStateException} and its runtime never starts.
 */
public final class VirtualClock implements Clock {
    /** {@link #autojumpThresholdNanos()} when autojump is off. */
    public static final long NEVER = -1;

    private final AtomicReference<WeftRuntime> runtime = new AtomicReference<>();
    private volatile long now;
    private volatile long autojumpThreshold = NEVER;

    /** A clock at time 0 with autojump off. */
    public VirtualClock() {}

    @Override
    public long now() {
        return now;
    }

    /**
     * Moves the clock {@code nanos} ahead and, if it is attached, fires every deadline that is due
     * then, in deadline order, in the calling thread, before returning.
     *
     * @throws IllegalArgumentException if {@code nanos} is negative or the reading would pass the
     *     end of the representable time
     */
    public void jump(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException(
                    "time can't go backwards: a jump must not be negative");
        }
        WeftRuntime rt = runtime.get();
        if (rt != null) {
            rt.timers.jump(nanos);
        } else {
            advance(nanos);
        }
    }

    /** Adds {@code nanos} (non-negative) to the reading. */
    synchronized void advance(long nanos) {
        long n = now + nanos;
        if (n < 0 || n == Long.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a jump of "
                            + nanos
                            + " ns from "
                            + now
                            + " ns would pass the end of the clock (Long.MAX_VALUE ns, about 292"
                            + " years)");
        }
        now = n;
    }

    /** Moves the reading to {@code t} if that is later. */
    synchronized void advanceTo(long t) {
        if (t > now) {
            now = t;
        }
    }

    /** The autojump threshold in real nanoseconds: 0 for at once, {@link #NEVER} for off. */
    public long autojumpThresholdNanos() {
        return autojumpThreshold;
    }

    /**
     * Sets the autojump threshold ({@link #NEVER} for off). If the clock is attached and every task
     * of its runtime is blocked right now, the wait for the threshold starts now.
     */
    public void setAutojumpThreshold(long nanos) {
        autojumpThreshold = nanos;
        WeftRuntime rt = runtime.get();
        if (rt != null) {
            rt.autojumpSettingChanged();
        }
    }

    /** The runtime this clock is attached to, or null. */
    public WeftRuntime runtime() {
        return runtime.get();
    }

    /**
     * Attaches this clock to {@code rt}, which is about to start.
     *
     * @throws IllegalStateException if it is attached to another runtime
     */
    void attach(WeftRuntime rt) {
        if (!runtime.compareAndSet(null, rt)) {
            // Lost: another run holds the clock; this one must not start.
            throw new IllegalStateException(
                    "this MockClock is already in use by a running Weft runtime ("
                            + runtime.get()
                            + "); a MockClock drives one runtime at a time: give each concurrent"
                            + " run its own clock");
        }
    }

    /** Detaches this clock from {@code rt}, which has ended. */
    void detach(WeftRuntime rt) {
        runtime.compareAndSet(rt, null);
    }
}
