package io.weft.internal.jfr;

/**
 * Whether Weft's JFR events are compiled into the running code at all: {@code false} when the
 * system property {@code weft.jfr} is {@code false}. A constant, so that with it off the JIT drops
 * every emission site; with it on (the default) a site costs what JFR's own disabled check costs
 * while no recording enables the event (see {@code docs/observability.md} for the measured cost).
 *
 * <p>The events are {@link TaskStartEvent}, {@link TaskEndEvent}, {@link
 * CancelScopeCancelledEvent}, {@link DeadlineFiredEvent}, and three with a duration and a threshold
 * (20 ms): {@link LongWaitEvent}, {@link ToThreadCallEvent} and {@link StreamBackpressureEvent}.
 * All are disabled unless a recording's settings enable them (the {@code weft.jfc} file in Weft's
 * jar does). The timed ones are begun only while enabled, so a disabled site costs one check per
 * wait, not a clock read.
 */
public final class WeftEvents {
    /** Whether Weft emits JFR events (system property {@code weft.jfr}, default true). */
    public static final boolean ON = !"false".equals(System.getProperty("weft.jfr"));

    private WeftEvents() {}
}
