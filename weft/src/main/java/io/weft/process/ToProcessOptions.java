package io.weft.process;

import io.weft.sync.CapacityLimiter;

/**
 * How {@link ToProcess#runSync(ToProcessOptions, SerializableCallable)} runs its function: whether
 * a cancellation may kill the worker JVM running it, and which limiter bounds the workers in use.
 * Immutable; each setter returns a new instance.
 *
 * <pre>{@code
 * ToProcess.runSync(ToProcessOptions.defaults().cancellable(true), () -> search(space));
 * ToProcess.runSync(ToProcessOptions.defaults().limiter(twoAtATime), () -> render(scene));
 * }</pre>
 */
public final class ToProcessOptions {
    private static final ToProcessOptions DEFAULTS = new ToProcessOptions(false, null);

    private final boolean cancellable;
    private final CapacityLimiter limiter;

    private ToProcessOptions(boolean cancellable, CapacityLimiter limiter) {
        this.cancellable = cancellable;
        this.limiter = limiter;
    }

    /** Not cancellable once running; the runtime's default limiter. */
    public static ToProcessOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with {@code cancellable}: if true, cancelling the caller while the function
     * runs kills the worker JVM ({@code SIGKILL}) and {@code runSync} throws {@link
     * io.weft.Cancelled}; if false (the default), the caller waits for the function's outcome,
     * shielded, and meets the cancellation at its next checkpoint.
     */
    public ToProcessOptions cancellable(boolean cancellable) {
        return new ToProcessOptions(cancellable, limiter);
    }

    /**
     * These options with {@code limiter} bounding how many functions run in worker JVMs at once
     * (one token per call, held until its outcome is back); null for {@link
     * ToProcess#currentDefaultProcessLimiter()} (the default).
     */
    public ToProcessOptions limiter(CapacityLimiter limiter) {
        return new ToProcessOptions(cancellable, limiter);
    }

    /** Whether a cancellation kills the worker running the function. */
    public boolean cancellable() {
        return cancellable;
    }

    /** The limiter, or null for {@link ToProcess#currentDefaultProcessLimiter()}. */
    public CapacityLimiter limiter() {
        return limiter;
    }

    @Override
    public String toString() {
        return "ToProcessOptions[cancellable="
                + cancellable
                + (limiter != null ? ", limiter=" + limiter : "")
                + "]";
    }
}
