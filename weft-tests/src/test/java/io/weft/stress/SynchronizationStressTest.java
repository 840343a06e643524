package io.weft.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.CancelScope;
import io.weft.CheckedRunnable;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.WouldBlock;
import io.weft.junit.WeftTest;
import io.weft.sync.CapacityLimiter;
import io.weft.sync.CapacityLimiterStatistics;
import io.weft.sync.Held;
import io.weft.sync.Lock;
import io.weft.sync.LockStatistics;
import io.weft.sync.Semaphore;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Lock, Semaphore and CapacityLimiter with 8 tasks acquiring and releasing in loops while a
 * canceller cancels their calls at random: never more holders than allowed, nothing lost, every
 * task ends, statistics exact at the end.
 */
class SynchronizationStressTest {
    private static final int WORKERS = 8;

    /** Acquisitions per worker: 800,000 in all per primitive, a few seconds on every backend. */
    private static final int ROUNDS = Integer.getInteger("weft.stress.rounds", 100_000);

    private static final int PAUSE = Integer.getInteger("weft.stress.pause", 200);

    @WeftTest(timeoutSeconds = 90)
    void lockIsHeldByOneTaskAtATime() throws InterruptedException {
        for (boolean fastAcquire : new boolean[] {false, true}) {
            Lock lock = new Lock(fastAcquire);
            Rig rig = new Rig(1);
            rig.acquisition =
                    (mode, body) ->
                            switch (mode) {
                                case 0 -> {
                                    lock.withLock(body);
                                    yield true;
                                }
                                case 1 -> nowait(lock::acquireNowait, lock::release, body);
                                default -> held(lock::acquire, body);
                            };
            rig.consistency =
                    () -> {
                        LockStatistics s = lock.statistics();
                        // Tasks wait only behind an owner, and the owner is a worker that does
                        // not wait.
                        return s.locked() == (s.owner() != null)
                                        && (s.locked() || s.tasksWaiting() == 0)
                                        && s.tasksWaiting() < WORKERS
                                ? null
                                : "inconsistent " + s;
                    };
            StressSeed.reporting(
                    rig.seed,
                    () -> {
                        Outcome o = rig.run();
                        assertThat(o.unguarded)
                                .as("updates of a plain counter made under the lock")
                                .isEqualTo(o.entered);
                        assertThat(lock.statistics()).isEqualTo(new LockStatistics(false, null, 0));
                        lock.acquireNowait(); // nobody holds it, nobody is owed it
                        lock.release();
                        o.print("Lock(fastAcquire=" + fastAcquire + ")");
                    });
        }
    }

    // Two shapes: with 3 units most acquisitions wait and releases hand units over to waiters;
    // with WORKERS - 2 units most acquisitions take the fast path, so racing fast-path acquires and
    // releases are frequent (a check-then-act instead of tryTake's CAS fails this within seconds;
    // with 3 units it went unnoticed).
    @WeftTest(timeoutSeconds = 90)
    void semaphoreNeverGrantsMoreUnitsThanItHas() throws InterruptedException {
        for (int units : new int[] {3, WORKERS - 2}) {
            Semaphore semaphore = new Semaphore(units, units); // a release too many would throw
            Rig rig = new Rig(units);
            rig.acquisition =
                    (mode, body) ->
                            mode == 1
                                    ? nowait(semaphore::acquireNowait, semaphore::release, body)
                                    : held(semaphore::acquire, body);
            rig.outside = body -> nowait(semaphore::acquireNowait, semaphore::release, body);
            rig.consistency =
                    () -> {
                        int v = semaphore.value();
                        int waiting = semaphore.statistics().tasksWaiting();
                        return v >= 0 && v <= units && waiting <= WORKERS
                                ? null
                                : "value " + v + ", " + waiting + " waiting";
                    };
            StressSeed.reporting(
                    rig.seed,
                    () -> {
                        Outcome o = rig.run();
                        assertThat(semaphore.value()).isEqualTo(units);
                        assertThat(semaphore.statistics().tasksWaiting()).isZero();
                        o.print("Semaphore(" + units + ", max " + units + ")");
                    });
        }
    }

