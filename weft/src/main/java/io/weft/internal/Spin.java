package io.weft.internal;

/**
 * Adaptive spinning before a task parks, for waits that another running task usually ends within
 * about the cost of a park and unpark (channel hand-offs, lock hand-overs): {@link
 * Waiter#spinFirst()} opts a wait in.
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
            if (w.isDone()) {
                return Math.min(MAX, budget << 1);
            }
            Thread.onSpinWait();
        }
        return w.isDone() ? budget : Math.max(MIN, budget >> 1);
    }
}
