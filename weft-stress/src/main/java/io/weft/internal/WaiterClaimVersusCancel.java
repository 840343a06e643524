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
 * A memory channel's hand-off in two steps: a counterpart claims a parked waiter ({@link
 * Waiter#tryClaim}, under the channel's monitor) and resumes it with the item afterwards ({@link
 * Waiter#resumeClaimed}), racing a canceller's {@link Waiter#tryCancel}. Exactly one of the claim
 * and the cancel wins; a cancel that comes between the claim and the resume loses too (the claim
 * already decided the outcome); a cancelled waiter never holds the item, and a claimed one ends
 * holding exactly the item it was resumed with.
 *
 * <p>Results: whether the claim won, whether the cancel won, and how the wait ended ({@code resumed
 * <value>} or {@code cancelled}).
 */
@JCStressTest
@Outcome(
        id = "true, false, resumed item",
        expect = ACCEPTABLE,
        desc =
                "the claim won: the waiter holds the item, the cancellation hits its next checkpoint")
@Outcome(
        id = "false, true, cancelled",
        expect = ACCEPTABLE,
        desc = "the cancellation won: the counterpart keeps the item and offers it to the next one")
@Outcome(expect = FORBIDDEN, desc = "both won, neither won, or the item was lost or duplicated")
@State
public class WaiterClaimVersusCancel {
    private final Waiter waiter = new Waiter(StressRuntime.idleTask(), true);

    /** Claims the waiter and, if that won, resumes it with an item. */
    @Actor
    public void claim(ZZL_Result r) {
        boolean claimed = waiter.tryClaim();
        if (claimed) {
            waiter.resumeClaimed("item");
        }
        r.r1 = claimed;
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