    @WeftTest(timeoutSeconds = 90)
    void capacityLimiterNeverLendsMoreTokensThanItsTotal() throws InterruptedException {
        for (int tokens : new int[] {3, WORKERS - 2}) { // mostly waiting; mostly free
            CapacityLimiter limiter = new CapacityLimiter(tokens);
            Object outsider = "the outsider";
            Rig rig = new Rig(tokens);
            rig.acquisition =
                    (mode, body) -> {
                        Object borrower = "borrower " + Weft.currentTask().id();
                        return switch (mode) {
                            case 0 -> held(() -> limiter.acquireOnBehalfOf(borrower), body);
                            case 1 ->
                                    nowait(
                                            () -> limiter.acquireOnBehalfOfNowait(borrower),
                                            () -> limiter.releaseOnBehalfOf(borrower),
                                            body);
                            default -> held(limiter::acquire, body);
                        };
                    };
            rig.outside =
                    body ->
                            nowait(
                                    () -> limiter.acquireOnBehalfOfNowait(outsider),
                                    () -> limiter.releaseOnBehalfOf(outsider),
                                    body);
            rig.consistency =
                    () -> {
                        CapacityLimiterStatistics s = limiter.statistics();
                        return s.borrowedTokens() <= tokens
                                        && s.borrowers().size()
                                                == new HashSet<>(s.borrowers()).size()
                                        && s.tasksWaiting() <= WORKERS
                                        // a free token never stays free while anyone waits
                                        && (s.tasksWaiting() == 0
                                                || s.borrowedTokens() >= s.totalTokens())
                                ? null
                                : "inconsistent " + s;
                    };
            rig.disturb =
                    random -> {
                        // Now and then lower or raise the total, never above `tokens`: raising it
                        // hands tokens to waiters at once, lowering it takes none back.
                        if (random.nextInt(64) == 0) {
                            limiter.totalTokens(1 + random.nextInt(tokens));
                        }
                    };
            StressSeed.reporting(
                    rig.seed,
                    () -> {
                        Outcome o = rig.run();
                        limiter.totalTokens(tokens);
                        assertThat(limiter.statistics())
                                .isEqualTo(new CapacityLimiterStatistics(0, tokens, List.of(), 0));
                        assertThat(limiter.availableTokens()).isEqualTo(tokens);
                        o.print("CapacityLimiter(" + tokens + ")");
                    });
        }
    }

    // ---------------------------------------------------------------- the rig

    /** One acquisition by a worker: acquires (as {@code mode} says), runs body, releases. */
    @FunctionalInterface
    private interface Acquisition {
        /** Returns false if a non-waiting acquire found nothing free (and body did not run). */
        boolean run(int mode, CheckedRunnable<RuntimeException> body);
    }

    /** One acquisition by the outsider, a plain thread that is not a task: a non-waiting one. */
    @FunctionalInterface
    private interface OutsideAcquisition {
        boolean run(CheckedRunnable<RuntimeException> body);
    }

    /** A waiting acquisition, released by try-with-resources. */
    private static boolean held(Supplier<Held> acquire, CheckedRunnable<RuntimeException> body) {
        try (var _ = acquire.get()) {
            body.run();
        }
        return true;
    }

    /** A non-waiting acquisition; false if {@code acquire} threw {@link WouldBlock}. */
    private static boolean nowait(
            Runnable acquire, Runnable release, CheckedRunnable<RuntimeException> body) {
        try {
            acquire.run();
        } catch (WouldBlock none) {
            return false;
        }
        try {
            body.run();
        } finally {
            release.run();
        }
        return true;
    }

    /** What a run of a {@link Rig} counted. */
    private record Outcome(
            long entered,
            long unguarded,
            long refused,
            long cancelled,
            long outsiderEntered,
            double seconds) {
        void print(String what) {
            System.out.printf(
                    "%s on %s: %d entries (%d by a plain thread), %d non-waiting acquires"
                            + " refused, %d calls cancelled, %.1f s%n",
                    what,
                    Weft.currentBackend(),
                    entered,
                    outsiderEntered,
                    refused,
                    cancelled,
                    seconds);
        }
    }

    /**
     * {@link #WORKERS} tasks that each make {@link #ROUNDS} acquisitions, each in a cancel scope of
     * its own and in a random mode, while a canceller cancels random workers' calls, checks {@code
     * consistency} (null: fine) and runs {@code disturb}, and (if {@code outside} is set) a plain
     * thread makes non-waiting acquisitions. Inside each acquisition the holder counts itself in
     * {@code holders}, which must never exceed {@code limit}, increments a plain counter (with a
     * limit of 1) and, one time in four, passes a checkpoint, where a cancellation hits: then the
     * release happens on the way out of a {@code Cancelled}.
     */
    private static final class Rig {
        final int limit;
        final long seed = StressSeed.next();
        Acquisition acquisition;
        OutsideAcquisition outside;
        Supplier<String> consistency;
        Consumer<SplittableRandom> disturb = random -> {};

