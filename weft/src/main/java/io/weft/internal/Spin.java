package io.weft.internal;

/**
 * Adaptive spinning before a task parks, for waits that another running task usually ends within
 * about the cost of a park and unpark (rendezvous hand-offs, process pipe reads): {@link
 * Waiter#spinFirst()} opts a wait in. A wait that ends while its task spins costs the party that
 * ends it one CAS: the task never parked, so nobody unparks it or counts it as running again (see
 * {@link Waiter}).
 *
 * <p><b>When.</b> Only on the parallel backends, and only while the runtime has no more running
 * tasks than there are threads to run them ({@link #CPUS}: the virtual-thread scheduler's
 * parallelism, or the processors for platform threads): a spinner then burns a CPU nobody else
 * wants. With more running tasks than CPUs, or a single carrier, spinning would take the CPU from
 * the very task that is to end the wait, so the task parks at once (a fixed spin count is what
 * makes some channels ten times slower on one carrier).
 *
 * <p><b>How long.</b> Each task keeps a budget of spin iterations: it doubles (up to {@link #MAX})
 * when a spin ended with the wait completed, and halves (down to {@link #MIN}) when the task had to
 * park anyway, so a task that keeps waiting for slow partners soon stops spinning.
 */
final class Spin {
    /** Threads available to run tasks at the same time. */
    static final int CPUS =
            Math.max(
                    1,
                    Integer.getInteger(
                            "jdk.virtualThreadScheduler.parallelism",
                            Runtime.getRuntime().availableProcessors()));

    static final int MIN = 8;
    static final int MAX = 1 << 10;
    static final int INITIAL = 64;

    private Spin() {}

    /**
     * Spins up to {@code budget} iterations while {@code w} is not done; returns the next budget:
     * doubled if the wait completed meanwhile, halved if it did not. Returns {@code budget}
     * unchanged, without spinning, if spinning cannot pay now.
     */
    static int awhile(WeftRuntime runtime, Waiter w, int budget) {
        if (CPUS < 2 || runtime.runningCount() > CPUS) {
            return budget;
        }
        for (int i = 0; i < budget; i++) {
            if (w.isDecided()) {
                return Math.min(MAX, budget << 1);
            }
            Thread.onSpinWait();
        }
        // Decided covers a claim: the claimer publishes the outcome next, so that spin paid too.
        return w.isDecided() ? budget : Math.max(MIN, budget >> 1);
    }

    /**
     * Waits, without parking, for {@code w} to be done; for a wait that was claimed while its task
     * still counted as running, whose claimer publishes the outcome right after releasing its own
     * lock. Yields the carrier now and then, in case the claimer's thread lost its CPU.
     */
    static void untilDone(Waiter w) {
        for (int i = 1; !w.isDone(); i++) {
            if ((i & (MAX - 1)) == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
