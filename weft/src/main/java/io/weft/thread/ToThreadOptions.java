package io.weft.thread;

import io.weft.sync.CapacityLimiter;

/**
 * How {@link ToThread#runSync(ToThreadOptions, io.weft.CheckedCallable)} runs its function: whether
 * the caller may abandon it when cancelled, and which limiter bounds the threads. Immutable; each
 * setter returns a new instance.
 *
 * <pre>{@code
 * ToThread.runSync(ToThreadOptions.defaults().abandonOnCancel(true), () -> legacyClient.fetch());
 * ToThread.runSync(ToThreadOptions.defaults().limiter(dbLimiter), () -> jdbc.query(sql));
 * }</pre>
 */
public final class ToThreadOptions {
    private static final ToThreadOptions DEFAULTS = new ToThreadOptions(false, null);

    private final boolean abandonOnCancel;
    private final CapacityLimiter limiter;

    private ToThreadOptions(boolean abandonOnCancel, CapacityLimiter limiter) {
        this.abandonOnCancel = abandonOnCancel;
        this.limiter = limiter;
    }

    /** Not abandoned on cancel; the runtime's default limiter. */
    public static ToThreadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with {@code abandonOnCancel}: if true, cancelling the caller makes {@code
     * runSync} throw {@link io.weft.Cancelled} at once while the function runs on in its thread
     * (its outcome is dropped); if false (the default), the caller waits for the function to return
     * and meets the cancellation at its next checkpoint.
     */
    public ToThreadOptions abandonOnCancel(boolean abandonOnCancel) {
        return new ToThreadOptions(abandonOnCancel, limiter);
    }

    /**
     * These options with {@code limiter} bounding how many functions run in threads at once (one
     * token per call, held until the function returns, also when the call was abandoned); null for
     * {@link ToThread#currentDefaultThreadLimiter()} (the default).
     */
    public ToThreadOptions limiter(CapacityLimiter limiter) {
        return new ToThreadOptions(abandonOnCancel, limiter);
    }

    /** Whether the caller abandons the function when cancelled. */
    public boolean abandonOnCancel() {
        return abandonOnCancel;
    }

    /** The limiter, or null for {@link ToThread#currentDefaultThreadLimiter()}. */
    public CapacityLimiter limiter() {
        return limiter;
    }

    @Override
    public String toString() {
        return "ToThreadOptions[abandonOnCancel="
                + abandonOnCancel
                + (limiter != null ? ", limiter=" + limiter : "")
                + "]";
    }
}
