package io.weft.stress;

import io.weft.sync.Future;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that {@link Future}'s state machine (set once: a result, an exception or a
 * cancellation, from any thread) is linearizable: every concurrent history of these operations
 * matches some sequential order of them.
 */
public class FutureLincheckTest {
    private final Future<Integer> future = new Future<>();

    @Operation
    public boolean trySetResult(int value) {
        return future.trySetResult(value);
    }

    @Operation
    public boolean trySetException() {
        return future.trySetException(new IllegalStateException("failed"));
    }

    @Operation
    public boolean cancel() {
        return future.cancel();
    }

    @Operation
    public String status() {
        return future.status().name();
    }

    @Operation
    public Object result() {
        try {
            return future.result();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(30).invocationsPerIteration(500).check(getClass());
    }

    @Test
    void stress() {
        // Stress mode is the slow half (17-129 s under load at 20 x 2000); model checking is the
        // thorough one. -Dweft.lincheck.iterations=N searches longer.
        new StressOptions()
                .iterations(Integer.getInteger("weft.lincheck.iterations", 10))
                .invocationsPerIteration(1000)
                .check(getClass());
    }
}
