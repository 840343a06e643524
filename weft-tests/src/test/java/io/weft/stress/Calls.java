package io.weft.stress;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.Weft;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The cancel scopes of the calls that the workers of a stress test are making, for a canceller to
 * cancel at random. Each worker runs each call in a fresh scope from {@link #begin}; the canceller
 * cancels either a worker's current call (which may be waiting, or already past its cancel point:
 * then the cancellation misses) or its next one (which then throws {@code Cancelled} at its first
 * checkpoint, having done nothing).
 */
final class Calls {
    private final AtomicReferenceArray<CancelScope> current;
    private final AtomicReferenceArray<CancelScope> next;

    Calls(int workers) {
        current = new AtomicReferenceArray<>(workers);
        next = new AtomicReferenceArray<>(workers);
        for (int i = 0; i < workers; i++) {
            next.set(i, new CancelScope());
        }
    }

    /** The scope for {@code worker}'s next call, now its current one. */
    CancelScope begin(int worker) {
        CancelScope scope = next.getAndSet(worker, new CancelScope());
        current.set(worker, scope);
        return scope;
    }

    /** Cancels a random worker's current call (three times in four) or its next one. */
    void cancelOne(SplittableRandom random) {
        int worker = random.nextInt(current.length());
        CancelScope victim = random.nextInt(4) == 0 ? next.get(worker) : current.get(worker);
        if (victim != null) {
            victim.cancel();
        }
    }

    /**
     * Lets the workers run a random while between two cancellations: on SERIAL up to 8 checkpoints
     * (no real time, so a seeded run stays deterministic); on the parallel backends a short spin of
     * up to {@code spins} pauses, so that the cancellations land at arbitrary moments of the
     * workers' calls (a sleep's timer is too coarse, and yields starve the canceller).
     */
    static void pause(SplittableRandom random, int spins) {
        if (Weft.currentBackend() == Backend.SERIAL) {
            for (int k = random.nextInt(8); k >= 0; k--) {
                Weft.checkpoint();
            }
        } else {
            for (int k = random.nextInt(spins); k >= 0; k--) {
                Thread.onSpinWait();
            }
            Weft.checkpoint(); // yields the carrier once the canceller's time slice is spent
        }
    }
}
