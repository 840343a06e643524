package io.weft.bench.scale;

import io.weft.CheckedRunnable;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The cost of adding and removing one deadline while n others are pending (series {@code
 * deadlineEnterExit}): n tasks each parked on an {@link Event} inside {@code Weft.moveOnAfter}, and
 * the root task entering and leaving {@code Weft.moveOnAfter(1 h, () -> {})} in a loop.
 *
 * <p>Each operation schedules a deadline in the runtime's timer heap and removes it again on exit.
 * The parked tasks' deadlines are spread at random between 30 and 90 minutes ahead, so the root's 1
 * hour deadline lands in the middle of them rather than always at the end (where a binary heap
 * inserts for free) or always at the front (where it would also wake the timer thread).
 *
 * <p>The baseline is the JDK's timer heap under the same load: a {@link
 * ScheduledThreadPoolExecutor} (one thread, remove-on-cancel) holding n no-op tasks due 30 to 90
 * minutes ahead, and one operation is {@code schedule(noop, 1 h)} followed by {@code
 * cancel(false)}. Both are binary heaps behind one lock, so both should stay flat (O(log n)) as n
 * grows; the Weft column across n is the figure the issue asks for, the ratio says how Weft's enter
 * and exit compares with the JDK's bare schedule and cancel.
 *
 * <p>Each figure is the median of {@value #REPS} rounds of {@value #OPS} operations, after {@value
 * #WARM_UP_ROUNDS} such rounds of warm-up, and a full collection before the timed rounds (the
 * warm-up's garbage would otherwise be collected during them). Weft's and the JDK's rounds
 * alternate in one JVM, with both sets of n deadlines pending.
 */
final class PendingDeadlines {
    private static final int OPS = 100_000;
    private static final int REPS = 9;
    private static final int WARM_UP_ROUNDS = 10;
    private static final Duration ONE_HOUR = Duration.ofHours(1);
    private static final CheckedRunnable<RuntimeException> NOTHING = () -> {};
    private static final Runnable NOOP = () -> {};

    private PendingDeadlines() {}

    static void enterExit(int n) throws InterruptedException {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        timer.setRemoveOnCancelPolicy(true);
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < n; i++) {
            timer.schedule(NOOP, spreadMillis(random), TimeUnit.MILLISECONDS);
        }
        double[] perOp = new double[2];
        Weft.run(() -> {
            Event release = new Event();
            TaskGroup.run(tg -> {
                for (int i = 0; i < n; i++) {
                    Duration d = Duration.ofMillis(spreadMillis(random));
                    tg.startSoon(() -> Weft.moveOnAfter(d, release::await));
                }
                Weft.waitAllTasksBlocked();
                // Both loops run here, in the root task, alternating round by round, so that a
                // slow patch of the shared machine hits both.
                for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                    weftLoop();
                    jdkLoop(timer);
                }
                System.gc();
                long[] weft = new long[REPS];
                long[] jdk = new long[REPS];
                for (int r = 0; r < REPS; r++) {
                    weft[r] = weftLoop();
                    jdk[r] = jdkLoop(timer);
                }
                perOp[0] = (double) Probe.median(weft, REPS) / OPS;
                perOp[1] = (double) Probe.median(jdk, REPS) / OPS;
                release.set();
            });
        });
        timer.shutdownNow();
        if (!timer.awaitTermination(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the baseline's timer thread did not end");
        }
        Probe.report("deadlineEnterExit", n, perOp[0], perOp[1], "ns", "reps=" + REPS);
    }

    /** A deadline between 30 and 90 minutes ahead, in milliseconds. */
    private static long spreadMillis(SplittableRandom random) {
        return Duration.ofMinutes(30).toMillis() + random.nextLong(Duration.ofHours(1).toMillis());
    }

    private static long weftLoop() {
        long t0 = System.nanoTime();
        for (int i = 0; i < OPS; i++) {
            Weft.moveOnAfter(ONE_HOUR, NOTHING);
        }
        return System.nanoTime() - t0;
    }

    private static long jdkLoop(ScheduledThreadPoolExecutor timer) {
        long t0 = System.nanoTime();
        for (int i = 0; i < OPS; i++) {
            timer.schedule(NOOP, 1, TimeUnit.HOURS).cancel(false);
        }
        return System.nanoTime() - t0;
    }
}
