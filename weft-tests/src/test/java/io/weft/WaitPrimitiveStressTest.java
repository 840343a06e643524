package io.weft;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;

/** Stress of the core wait primitive: cancel racing completion, 10,000 times, via public API. */
@Tag(WeftTest.PARALLEL)
class WaitPrimitiveStressTest {

    // Each iteration parks a task in a Weft wait and then releases two parties at the same instant
    // (StartingLine): one completes the wait, the other cancels the waiter's scope. Exactly one of
    // them must win: the wait returns normally (and the cancellation then hits at the next
    // checkpoint: level cancellation) or it throws Cancelled (and the scope caught it); never both,
    // never neither. A lost wake-up shows as a hang (the test's deadline fails it with a task
    // dump); a double wake-up as a running-task count that is too high, which makes the
    // iteration's closing waitAllTasksBlocked() hang the same way, or as a later wait that returns
    // without being woken. A cancel delivered late must not reach the task once it has left the
    // scope: no interrupt flag after the scope, no later wait ended by it. The tests assert
    // outcomes only, never timing; the printed split between the outcomes is for information.

    /** The same on both backends; each test takes a few seconds per backend on 2 cores. */
    static final int ITERATIONS = 10_000;

    /**
     * Releases two parties together: both block on a barrier (so neither burns a CPU while the
     * other is being scheduled), then the one the barrier woke and the one that tripped it spin
     * until both are running, so they fire within nanoseconds of each other.
     */
    static final class StartingLine {
        private final CyclicBarrier barrier = new CyclicBarrier(2);
        private final AtomicInteger running = new AtomicInteger();

        void await() throws InterruptedException, BrokenBarrierException {
            barrier.await();
            running.incrementAndGet();
            spinUntil(() -> running.get() == 2);
        }
    }

