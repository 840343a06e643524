package io.weft.stress;

import io.weft.sync.CapacityLimiter;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that a {@link CapacityLimiter}'s non-waiting operations on behalf of plain
 * borrower objects (acquireOnBehalfOfNowait, releaseOnBehalfOf, the total's setter,
 * availableTokens; all callable from any thread) are linearizable. The waiting acquires need a Weft
 * task, so they are left to the stress tests in weft-tests.
 */
@Param(name = "borrower", gen = IntGen.class, conf = "0:2")
public class CapacityLimiterLincheckTest {
    private static final String[] BORROWERS = {"b0", "b1", "b2"};

    private final CapacityLimiter limiter = new CapacityLimiter(2);

    @Operation
    public String acquireOnBehalfOfNowait(@Param(name = "borrower") int b) {
        try {
            limiter.acquireOnBehalfOfNowait(BORROWERS[b]);
            return "borrowed";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName(); // WouldBlock, or IllegalStateException: holds one
        }
    }

    @Operation
    public String releaseOnBehalfOf(@Param(name = "borrower") int b) {
        try {
            limiter.releaseOnBehalfOf(BORROWERS[b]);
            return "released";
        } catch (IllegalStateException e) { // holds none
            return e.getClass().getSimpleName();
        }
    }

    @Operation
    public void totalTokens(@Param(gen = IntGen.class, conf = "0:3") int n) {
        limiter.totalTokens(n);
    }

    @Operation
    public double availableTokens() {
        return limiter.availableTokens();
    }

    @Operation
    public int borrowedTokens() {
        return limiter.borrowedTokens();
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(5).invocationsPerIteration(120).check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(3).invocationsPerIteration(150).check(getClass());
    }
}
