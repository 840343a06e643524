package io.weft.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZL_Result;

/**
 * The wait primitive's one rule: a producer handing a value to a waiter and a canceller cancelling
 * it race on one CAS, and exactly one of them wins. The loser's attempt changes nothing: a
 * cancelled waiter never also holds the value (so the producer still owns it and offers it to
 * someone else), and a resumed waiter holds exactly the value it was handed.
 *
 * <p>Results: whether the grant won, whether the cancel won, and how the wait ended ({@code resumed
 * <value>} or {@code cancelled}).
 */
@JCStressTest
@Outcome(
        id = "true, false, resumed item",
        expect = ACCEPTABLE,
        desc =
                "the grant won: the waiter holds the item, the cancellation hits its next checkpoint")
@Outcome(
        id = "false, true, cancelled",
        expect = ACCEPTABLE,
        desc = "the cancellation won: the waiter holds nothing, the producer keeps the item")
@Outcome(expect = FORBIDDEN, desc = "both won, neither won, or the item was lost or duplicated")
@State
public class WaiterGrantVersusCancel {
    private final Waiter waiter = new Waiter(StressRuntime.idleTask(), true);

    /** Hands an item to the waiter. */
    @Actor
    public void grant(ZZL_Result r) {
        r.r1 = waiter.tryResume("item");
    }

    /** Cancels the waiter. */
    @Actor
    public void cancel(ZZL_Result r) {
        r.r2 = waiter.tryCancel();
    }

    /** How the wait ended. */
    @Arbiter
    public void outcome(ZZL_Result r) {
        int kind = waiter.kind();
        r.r3 =
                kind == Waiter.RESUMED
                        ? "resumed " + waiter.value()
                        : kind == Waiter.CANCELLED ? "cancelled" : "ended " + kind;
    }
}
