package io.weft.internal.sync;

import io.weft.internal.Latch;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link Latch} per incomplete {@code CompletableFuture} that tasks wait for, opened by the one
 * callback registered on that future.
 *
 * <p><b>Why not a callback per wait.</b> A {@code CompletableFuture} has no way to take a callback
 * back: a wait that is cancelled would leave its callback (and through it its task) on the future
 * until the future completes, so a long-lived future waited for and given up on 100,000 times would
 * hold 100,000 callbacks. Here the future holds one callback whatever the number of waits, and a
 * cancelled wait takes its waiter out of the latch.
 *
 * <p>The table is keyed weakly by the future's identity: an entry goes when the future completes
 * (its callback removes it before opening the latch) or when the future is collected. The latch
 * does not reach the future, so the table never keeps one alive.
 */
public final class CompletionLatches {
    private static final Map<CompletableFuture<?>, Latch> LATCHES =
            Collections.synchronizedMap(new WeakHashMap<>());

    private CompletionLatches() {}

    /**
     * The latch that opens when {@code f} completes; registers the callback the first time for each
     * future. The latch may already be open (the future completed meanwhile).
     */
    public static Latch of(CompletableFuture<?> f) {
        Latch latch;
        boolean first = false;
        synchronized (LATCHES) {
            latch = LATCHES.get(f);
            if (latch == null) {
                latch = new Latch();
                LATCHES.put(f, latch);
                first = true;
            }
        }
        if (first) {
            Latch l = latch;
            // Outside the table's lock: a future that is already complete runs this at once.
            f.whenComplete((v, e) -> {
                LATCHES.remove(f);
                l.open();
            });
        }
        return latch;
    }

    /** How many futures have a latch now (for tests: entries must not outlive their futures). */
    public static int size() {
        return LATCHES.size();
    }
}
