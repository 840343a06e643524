package io.weft.bench.scale;

import io.weft.CheckedRunnable;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Event;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Memory per parked task (series {@code parkedHeapPerTask} and {@code parkedRssPerTask}): n Weft
 * tasks of one task group parked on one {@link Event}, beside n raw virtual threads parked on one
 * {@link CountDownLatch}.
 *
 * <p>Each side runs in a JVM of its own ({@link ScaleMain} starts one per side): the resident set
 * never shrinks after a heap has grown, so a second side in the same JVM would be measured against
 * the first one's high-water mark. In that JVM {@value #WARM_UP_ROUNDS} warm-up rounds park and
 * release up to 1,000 tasks or threads each (a tenth of n at most) first, so that classes are
 * loaded, the runtime's own structures are in place and the code has its final compiled form before
 * the "before" figures: a parked thread's stack is copied into the heap, and interpreted or
 * C1-compiled frames are larger than C2's. Then: heap (after forced collections) and RSS before;
 * park n; wait until all are parked; heap and RSS again; release; three such rounds. The cost per
 * task is the difference divided by n.
 *
 * <p>The heap must not shrink during the measurement, or the RSS difference would be the heap's
 * shrinking rather than the tasks' cost: {@link ScaleMain} starts the sides with {@code
 * -XX:MaxHeapFreeRatio=100} (a full collection then never gives memory back). Even so, RSS is a
 * high-water mark: pages the warm-up touched are reused without counting again, which is why the
 * warm-up parks only a tenth of n, and why the RSS figure is taken from the first measured round.
 *
 * <p>Weft's side measures from inside the root task of a running {@code Weft.run}, so the runtime
 * itself is not counted; it waits with {@link Weft#waitAllTasksBlocked()}, which returns when the
 * last task has parked. The raw side allocates its {@code Thread[]} before the "before" figures
 * (the harness needs it, Weft's side has nothing like it), has each thread count down a latch just
 * before it parks, and then waits for every thread to be {@code WAITING}.
 */
final class ParkedMemory {
    private static final int WARM_UP_ROUNDS = 30;
    private static final int ROUNDS = 3;

    private ParkedMemory() {}

    /**
     * One side, in this JVM: prints {@code SIDE heap=<bytes per task> rss=<bytes per task>}, the
     * heap figure the median of {@value #ROUNDS} rounds, the RSS figure from the first (RSS does
     * not grow again for pages an earlier round touched).
     */
    static void side(String side, int n) throws Exception {
        Round round =
                switch (side) {
                    case "weft" -> ParkedMemory::weft;
                    case "baseline" -> ParkedMemory::raw;
                    default -> throw new IllegalArgumentException("side: weft or baseline");
                };
        // Many small rounds: enough calls for the JIT's final code, while touching the memory of
        // a tenth of n at most, so that n needs clearly more than the warm-up did.
        int warmUp = Math.max(1, Math.min(1_000, n / 10));
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            round.run(warmUp);
        }
        long[] heap = new long[ROUNDS];
        long rss = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long[] delta = round.run(n);
            heap[r] = delta[0];
            if (r == 0) {
                rss = delta[1];
            }
        }
        System.out.printf(
                Locale.ROOT,
                "SIDE heap=%.1f rss=%.1f%n",
                (double) Probe.median(heap, ROUNDS) / n,
                (double) rss / n);
    }

    /** Parks n tasks or threads; returns the heap and RSS growth while they are parked. */
    private interface Round {
        long[] run(int n) throws Exception;
    }

    /** Parks n tasks on one event; returns the heap and RSS growth while they are parked. */
    private static long[] weft(int n) {
        long[] delta = new long[2];
        Weft.run(() -> {
            Event event = new Event();
            CheckedRunnable<RuntimeException> park = event::await;
            long heap0 = Probe.heapUsedAfterGc();
            long rss0 = Probe.rssBytes();
            TaskGroup.run(tg -> {
                for (int i = 0; i < n; i++) {
                    tg.startSoon(park);
                }
                Weft.waitAllTasksBlocked();
                delta[0] = Probe.heapUsedAfterGc() - heap0;
                delta[1] = Probe.rssBytes() - rss0;
                event.set();
            });
        });
        return delta;
    }

    /** Parks n raw virtual threads on one latch; returns the heap and RSS growth meanwhile. */
    private static long[] raw(int n) throws InterruptedException {
        Thread[] threads = new Thread[n];
        CountDownLatch parking = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        Runnable park =
                () -> {
                    parking.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("nobody interrupts these threads", e);
                    }
                };
        long heap0 = Probe.heapUsedAfterGc();
        long rss0 = Probe.rssBytes();
        for (int i = 0; i < n; i++) {
            threads[i] = Thread.ofVirtual().start(park);
        }
        parking.await();
        Probe.awaitWaiting(threads);
        long[] delta = {Probe.heapUsedAfterGc() - heap0, Probe.rssBytes() - rss0};
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return delta;
    }
}