    /**
     * Spins until {@code condition} holds, yielding the thread now and then: on VIRTUAL with as
     * many carriers as cores, the party we wait for may be queued behind us on our own carrier.
     */
    static void spinUntil(BooleanSupplier condition) {
        for (int spins = 0; !condition.getAsBoolean(); spins++) {
            if (spins % 256 == 255) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Starts the two racers, in an order that alternates between iterations. */
    static void startRacers(
            TaskGroup tg, int iteration, CheckedRunnable<?> a, CheckedRunnable<?> b) {
        if (iteration % 2 == 0) {
            tg.startSoon(a);
            tg.startSoon(b);
        } else {
            tg.startSoon(b);
            tg.startSoon(a);
        }
    }

    @WeftTest(timeoutSeconds = 120)
    void setRacingCancelEndsTheWaitExactlyOnce() {
        int n = ITERATIONS;
        int woken = 0;
        int cancelled = 0;
        for (int i = 0; i < n; i++) {
            int iteration = i;
            Event event = new Event();
            CancelScope scope = new CancelScope();
            StartingLine go = new StartingLine();
            AtomicBoolean returned = new AtomicBoolean();
            AtomicBoolean threw = new AtomicBoolean();
            AtomicBoolean levelThrew = new AtomicBoolean();
            AtomicBoolean cancelReturned = new AtomicBoolean();
            AtomicBoolean strayInterrupt = new AtomicBoolean();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    scope.run(s -> {
                        try {
                            event.await();
                        } catch (Cancelled c) {
                            threw.set(true);
                            throw c;
                        }
                        returned.set(true);
                        // The canceller may not have called cancel() yet; wait for it
                        // without a checkpoint, then the next checkpoint must throw.
                        spinUntil(s::cancelCalled);
                        try {
                            Weft.checkpoint();
                        } catch (Cancelled c) {
                            levelThrew.set(true);
                            throw c;
                        }
                    });
                    // Out of the scope, no interrupt may reach the task: once cancel() has
                    // returned, any interrupt it delivered has landed and must have been cleared.
                    spinUntil(cancelReturned::get);
                    strayInterrupt.set(Thread.currentThread().isInterrupted());
                });
                Weft.waitAllTasksBlocked(); // the waiter is parked in await()
                startRacers(
                        tg,
                        iteration,
                        () -> {
                            go.await();
                            event.set();
                        },
                        () -> {
                            go.await();
                            scope.cancel();
                            cancelReturned.set(true);
                        });
            });
            check(
                    i,
                    returned.get() != threw.get(),
                    "exactly one of returned/threw",
                    returned,
                    threw);
            if (returned.get()) {
                woken++;
                check(i, levelThrew.get(), "the checkpoint after a normal return threw");
            } else {
                cancelled++;
            }
            check(i, scope.cancelledCaught(), "the scope caught the cancellation");
            check(i, !strayInterrupt.get(), "no interrupt outside the cancelled scope");
            check(i, event.statistics().tasksWaiting() == 0, "no waiter left in the event");
            checkOnlyTheRootRemains(i);
        }
        System.out.printf(
                "%s: %d iterations: %d woken by set, %d cancelled%n",
                Weft.currentBackend(), n, woken, cancelled);
    }

    /**
     * The value path: two tasks join a target task; one of them inside a scope that is cancelled at
     * the instant the target returns its value. The unscoped joiner always gets the value, once;
     * the scoped one gets it or {@code Cancelled}, once; afterwards the scoped joiner parks in a
     * fresh wait that must not end until it is really woken.
     */
    @WeftTest(timeoutSeconds = 120)
    void joinRacingCancelHandsTheValueAtMostOnce() {
        int n = ITERATIONS;
        int gotValue = 0;
        int cancelled = 0;
        for (int i = 0; i < n; i++) {
            int iteration = i;
            String value = "value " + i;
            Event gate = new Event();
            Event after = new Event();
            AtomicBoolean afterWasSet = new AtomicBoolean();
            CancelScope joinerScope = new CancelScope();
            StartingLine go = new StartingLine();
            AtomicInteger scopedWakeups = new AtomicInteger();
            AtomicInteger unscopedWakeups = new AtomicInteger();
            AtomicInteger spuriousWakeups = new AtomicInteger();
            AtomicReference<Object> scopedGot = new AtomicReference<>();
            AtomicReference<Object> unscopedGot = new AtomicReference<>();
            AtomicBoolean levelThrew = new AtomicBoolean();
            AtomicBoolean cancelReturned = new AtomicBoolean();
            AtomicBoolean strayInterrupt = new AtomicBoolean();
            AtomicReference<TaskHandle<String>> target = new AtomicReference<>();
            TaskGroup.run(tg -> {
                target.set(
                        tg.startSoon(() -> {
                            gate.await();
                            go.await();
                            return value;
                        }));
                TaskHandle<Void> scopedJoiner =
                        tg.startSoon(() -> {
                            joinerScope.run(s -> {
                                try {
                                    scopedGot.set(target.get().join());
                                } catch (Cancelled c) {
                                    scopedGot.set(c);
                                    throw c;
                                } finally {
                                    scopedWakeups.incrementAndGet();
                                }
                                spinUntil(s::cancelCalled);
                                try {
                                    Weft.checkpoint();
                                } catch (Cancelled c) {
                                    levelThrew.set(true);
                                    throw c;
                                }
                            });
                            spinUntil(cancelReturned::get);
                            strayInterrupt.set(Thread.currentThread().isInterrupted());
                            after.await();
                            if (!afterWasSet.get()) {
                                spuriousWakeups.incrementAndGet();
                            }
                        });
                tg.startSoon(() -> {
                    unscopedGot.set(target.get().join());
                    unscopedWakeups.incrementAndGet();
                });
                Weft.waitAllTasksBlocked(); // the target waits at the gate, both joiners in join()
                gate.set();
                tg.startSoon(() -> {
                    go.await();
                    joinerScope.cancel();
                    cancelReturned.set(true);
                });
                // Exact count: returns once the scoped joiner parks in `after` and the others end.
                Weft.waitAllTasksBlocked();
                check(
                        iteration,
                        after.statistics().tasksWaiting() == 1,
                        "the scoped joiner waits for `after`",
                        scopedJoiner.status(),
                        scopedGot.get(),
                        Weft.runningTasks());
                afterWasSet.set(true);
                after.set();
            });
            check(i, scopedWakeups.get() == 1, "the scoped join ended once", scopedWakeups);
            check(i, unscopedWakeups.get() == 1, "the unscoped join ended once", unscopedWakeups);
            check(i, spuriousWakeups.get() == 0, "no spurious wake-up of the next wait");
            check(i, value.equals(unscopedGot.get()), "unscoped joiner got the value", unscopedGot);
            check(i, target.get().status() == TaskHandle.Status.FINISHED, "target finished");
            check(i, joinerScope.cancelledCaught(), "the joiner's scope caught the cancellation");
            check(i, !strayInterrupt.get(), "no interrupt outside the cancelled scope");
            Object got = scopedGot.get();
            if (got instanceof Cancelled) {
                cancelled++;
            } else {
                gotValue++;
                check(i, value.equals(got), "scoped joiner got the value", got);
                check(i, levelThrew.get(), "the checkpoint after a normal join threw");
            }
            checkOnlyTheRootRemains(i);
        }
        System.out.printf(
                "%s: %d iterations: %d joins got the value, %d cancelled%n",
                Weft.currentBackend(), n, gotValue, cancelled);
    }

    /**
     * After an iteration only the root task is left, and the running count is exact: with no other
     * task, waitAllTasksBlocked returns at once; a count left too high by a double wake-up would
     * make it hang (and the test fail at its deadline with a task dump).
     */
    private static void checkOnlyTheRootRemains(int i) {
        List<TaskInfo> tasks = Weft.runningTasks();
        check(i, tasks.equals(List.of(Weft.currentTask())), "only the root task remains", tasks);
        Weft.waitAllTasksBlocked();
    }

    private static void check(int iteration, boolean ok, String what, Object... state) {
        if (!ok) {
            throw new AssertionError(
                    "iteration "
                            + iteration
                            + ": expected "
                            + what
                            + "; state: "
                            + Arrays.toString(state));
        }
    }
}
