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
 * The task committing to park ({@link Waiter#commitToPark}, then counting itself blocked, as {@code
 * Task.park} does once its spin is over) races a producer ending the wait. Whichever order the
 * CASes take, the task ends up counted as running exactly once: either the producer ended the wait
 * first (the task does not park, and nobody touched the count), or the task committed first (it
 * counted itself blocked, and the producer counted it running again and woke it). A lost wake-up
 * would show as a running count of 0, a double count as 2.
 *
 * <p>Each state has a runtime of its own (no thread, no task started), whose count starts at 1 for
 * the task. Results of both: whether the task committed to parking, whether the producer won, and
 * the running count and how the wait ended ({@code "1 resumed item"}).
 */
public final class WaiterParkVersusResume {
    private WaiterParkVersusResume() {}

    /** The producer ends the wait in one CAS ({@link Waiter#tryResume}). */
    @JCStressTest
    @Outcome(
            id = "true, true, 1 resumed item",
            expect = ACCEPTABLE,
            desc = "the task committed first; the producer counted it running and woke it")
    @Outcome(
            id = "false, true, 1 resumed item",
            expect = ACCEPTABLE,
            desc = "the producer ended the wait first; the task does not park")
    @Outcome(expect = FORBIDDEN, desc = "a lost wake-up, a double count, or a lost item")
    @State
    public static class Resume {
        private final Waiter waiter = new Waiter(StressRuntime.taskOfOwnRuntime(), true);

        /** The task, done spinning, commits to parking. */
        @Actor
        public void park(ZZL_Result r) {
            r.r1 = commit(waiter);
        }

        /** Hands the item to the waiter. */
        @Actor
        public void resume(ZZL_Result r) {
            r.r2 = waiter.tryResume("item");
        }

        /** The running count and how the wait ended. */
        @Arbiter
        public void outcome(ZZL_Result r) {
            r.r3 = state(waiter);
        }
    }

    /**
     * The producer claims the waiter and resumes it afterwards ({@link Waiter#tryClaim}, {@link
     * Waiter#resumeClaimed}), as a channel does under and after its monitor.
     */
    @JCStressTest
    @Outcome(
            id = "true, true, 1 resumed item",
            expect = ACCEPTABLE,
            desc = "the task committed first; the claimer counted it running and woke it")
    @Outcome(
            id = "false, true, 1 resumed item",
            expect = ACCEPTABLE,
            desc = "the claim came first; the task waits for the item without parking")
    @Outcome(expect = FORBIDDEN, desc = "a lost wake-up, a double count, or a lost item")
    @State
    public static class Claim {
        private final Waiter waiter = new Waiter(StressRuntime.taskOfOwnRuntime(), true);

        /** The task, done spinning, commits to parking. */
        @Actor
        public void park(ZZL_Result r) {
            r.r1 = commit(waiter);
        }

        /** Claims the waiter and resumes it with the item. */
        @Actor
        public void claim(ZZL_Result r) {
            r.r2 = WaiterVersusCancel.claimThenResume(waiter, false);
        }

        /** The running count and how the wait ended. */
        @Arbiter
        public void outcome(ZZL_Result r) {
            r.r3 = state(waiter);
        }
    }

    /**
     * The producer claims the waiter for a known item ({@link Waiter#tryClaimFor}): if the task has
     * not committed, the claim itself ends the wait (nobody to count or wake); if it has, the claim
     * is followed by {@link Waiter#resumeClaimed}, which counts it running and wakes it.
     */
    @JCStressTest
    @Outcome(
            id = "true, true, 1 resumed item",
            expect = ACCEPTABLE,
            desc = "the task committed first; the claimer counted it running and woke it")
    @Outcome(
            id = "false, true, 1 resumed item",
            expect = ACCEPTABLE,
            desc = "the claim came first and ended the wait; the task never parks")
    @Outcome(expect = FORBIDDEN, desc = "a lost wake-up, a double count, or a lost item")
    @State
    public static class ClaimFor {
        private final Waiter waiter = new Waiter(StressRuntime.taskOfOwnRuntime(), true);

        /** The task, done spinning, commits to parking. */
        @Actor
        public void park(ZZL_Result r) {
            r.r1 = commit(waiter);
        }

        /** Claims the waiter for the item and resumes it. */
        @Actor
        public void claim(ZZL_Result r) {
            r.r2 = WaiterVersusCancel.claimThenResume(waiter, true);
        }

        /** The running count and how the wait ended. */
        @Arbiter
        public void outcome(ZZL_Result r) {
            r.r3 = state(waiter);
        }
    }

    /**
     * What {@code Task.park} does when its spin is over: commit, and if so count itself blocked.
     */
    static boolean commit(Waiter waiter) {
        boolean committed = waiter.commitToPark();
        if (committed) {
            waiter.task.runtime.taskBlocked();
        }
        return committed;
    }

    static String state(Waiter waiter) {
        return waiter.task.runtime.runningCount() + " " + WaiterVersusCancel.ending(waiter);
    }
}
