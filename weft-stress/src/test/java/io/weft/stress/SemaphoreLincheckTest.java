package io.weft.stress;

import io.weft.sync.Semaphore;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that a bounded {@link Semaphore}'s non-waiting operations (acquireNowait,
 * release, value; all callable from any thread) are linearizable. {@code acquire} waits in a Weft
 * task, so the contended states (waiters queued) are left to the stress tests in weft-tests. (Lock
 * has no operations of this kind: even its acquireNowait records the calling task as the owner, and
 * release checks it, so it needs Weft tasks; SynchronizationStressTest covers it.)
 */
public class SemaphoreLincheckTest {
    // Starts at 1 of at most 2: both acquireNowait's WouldBlock and release's "too many" are a
    // step or two away.
    private final Semaphore semaphore = new Semaphore(1, 2);

    @Operation
    public boolean acquireNowait() {
        try {
            semaphore.acquireNowait();
            return true;
        } catch (RuntimeException e) { // WouldBlock
            return false;
        }
    }

    @Operation
    public boolean release() {
        try {
            semaphore.release();
            return true;
        } catch (IllegalStateException e) { // released too many times
            return false;
        }
    }

    @Operation
    public int value() {
        return semaphore.value();
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(8).invocationsPerIteration(150).check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(3).invocationsPerIteration(150).check(getClass());
    }
}
