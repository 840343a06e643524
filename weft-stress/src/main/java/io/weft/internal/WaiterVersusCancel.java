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
 * The wait primitive's one rule, in the two ways a counterpart hands a parked waiter an item, each
 * racing a canceller's {@link Waiter#tryCancel}: exactly one of the hand-off and the cancel wins.
 * The loser's attempt changes nothing: a cancelled waiter never also holds the item (so the
 * counterpart still owns it and offers it to someone else), and a resumed waiter holds exactly the
 * item it was handed.
 *
 * <p>Results of both: whether the hand-off won, whether the cancel won, and how the wait ended
 * ({@code resumed <value>} or {@code cancelled}). jcstress finds an actor only where it is
 * declared, so each test declares its own; what they share is {@link #ending}.
 */
public final class WaiterVersusCancel {
    private WaiterVersusCancel() {}

    /** A producer hands the waiter an item in one CAS ({@link Waiter#tryResume}). */
    @JCStressTest
    @Outcome(
            id = "true, false, resumed item",
            expect = ACCEPTABLE,
            desc =
                    "the grant won: the waiter holds the item, the cancellation hits its next"
                            + " checkpoint")
    @Outcome(
            id = "false, true, cancelled",
            expect = ACCEPTABLE,
            desc = "the cancellation won: the waiter holds nothing, the producer keeps the item")
    @Outcome(expect = FORBIDDEN, desc = "both won, neither won, or the item was lost or duplicated")
    @State
    public static class Grant {
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
            r.r3 = ending(waiter);
        }
    }

    /**
     * A memory channel's hand-off in two steps: the counterpart claims the waiter ({@link
     * Waiter#tryClaim}, under the channel's monitor) and resumes it with the item afterwards
     * ({@link Waiter#resumeClaimed}). A cancel that comes between the claim and the resume loses
     * too: the claim already decided the outcome.
     */
    @JCStressTest
    @Outcome(
            id = "true, false, resumed item",
            expect = ACCEPTABLE,
            desc =
                    "the claim won: the waiter holds the item, the cancellation hits its next"
                            + " checkpoint")
    @Outcome(
            id = "false, true, cancelled",
            expect = ACCEPTABLE,
            desc =
                    "the cancellation won: the counterpart keeps the item and offers it to the"
                            + " next one")
    @Outcome(expect = FORBIDDEN, desc = "both won, neither won, or the item was lost or duplicated")
    @State
    public static class Claim {
        private final Waiter waiter = new Waiter(StressRuntime.idleTask(), true);

        /** Claims the waiter and, if that won, resumes it with an item. */
        @Actor
        public void claim(ZZL_Result r) {
            r.r1 = claimThenResume(waiter, false);
        }

        /** Cancels the waiter. */
        @Actor
        public void cancel(ZZL_Result r) {
            r.r2 = waiter.tryCancel();
        }

        /** How the wait ended. */
        @Arbiter
        public void outcome(ZZL_Result r) {
            r.r3 = ending(waiter);
        }
    }

    /**
     * A memory channel's hand-off when the claimer knows the item ({@link Waiter#tryClaimFor}): the
     * claim itself ends a wait whose task has not parked, and {@link Waiter#resumeClaimed} then
     * does nothing. A cancel racing it still loses or wins as a whole.
     */
    @JCStressTest
    @Outcome(
            id = "true, false, resumed item",
            expect = ACCEPTABLE,
            desc =
                    "the claim won: the waiter holds the item, the cancellation hits its next"
                            + " checkpoint")
    @Outcome(
            id = "false, true, cancelled",
            expect = ACCEPTABLE,
            desc =
                    "the cancellation won: the counterpart keeps the item and offers it to the"
                            + " next one")
    @Outcome(expect = FORBIDDEN, desc = "both won, neither won, or the item was lost or duplicated")
    @State
    public static class ClaimFor {
        private final Waiter waiter = new Waiter(StressRuntime.idleTask(), true);

        /** Claims the waiter for an item and, if that won, resumes it with the item. */
        @Actor
        public void claim(ZZL_Result r) {
            r.r1 = claimThenResume(waiter, true);
        }

        /** Cancels the waiter. */
        @Actor
        public void cancel(ZZL_Result r) {
            r.r2 = waiter.tryCancel();
        }

        /** How the wait ended. */
        @Arbiter
        public void outcome(ZZL_Result r) {
            r.r3 = ending(waiter);
        }
    }

    /**
     * What a memory channel does with a waiter it found: claims it ({@link Waiter#tryClaimFor} if
     * {@code knowingTheItem}, else {@link Waiter#tryClaim}) and, if that won, resumes it with the
     * item. Returns whether the claim won.
     */
    static boolean claimThenResume(Waiter waiter, boolean knowingTheItem) {
        boolean claimed = knowingTheItem ? waiter.tryClaimFor("item") : waiter.tryClaim();
        if (claimed) {
            waiter.resumeClaimed("item");
        }
        return claimed;
    }

    /** How {@code waiter}'s wait ended, in the tests' result format. */
    static String ending(Waiter waiter) {
        int kind = waiter.kind();
        return kind == Waiter.RESUMED
                ? "resumed " + waiter.value()
                : kind == Waiter.CANCELLED ? "cancelled" : "ended " + kind;
    }
}
