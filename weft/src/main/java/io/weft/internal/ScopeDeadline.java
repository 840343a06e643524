package io.weft.internal;

/**
 * The deadline of one {@link Scope} and its entry in the runtime's {@link Timers} heap, made the
 * first time the scope is given a deadline. Most scopes never have one (every task's root scope,
 * every task group's scope), so keeping these fields out of {@code Scope} saves them about 30 bytes
 * each; a scope with a deadline pays one extra object instead.
 *
 * <p>{@code deadline} is written under the scope's monitor and read without it; {@code ahead} is
 * guarded by the scope's monitor (see {@link Scope#initTimeout}).
 */
final class ScopeDeadline extends Timer {
    private final Scope scope;

    /** The deadline on the runtime clock, {@code Long.MAX_VALUE} for none. */
    volatile long deadline;

    /**
     * The deadline was computed as a positive delay from a clock reading just taken, so arming it
     * need not read the clock again. Guarded by the scope's monitor.
     */
    boolean ahead;

    ScopeDeadline(Scope scope, long deadline, boolean ahead) {
        this.scope = scope;
        this.deadline = deadline;
        this.ahead = ahead;
    }

    @Override
    protected void onDeadline() {
        scope.deadlinePassed(this);
    }
}
