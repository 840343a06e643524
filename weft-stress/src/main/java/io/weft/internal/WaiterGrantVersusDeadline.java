package io.weft.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZI_Result;

/**
 * A timed wait: a producer's grant and the deadline (what the timer thread runs, {@code
 * onDeadline}) race on the waiter's one CAS; exactly one decides how the wait ends. (Two actors:
 * this machine has two CPUs, and jcstress runs a test only with a CPU per actor; the cancellation
 * side is {@link WaiterVersusCancel.Grant}.)
 *
 * <p>Results: whether the grant won, whether the deadline decided the wait, and how the wait ended
 * ({@code 0} resumed, {@code 2} timed out).
 */
@JCStressTest
@Outcome(id = "true, false, 0", expect = ACCEPTABLE, desc = "the grant won")
@Outcome(id = "false, true, 2", expect = ACCEPTABLE, desc = "the deadline won")
@Outcome(expect = FORBIDDEN, desc = "both or neither decided the outcome")
@State
public class WaiterGrantVersusDeadline {
    private final Waiter waiter = new Waiter(StressRuntime.idleTask(), true);
    private final Timer timeout = waiter.timeout();

    /** Hands an item to the waiter. */
    @Actor
    public void grant(ZZI_Result r) {
        r.r1 = waiter.tryResume("item");
    }

    /** The deadline passes. */
    @Actor
    public void deadline() {
        timeout.onDeadline();
    }

    /** How the wait ended. */
    @Arbiter
    public void outcome(ZZI_Result r) {
        r.r3 = waiter.kind();
        r.r2 = r.r3 == Waiter.TIMED_OUT; // only the timeout ends a wait as TIMED_OUT
    }
}
