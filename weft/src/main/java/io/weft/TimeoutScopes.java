package io.weft;

import io.weft.internal.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * The deadlines and scopes behind {@link Weft}'s sleeps and timeouts ({@code moveOnAfter}, ...).
 */
final class TimeoutScopes {
    private TimeoutScopes() {}

    /**
     * The reading of {@code t}'s clock {@code delay} from now, saturated at the ends of {@code
     * long} rather than overflowing, and never {@code Long.MIN_VALUE}.
     */
    static long deadlineAfter(Task t, Duration delay) {
        Objects.requireNonNull(delay, Weft.NULL_DELAY);
        long now = t.runtime.timers.clock().now();
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException tooLarge) {
            return delay.isNegative() ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
        }
        long d = now + nanos;
        if (((now ^ d) & (nanos ^ d)) < 0) {
            return nanos > 0 ? Long.MAX_VALUE : Long.MIN_VALUE + 1;
        }
        return d == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : d;
    }

    /** A new scope with a deadline {@code delay} from now. */
    static CancelScope scope(Duration delay, boolean shield, Object body) {
        long deadline = deadlineAfter(Task.current(), delay);
        Objects.requireNonNull(body, "body");
        CancelScope scope = new CancelScope();
        scope.node.initTimeout(deadline, isPositive(delay), shield);
        return scope;
    }

    /** A new scope with an absolute deadline. */
    static CancelScope scope(long deadline, boolean shield, Object body) {
        Objects.requireNonNull(body, "body");
        CancelScope scope = new CancelScope();
        scope.node.initTimeout(deadline, false, shield);
        return scope;
    }

    /**
     * Whether {@code delay} is positive, i.e. the deadline computed from it lay ahead of the clock
     * reading it was computed from: the scope then need not read the clock again on entry (a
     * deadline that passes in the nanoseconds before entry fires through the timer at once).
     */
    private static boolean isPositive(Duration delay) {
        return delay.getSeconds() > 0 || (delay.getSeconds() == 0 && delay.getNano() > 0);
    }

    /** Throws the {@code failAfter} timeout if the scope's own deadline ended its body. */
    static void throwIfTimedOut(CancelScope scope, String reason) throws TimeoutException {
        if (scope.cancelledCaught() && scope.cancelledByDeadline()) {
            TimeoutException e =
                    new TimeoutException(reason != null ? reason : "deadline exceeded");
            e.initCause(scope.swallowedCancellation());
            throw e;
        }
    }
}
