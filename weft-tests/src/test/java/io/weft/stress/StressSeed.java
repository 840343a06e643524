package io.weft.stress;

import io.weft.CheckedRunnable;
import java.util.SplittableRandom;

/**
 * The seeds of the stress tests' random choices: a fresh one per run (so that every run tries other
 * choices), or the one given as {@code -Dweft.stress.seed=S} (to replay a failed run's choices; on
 * the parallel backends the interleaving still differs). A failure names the seed.
 */
final class StressSeed {
    private StressSeed() {}

    /** The seed for this run: {@code weft.stress.seed} if set, else a fresh random one. */
    static long next() {
        String given = System.getProperty("weft.stress.seed");
        return given != null ? Long.parseLong(given) : new SplittableRandom().nextLong();
    }

    /**
     * Runs {@code body}; if it fails (an assertion, or a task's failure reaching it through its
     * group), rethrows the failure wrapped in an {@link AssertionError} that names {@code seed}.
     * Errors other than assertions (a {@code Cancelled} from the test's deadline) pass unchanged.
     */
    static <X extends Throwable> void reporting(long seed, CheckedRunnable<X> body) throws X {
        try {
            body.run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "failed with stress seed "
                            + seed
                            + "L; replay its random choices with -Dweft.stress.seed="
                            + seed
                            + ": "
                            + e.toString().lines().findFirst().orElse(""),
                    e);
        }
    }
}