        final AtomicInteger holders = new AtomicInteger();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final long[] entered = new long[WORKERS]; // each written by its worker only
        final long[] refused = new long[WORKERS];
        final long[] cancelled = new long[WORKERS];
        long unguarded; // a plain counter, written by holders only (with a limit of 1)
        long outsiderEntered; // written by the outsider only
        final Calls calls = new Calls(WORKERS);
        final AtomicInteger running = new AtomicInteger(WORKERS);

        Rig(int limit) {
            this.limit = limit;
        }

        Outcome run() throws InterruptedException {
            SplittableRandom random = new SplittableRandom(seed);
            AtomicReference<Throwable> outsiderFailure = new AtomicReference<>();
            Thread outsiderThread = null;
            if (outside != null) {
                SplittableRandom r = random.split();
                outsiderThread =
                        Thread.ofPlatform()
                                .name("outsider")
                                .start(() -> {
                                    try {
                                        outsider(r);
                                    } catch (Throwable e) {
                                        outsiderFailure.set(e);
                                    }
                                });
            }
            long start = System.nanoTime();
            TaskGroup.run(tg -> {
                for (int w = 0; w < WORKERS; w++) {
                    int worker = w;
                    SplittableRandom r = random.split();
                    tg.startSoon("worker " + w, () -> worker(worker, r));
                }
                tg.startSoon("canceller seed=" + seed, () -> canceller(random));
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            if (outsiderThread != null) {
                outsiderThread.join();
            }
            assertThat(outsiderFailure.get()).as("the outsider thread's failure").isNull();
            assertThat(problems).as("what went wrong").isEmpty();
            assertThat(holders).as("holders at the end").hasValue(0);
            long sum = 0;
            long refusedSum = 0;
            long cancelledSum = 0;
            for (int w = 0; w < WORKERS; w++) {
                sum += entered[w];
                refusedSum += refused[w];
                cancelledSum += cancelled[w];
            }
            return new Outcome(sum, unguarded, refusedSum, cancelledSum, outsiderEntered, seconds);
        }

        private void worker(int worker, SplittableRandom random) {
            try {
                for (int r = 0; r < ROUNDS; r++) {
                    int mode = random.nextInt(4);
                    boolean checkpointInside = random.nextInt(4) == 0;
                    CancelScope call = calls.begin(worker);
                    boolean[] got = {true};
                    call.run(s -> {
                        got[0] =
                                acquisition.run(
                                        mode,
                                        () -> {
                                            enter("worker " + worker);
                                            entered[worker]++;
                                            try {
                                                if (checkpointInside) {
                                                    Weft.checkpoint();
                                                }
                                            } finally {
                                                holders.decrementAndGet();
                                            }
                                        });
                    });
                    if (!got[0]) {
                        refused[worker]++;
                    }
                    if (call.cancelledCaught()) {
                        cancelled[worker]++;
                    }
                }
            } finally {
                running.decrementAndGet();
            }
        }

        private void canceller(SplittableRandom random) {
            while (running.get() > 0) {
                calls.cancelOne(random);
                disturb.accept(random);
                String problem = consistency.get();
                if (problem != null) {
                    problems.add(problem);
                }
                Calls.pause(random, PAUSE);
            }
        }

        private void outsider(SplittableRandom random) {
            while (running.get() > 0) {
                boolean got =
                        outside.run(() -> {
                            enter("the outsider");
                            outsiderEntered++;
                            holders.decrementAndGet();
                        });
                if (got) {
                    for (int k = random.nextInt(PAUSE); k >= 0; k--) {
                        Thread.onSpinWait();
                    }
                } else {
                    Thread.yield();
                }
            }
        }

        /** Counts the caller in as a holder; records a problem if that is one too many. */
        private void enter(String who) {
            int now = holders.incrementAndGet();
            if (now > limit && problems.size() < 20) {
                problems.add(who + " got in as holder number " + now + " of at most " + limit);
            }
            if (limit == 1) {
                unguarded++;
            }
        }
    }
}
