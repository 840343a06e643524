package io.weft.bench;

import io.weft.CancelScope;
import io.weft.ScopeBody;
import io.weft.Weft;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Entering and leaving a cancel scope whose body does nothing, without and with a deadline.
 *
 * <p>Weft's calls need a task, so each invocation is one {@code Weft.run} whose root task runs
 * {@value #K} scopes in a loop; the runtime's start (one virtual thread) is amortised to well under
 * 1 ns per scope. With a deadline, the runtime also starts its timer thread (a platform thread) at
 * the first deadline and joins it at the end, about 0.1 ms per invocation, i.e. ~1 ns per scope,
 * which is part of the price of the first deadline of a run. The 60 s deadline never fires: each
 * scope puts its entry into the runtime's timer heap on entry and takes it out on exit. Once the
 * timer thread sleeps towards one of these deadlines, every later one is later still and does not
 * wake it; until then (while it starts, or if it last saw an empty heap) each entry unparks it.
 *
 * <p>Every scope is handed to a {@link Blackhole}, so none can be optimised away (entering one
 * publishes it as the task's current scope anyway).
 *
 * <p>Baseline: none. The JDK's only counterpart, {@code StructuredTaskScope}, is a preview API in
 * Java 25 and is a task group rather than a cancel scope.
 */
public class CancelScopeBench extends OnVirtualThread {
    static final int K = 100_000;

    private static final Duration NEVER_FIRES = Duration.ofSeconds(60);
    private static final ScopeBody<RuntimeException> EMPTY = s -> {};

    /** {@code new CancelScope().run(s -> {})}: enter and exit, no deadline. */
    @Benchmark
    @OperationsPerInvocation(K)
    public void weft_noDeadline(Blackhole bh) {
        Weft.run(() -> {
            for (int i = 0; i < K; i++) {
                CancelScope scope = new CancelScope();
                scope.run(EMPTY);
                bh.consume(scope);
            }
        });
    }

    /** {@code Weft.moveOnAfter(60 s, s -> {})}: enter and exit with a deadline that never fires. */
    @Benchmark
    @OperationsPerInvocation(K)
    public void weft_deadline(Blackhole bh) {
        Weft.run(() -> {
            for (int i = 0; i < K; i++) {
                bh.consume(Weft.moveOnAfter(NEVER_FIRES, EMPTY));
            }
        });
    }
}
