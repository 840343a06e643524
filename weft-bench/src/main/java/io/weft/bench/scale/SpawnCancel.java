package io.weft.bench.scale;

import io.weft.CheckedRunnable;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Event;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Latency per task of spawning and joining n tasks in one group (series {@code spawnJoinPerTask}),
 * and of cancelling n parked tasks (series {@code cancelAllPerTask}, and {@code
 * cancelAllDeepPerTask} against a second raw baseline), each beside raw virtual threads doing the
 * same.
 *
 * <p><b>Spawn and join.</b> Weft: inside the root task of a running {@code Weft.run}, the time of
 * {@code TaskGroup.run} whose body starts n empty tasks, up to the group's exit. Raw: inside one
 * root virtual thread, the time to start n empty virtual threads and join each.
 *
 * <p><b>Cancel everything.</b> Weft: a group's body starts n tasks that wait on one {@link Event},
 * waits for all to park ({@link Weft#waitAllTasksBlocked()}), and calls {@code tg.cancel()}; the
 * time runs from that call to the group's exit, when every task has met its {@code Cancelled} and
 * ended. Raw: n virtual threads park ({@link LockSupport#park()}) until interrupted; once all are
 * {@code WAITING}, {@code availableProcessors()} interrupter threads interrupt a share of them
 * each, in parallel, and the time runs from starting the interrupters to the last thread joined.
 *
 * <p><b>Cancel everything, deep.</b> The same Weft side; the raw threads park under {@link #DEPTH}
 * calls, as many as a Weft task's park in {@code Event.await} sits under, and once interrupted
 * throw a stackless exception that their {@code run} catches: the work a Weft cancellation cannot
 * avoid (waking a virtual thread frozen at that depth and unwinding it by an exception), without
 * any of Weft's bookkeeping. The first raw baseline returns from a bare park at the bottom of its
 * thread instead.
 *
 * <p>Why not a {@link CountDownLatch} for the raw threads, as in {@link ParkedMemory}: an
 * interrupted waiter of a JDK synchronizer cleans cancelled nodes out of the synchronizer's wait
 * queue with a walk from its tail, so each interrupted waiter of one latch costs more the more
 * waiters there are (measured here: 12 µs per thread at 1,000 waiters, 30 µs at 10,000, against
 * about 1 µs with a bare park). That measures the latch, not the cancellation of virtual threads.
 *
 * <p>Both sides run in one JVM, alternating repetition by repetition, so that a slow patch of the
 * shared machine hits both; a warm-up of rounds of up to 10,000 tasks (30,000 in all, at least
 * three rounds) per side comes first, and a full collection before each timed round (outside the
 * timing) starts both sides from a similar heap. The figure is the median over the repetitions. At
 * large n a repetition can take many seconds (cancelling has been measured at tens of microseconds
 * per task), so repetitions stop early once a side has used its time budget; the line says how many
 * ran ({@code reps=}).
 *
 * <p>The line also gives the first part of each side's time, per task and median like the whole:
 * {@code weftStart}/{@code baselineStart}, until the last task or thread was started (the rest is
 * the join), and {@code weftSignal}/{@code baselineSignal}, until {@code tg.cancel()} returned or
 * the last interrupter was done (the rest is the tasks or threads waking, unwinding and ending).
 */
final class SpawnCancel {
    private static final int WARM_UP = 10_000;
    private static final long BUDGET_NANOS = 120_000_000_000L;
    private static final CheckedRunnable<RuntimeException> EMPTY_TASK = () -> {};
    private static final Runnable EMPTY_THREAD = () -> {};

    private SpawnCancel() {}

    /**
     * A round of one side: returns its time and the time of its first part (the spawning loop, or
     * the cancel call or interrupts), in nanoseconds.
     */
    private interface Round {
        long[] run(int n) throws Exception;
    }

    static void spawnJoin(int n) throws Exception {
        measure("spawnJoinPerTask", "Start", n, SpawnCancel::weftSpawn, SpawnCancel::rawSpawn);
    }

    static void cancelAll(int n) throws Exception {
        measure("cancelAllPerTask", "Signal", n, SpawnCancel::weftCancel, SpawnCancel::rawCancel);
    }

    /**
     * As {@link #cancelAll}, against raw threads that wait as deep in their stacks as a Weft task
     * parked on an {@code Event} does and are unwound by an exception, as every Weft cancellation
     * is (see {@link #DEPTH}).
     */
    static void cancelAllDeep(int n) throws Exception {
        measure(
                "cancelAllDeepPerTask",
                "Signal",
                n,
                SpawnCancel::weftCancel,
                k -> rawCancel(k, SpawnCancel::parkDeepThenUnwind));
    }

    /**
     * Calls between a raw thread's {@code run} and its park in {@code cancelAllDeep}: as many as
     * between a Weft task's thread entry and its park in {@code Event.await} ({@code Task.run},
     * {@code runBody}, the body, {@code Event.await}, {@code Latch.await}, {@code Waiter.await},
     * {@code Task.park}).
     */
    private static final int DEPTH = 7;

    /** What a cancelled raw thread of {@code cancelAllDeep} throws: stackless, like a Cancelled. */
    private static final class Unwind extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unwind() {
            super("interrupted", null, false, false);
        }
    }

    private static void parkDeepThenUnwind(CountDownLatch parking) {
        try {
            parkDeep(parking, DEPTH - 2); // with this frame and the park's own: DEPTH + 1 frames
        } catch (Unwind expected) {
            // the thread's end, as a Weft task's is after its Cancelled
        }
    }

    private static void parkDeep(CountDownLatch parking, int depth) {
        if (depth > 0) {
            parkDeep(parking, depth - 1);
            return;
        }
        parkUntilInterrupted(parking);
        throw new Unwind();
    }

    private static void measure(String series, String part, int n, Round weft, Round raw)
            throws Exception {
        // At least 30,000 tasks per side in all, so that the JIT has compiled the final code even
        // when n is small.
        int warmUp = Math.min(n, WARM_UP);
        for (int i = 0; i < Math.max(3, 30_000 / warmUp); i++) {
            weft.run(warmUp);
            raw.run(warmUp);
        }
        int reps = n <= 1_000 ? 21 : n <= 10_000 ? 11 : n <= 100_000 ? 5 : 3;
        long[] w = new long[reps];
        long[] b = new long[reps];
        long[] wPart = new long[reps];
        long[] bPart = new long[reps];
        long spent = 0;
        int done = 0;
        while (done < reps && spent < BUDGET_NANOS) {
            System.gc();
            long[] t = weft.run(n);
            w[done] = t[0];
            wPart[done] = t[1];
            System.gc();
            t = raw.run(n);
            b[done] = t[0];
            bPart[done] = t[1];
            spent += Math.max(w[done], b[done]);
            done++;
        }
        Probe.report(
                series,
                n,
                (double) Probe.median(w, done) / n,
                (double) Probe.median(b, done) / n,
                "ns",
                String.format(
                        Locale.ROOT,
                        "reps=%d weft%s=%.1f baseline%s=%.1f",
                        done,
                        part,
                        (double) Probe.median(wPart, done) / n,
                        part,
                        (double) Probe.median(bPart, done) / n));
    }

    private static long[] weftSpawn(int n) {
        long[] time = new long[2];
        Weft.run(() -> {
            long t0 = System.nanoTime();
            TaskGroup.run(tg -> {
                for (int i = 0; i < n; i++) {
                    tg.startSoon(EMPTY_TASK);
                }
                time[1] = System.nanoTime() - t0;
            });
            time[0] = System.nanoTime() - t0;
        });
        return time;
    }

    private static long[] rawSpawn(int n) throws InterruptedException {
        long[] time = new long[2];
        Thread root =
                Thread.ofVirtual()
                        .start(() -> {
                            long t0 = System.nanoTime();
                            Thread[] threads = new Thread[n];
                            for (int i = 0; i < n; i++) {
                                threads[i] = Thread.ofVirtual().start(EMPTY_THREAD);
                            }
                            time[1] = System.nanoTime() - t0;
                            try {
                                for (Thread t : threads) {
                                    t.join();
                                }
                            } catch (InterruptedException e) {
                                throw new IllegalStateException("nobody interrupts the root", e);
                            }
                            time[0] = System.nanoTime() - t0;
                        });
        root.join();
        return time;
    }

    private static long[] weftCancel(int n) {
        long[] t0 = new long[1];
        long[] time = new long[2];
        Weft.run(() -> {
            Event never = new Event();
            CheckedRunnable<RuntimeException> park = never::await;
            TaskGroup.run(tg -> {
                for (int i = 0; i < n; i++) {
                    tg.startSoon(park);
                }
                Weft.waitAllTasksBlocked();
                System.gc();
                t0[0] = System.nanoTime();
                tg.cancel();
                time[1] = System.nanoTime() - t0[0];
            });
            time[0] = System.nanoTime() - t0[0];
        });
        return time;
    }

    private static long[] rawCancel(int n) throws Exception {
        return rawCancel(n, SpawnCancel::parkUntilInterrupted);
    }

    private static void parkUntilInterrupted(CountDownLatch parking) {
        parking.countDown();
        while (!Thread.interrupted()) {
            LockSupport.park();
        }
    }

    private static long[] rawCancel(int n, Consumer<CountDownLatch> body) throws Exception {
        long[][] time = new long[1][];
        Exception[] failure = new Exception[1];
        Thread root =
                Thread.ofVirtual()
                        .start(() -> {
                            try {
                                time[0] = rawCancelInRoot(n, body);
                            } catch (Exception e) {
                                failure[0] = e;
                            }
                        });
        root.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return time[0];
    }

    private static long[] rawCancelInRoot(int n, Consumer<CountDownLatch> body)
            throws InterruptedException {
        Thread[] threads = new Thread[n];
        CountDownLatch parking = new CountDownLatch(n);
        Runnable park = () -> body.accept(parking);
        for (int i = 0; i < n; i++) {
            threads[i] = Thread.ofVirtual().start(park);
        }
        parking.await();
        Probe.awaitWaiting(threads);
        System.gc();
        int p = Runtime.getRuntime().availableProcessors();
        Thread[] interrupters = new Thread[p];
        long[] interruptsDone = new long[p];
        long t0 = System.nanoTime();
        for (int k = 0; k < p; k++) {
            int from = (int) ((long) n * k / p);
            int to = (int) ((long) n * (k + 1) / p);
            int me = k;
            interrupters[k] =
                    Thread.ofVirtual()
                            .start(() -> {
                                for (int i = from; i < to; i++) {
                                    threads[i].interrupt();
                                }
                                interruptsDone[me] = System.nanoTime();
                            });
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Thread t : interrupters) {
            t.join();
        }
        long end = System.nanoTime();
        long signalled = 0;
        for (long done : interruptsDone) {
            signalled = Math.max(signalled, done);
        }
        return new long[] {end - t0, signalled - t0};
    }
}
