package io.weft.sync;

import static io.weft.testing.Checkpoints.assertCheckpoints;
import static io.weft.testing.Checkpoints.assertNoCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.ExceptionGroup;
import io.weft.RunOptions;
import io.weft.TaskCancelled;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.TaskInfo;
import io.weft.Weft;
import io.weft.WouldBlock;
import io.weft.junit.WeftTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CapacityLimiter: one token per borrower, writable totals, FIFO reservation, misuse, races. */
class CapacityLimiterTest {

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_bad_init_type
    @Test
    void aFiniteDoubleTotalIsRejected() {
        assertThatThrownBy(() -> new CapacityLimiter(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "totalTokens must be an int or Double.POSITIVE_INFINITY (unbounded)");
        assertThatThrownBy(() -> new CapacityLimiter(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CapacityLimiter(Double.NEGATIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_bad_init_value
    @Test
    void aNegativeTotalIsRejected() {
        assertThatThrownBy(() -> new CapacityLimiter(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("totalTokens must be >= 0");
        CapacityLimiter limiter = new CapacityLimiter(1);
        assertThatThrownBy(() -> limiter.totalTokens(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("totalTokens must be >= 0");
        assertThat(limiter.totalTokens()).isEqualTo(1.0);
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_zero_tokens
    @WeftTest
    void aTotalOfZeroIsAllowed() {
        CapacityLimiter limiter = new CapacityLimiter(0);
        assertThat(limiter.totalTokens()).isZero();
        assertThatThrownBy(limiter::acquireNowait).isInstanceOf(WouldBlock.class);
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_borrow
    @WeftTest
    void borrowingTakesOneToken() {
        CapacityLimiter limiter = new CapacityLimiter(2);
        assertThat(limiter.totalTokens()).isEqualTo(2.0);
        assertThat(limiter.availableTokens()).isEqualTo(2.0);
        assertThat(limiter.borrowedTokens()).isZero();
        try (var _ = limiter.acquire()) {
            assertThat(limiter.totalTokens()).isEqualTo(2.0);
            assertThat(limiter.availableTokens()).isEqualTo(1.0);
            assertThat(limiter.borrowedTokens()).isEqualTo(1);
        }
        assertThat(limiter.borrowedTokens()).isZero();
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_limit
    @WeftTest
    void oneTokenAdmitsOneTaskAtATime() {
        AtomicInteger value = new AtomicInteger();
        CapacityLimiter limiter = new CapacityLimiter(1);
        TaskGroup.run(tg -> {
            for (int i = 0; i < 3; i++) {
                tg.startSoon(() -> {
                    for (int r = 0; r < 5; r++) {
                        try (var _ = limiter.acquire()) {
                            assertThat(value.get()).isZero();
                            value.set(1);
                            Weft.waitAllTasksBlocked();
                            value.set(0);
                        }
                    }
                });
            }
        });
        assertThat(limiter.borrowedTokens()).isZero();
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_borrow_twice
    @WeftTest
    void aTaskCannotBorrowTwice() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        limiter.acquire();
        assertThatThrownBy(limiter::acquire)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "this borrower is already holding one of this CapacityLimiter's tokens")
                .hasMessageContaining("task '" + Weft.currentTask().name() + "'");
        assertThatThrownBy(limiter::acquireNowait)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holding");
        assertThat(limiter.borrowedTokens()).isEqualTo(1);
        limiter.release();
    }

    @WeftTest
    void anObjectCannotBorrowTwiceAndEqualObjectsAreOneBorrower() {
        CapacityLimiter limiter = new CapacityLimiter(5);
        limiter.acquireOnBehalfOf("job-1");
        assertThatThrownBy(() -> limiter.acquireOnBehalfOf(new String("job-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holding")
                .hasMessageContaining("job-1");
        assertThatThrownBy(() -> limiter.acquireOnBehalfOfNowait("job-1"))
                .isInstanceOf(IllegalStateException.class);
        limiter.releaseOnBehalfOf(new String("job-1"));
        assertThat(limiter.borrowedTokens()).isZero();
    }

    @WeftTest
    void aBorrowerCannotWaitTwice() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        TaskGroup.run(tg -> {
            limiter.acquire();
            TaskHandle<Held> first = tg.startSoon(() -> limiter.acquireOnBehalfOf("job"));
            Weft.waitAllTasksBlocked();
            tg.startSoon(() -> {
                try {
                    limiter.acquireOnBehalfOf("job");
                } catch (IllegalStateException e) {
                    thrown.set(e);
                }
            });
            Weft.waitAllTasksBlocked();
            assertThat(limiter.statistics().tasksWaiting()).isEqualTo(1);
            first.cancel();
            limiter.release();
        });
        assertThat(thrown.get())
                .hasMessageContaining("already waiting for one of this CapacityLimiter's tokens")
                .hasMessageContaining("job");
        assertThat(limiter.borrowedTokens()).isZero();
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_bad_release
    @WeftTest
    void releasingATokenNotBorrowedIsAnError() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        assertThatThrownBy(limiter::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "this borrower isn't holding any of this CapacityLimiter's tokens");
        assertThatThrownBy(() -> limiter.releaseOnBehalfOf("nobody"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("isn't holding")
                .hasMessageContaining("nobody");
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_increase_tokens
    @WeftTest
    void raisingTheTotalAdmitsAWaiter() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        Event event1 = new Event();
        Event event2 = new Event();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                event1.await(); // wait until the other task is inside the limiter
                try (var _ = limiter.acquire()) {
                    event2.set(); // only possible once the total was raised
                }
            });
            tg.startSoon(() -> {
                try (var _ = limiter.acquire()) {
                    event1.set();
                    event2.await();
                }
            });
            Weft.waitAllTasksBlocked();
            assertThat(event1.isSet()).isTrue();
            assertThat(event2.isSet()).isFalse();
            limiter.totalTokens(2);
        });
        assertThat(event2.isSet()).isTrue();
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_statistics
    @WeftTest
    void statisticsCountBorrowersAndWaitersExactly() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        assertThat(limiter.statistics().totalTokens()).isEqualTo(1.0);
        assertThat(limiter.statistics().borrowedTokens()).isZero();
        assertThat(limiter.statistics().tasksWaiting()).isZero();
        TaskGroup.run(tg -> {
            try (var _ = limiter.acquire()) {
                assertThat(limiter.statistics().borrowedTokens()).isEqualTo(1);
                assertThat(limiter.statistics().borrowers()).containsExactly(Weft.currentTask());
                assertThat(limiter.statistics().tasksWaiting()).isZero();
                for (int i = 1; i < 3; i++) {
                    tg.startSoon(() -> {
                        try (var _ = limiter.acquire()) {
                            // nothing
                        }
                    });
                    Weft.waitAllTasksBlocked();
                    assertThat(limiter.statistics().tasksWaiting()).isEqualTo(i);
                }
            }
        });
        assertThat(limiter.statistics().tasksWaiting()).isZero();
        assertThat(limiter.statistics().borrowedTokens()).isZero();
        assertThat(limiter.statistics().borrowers()).isEmpty();
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_asyncio_deadlock (#398), with a
    // task handle's cancel() in place of asyncio's native Task.cancel().
    @WeftTest
    void cancellingABorrowerPassesItsTokenToTheWaiter() throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(1);
        Event task1Holds = new Event();
        AtomicBoolean task2Got = new AtomicBoolean();
        TaskGroup.run(tg -> {
            TaskHandle<Void> task1 =
                    tg.startSoon(() -> {
                        try (var _ = limiter.acquire()) {
                            task1Holds.set();
                            Weft.sleepForever();
                        }
                    });
            task1Holds.await();
            TaskHandle<Void> task2 =
                    tg.startSoon(() -> {
                        try (var _ = limiter.acquire()) {
                            task2Got.set(true);
                        }
                    });
            Weft.waitAllTasksBlocked();
            task1.cancel();
            Weft.failAfter(Duration.ofSeconds(10), s -> task2.join());
        });
        assertThat(task2Got).isTrue();
        assertThat(limiter.borrowedTokens()).isZero();
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_ordered_queue
    @WeftTest
    void waitersGetTokensInTheOrderTheyQueued() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        List<Integer> results = new CopyOnWriteArrayList<>();
        Event event = new Event();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 3; i++) {
                int x = i;
                tg.start(status -> {
                    status.started();
                    try (var _ = limiter.acquire()) {
                        event.await();
                        results.add(x);
                    }
                });
                // SERIAL: the task has reached the limiter when start() returns, as in AnyIO; in
                // parallel it may still be on its way, so wait until it is there.
                Weft.waitAllTasksBlocked();
            }
            event.set();
        });
        assertThat(results).containsExactly(0, 1, 2);
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_increase_tokens_lets_others_acquire
    @WeftTest
    void raisingTheTotalLetsWaitersAndNewcomersIn() throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(1);
        List<Event> entered = List.of(new Event(), new Event(), new Event());
        Event continueEvent = new Event();
        TaskGroup.run(tg -> {
            for (Event e : entered.subList(0, 2)) {
                tg.startSoon(() -> {
                    try (var _ = limiter.acquire()) {
                        e.set();
                        continueEvent.await();
                    }
                });
            }
            Weft.waitAllTasksBlocked(); // one task is inside, the other waits
            assertThat(entered.stream().filter(Event::isSet).count()).isEqualTo(1);
            limiter.totalTokens(3);
            tg.startSoon(() -> {
                try (var _ = limiter.acquire()) {
                    entered.get(2).set();
                    continueEvent.await();
                }
            });
            Weft.failAfter(
                    Duration.ofSeconds(10),
                    () -> {
                        for (Event e : entered) {
                            e.await();
                        }
                    });
            continueEvent.set();
        });
        assertThat(limiter.borrowedTokens()).isZero();
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_instantiate_outside_event_loop
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aLimiterCreatedOutsideARuntimeWorksInOne(Backend backend) {
        CapacityLimiter limiter = new CapacityLimiter(1);
        limiter.totalTokens(2);
        assertThatThrownBy(() -> limiter.totalTokens(3.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(limiter.totalTokens()).isEqualTo(2.0);
        assertThat(limiter.borrowedTokens()).isZero();
        assertThat(limiter.statistics())
                .isEqualTo(new CapacityLimiterStatistics(0, 2.0, List.of(), 0));
        Weft.run(
                RunOptions.defaults().backend(backend),
                () -> {
                    try (var _ = limiter.acquire()) {
                        assertThat(limiter.borrowedTokens()).isEqualTo(1);
                    }
                });
        assertThat(limiter.borrowedTokens()).isZero();
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_zero_tokens_outside_event_loop
    @Test
    void theTotalCanBeSetToZero() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        limiter.totalTokens(0);
        assertThat(limiter.totalTokens()).isZero();
        assertThat(new CapacityLimiter(0).totalTokens()).isZero();
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_float_infinity_outside_event_loop
    @Test
    void infinityMeansUnbounded() {
        assertThat(new CapacityLimiter(Double.POSITIVE_INFINITY).totalTokens())
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(CapacityLimiter.unbounded().totalTokens()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(CapacityLimiter.unbounded().availableTokens())
                .isEqualTo(Double.POSITIVE_INFINITY);
        CapacityLimiter limiter = new CapacityLimiter(1);
        limiter.totalTokens(Double.POSITIVE_INFINITY);
        assertThat(limiter.totalTokens()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(limiter.statistics().totalTokens()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(limiter.toString()).contains("unbounded");
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_acquire_cancelled (#947)
    @WeftTest
    void aWaiterCancelledBeforeTheReleasePassesTheTokenOn() throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(1);
        Event event2 = new Event();
        TaskGroup.run(tg -> {
            CancelScope scope1;
            try (var _ = limiter.acquire()) {
                scope1 = tg.start(status -> borrower(limiter, new Event(), status));
                Weft.waitAllTasksBlocked(); // borrower 1 queues before borrower 2 starts
                tg.<CancelScope>start(status -> borrower(limiter, event2, status));
                Weft.waitAllTasksBlocked();
                assertThat(limiter.statistics().tasksWaiting()).isEqualTo(2);
                scope1.cancel();
            }
            Weft.failAfter(
                    Duration.ofSeconds(10),
                    () -> {
                        event2.await();
                    });
        });
        assertThat(limiter.borrowedTokens()).isZero();
    }

    private static void borrower(
            CapacityLimiter limiter, Event event, io.weft.TaskStatus<CancelScope> status) {
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            status.started(s);
            try (var _ = limiter.acquire()) {
                event.set();
                Weft.checkpoint();
            }
        });
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_acquire_nowait
    @WeftTest
    void acquireNowaitWhileAllTokensAreBorrowedThrowsWouldBlock() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        limiter.acquireNowait();
        assertThatThrownBy(() -> TaskGroup.run(tg -> tg.startSoon(limiter::acquireNowait)))
                .isInstanceOf(ExceptionGroup.class)
                .satisfies(e ->
                        assertThat(((ExceptionGroup) e).exceptions())
                                .singleElement()
                                .isInstanceOf(WouldBlock.class));
        limiter.release();
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::test_acquire_on_behalf_of_nowait
    @WeftTest
    void acquireOnBehalfOfNowaitThrowsWouldBlockWhenNoTokenIsFree() {
        Object borrower1 = new Object();
        Object borrower2 = new Object();
        CapacityLimiter limiter = new CapacityLimiter(1);
        limiter.acquireOnBehalfOfNowait(borrower1);
        assertThatThrownBy(() -> limiter.acquireOnBehalfOfNowait(borrower2))
                .isInstanceOf(WouldBlock.class)
                .hasMessageContaining("all 1 tokens");
        assertThat(limiter.statistics().borrowers()).containsExactly(borrower1);
    }

    // AnyIO: test_synchronization.py::TestCapacityLimiter::
    // test_nowait_acquire_after_release_does_not_oversubscribe (#1170, reference item 25)
    @WeftTest
    void aTokenFreedForAParkedWaiterIsReservedForIt() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        limiter.acquireOnBehalfOfNowait("A");
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                limiter.acquireOnBehalfOf("B");
            });
            Weft.waitAllTasksBlocked();
            assertThat(limiter.statistics().tasksWaiting()).isEqualTo(1);
            // Frees the only token and reserves it for the still-parked "B".
            limiter.releaseOnBehalfOf("A");
            assertThatThrownBy(() -> limiter.acquireOnBehalfOfNowait("X"))
                    .isInstanceOf(WouldBlock.class);
        });
        assertThat((double) limiter.borrowedTokens()).isLessThanOrEqualTo(limiter.totalTokens());
        assertThat(limiter.availableTokens()).isNotNegative();
        assertThat(limiter.statistics().borrowers()).containsExactly("B");
        limiter.releaseOnBehalfOf("B");
    }

    // ---------------------------------------------------------------- Weft's own rules

    @WeftTest
    void anyThreadMayBorrowAndReleaseOnBehalfOfAnObject() throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean taskGot = new AtomicBoolean();
        TaskGroup.run(tg -> {
            limiter.acquireOnBehalfOfNowait("connection");
            tg.startSoon(() -> {
                try (var _ = limiter.acquire()) {
                    taskGot.set(true);
                }
            });
            Weft.waitAllTasksBlocked();
            Thread t =
                    Thread.ofPlatform()
                            .start(() -> {
                                try {
                                    limiter.releaseOnBehalfOf("connection");
                                } catch (Throwable e) {
                                    failure.set(e);
                                }
                            });
            t.join();
        });
        assertThat(failure.get()).isNull();
        assertThat(taskGot).isTrue();
        assertThat(limiter.borrowedTokens()).isZero();
    }

    @WeftTest
    void theHeldFromAcquireOnBehalfOfReleasesForThatBorrower() {
        CapacityLimiter limiter = new CapacityLimiter(2);
        try (var _ = limiter.acquireOnBehalfOf("job")) {
            assertThat(limiter.statistics().borrowers()).containsExactly("job");
        }
        assertThat(limiter.borrowedTokens()).isZero();
    }

    @WeftTest
    void loweringTheTotalRevokesNothingAndRaisingItBackDoesNotOverGrant() {
        CapacityLimiter limiter = new CapacityLimiter(2);
        TaskGroup.run(tg -> {
            limiter.acquireOnBehalfOfNowait("a");
            limiter.acquireOnBehalfOfNowait("b");
            tg.startSoon(() -> limiter.acquireOnBehalfOf("c"));
            Weft.waitAllTasksBlocked();
            limiter.totalTokens(1);
            assertThat(limiter.borrowedTokens()).isEqualTo(2);
            assertThat(limiter.availableTokens()).isEqualTo(-1.0);
            // Back to 2: both tokens are still borrowed, so the waiter must not get one.
            limiter.totalTokens(2);
            assertThat(limiter.statistics().borrowers()).containsExactly("a", "b");
            assertThat(limiter.statistics().tasksWaiting()).isEqualTo(1);
            limiter.releaseOnBehalfOf("a");
            assertThat(limiter.statistics().borrowers()).containsExactly("b", "c");
        });
        assertThat(limiter.statistics().tasksWaiting()).isZero();
    }

    @WeftTest
    void raisingTheTotalFromZeroAdmitsThatManyWaitersInOrder() {
        CapacityLimiter limiter = new CapacityLimiter(0);
        TaskGroup.run(tg -> {
            for (String name : List.of("w0", "w1", "w2", "w3")) {
                tg.startSoon(() -> limiter.acquireOnBehalfOf(name));
                Weft.waitAllTasksBlocked();
            }
            limiter.totalTokens(2);
            assertThat(limiter.statistics().borrowers()).containsExactly("w0", "w1");
            assertThat(limiter.statistics().tasksWaiting()).isEqualTo(2);
            limiter.totalTokens(Double.POSITIVE_INFINITY);
            assertThat(limiter.statistics().borrowers()).containsExactly("w0", "w1", "w2", "w3");
        });
        assertThat(limiter.statistics().tasksWaiting()).isZero();
    }

    @WeftTest
    void anUnboundedLimiterNeverWaits() {
        CapacityLimiter limiter = CapacityLimiter.unbounded();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 50; i++) {
                limiter.acquireOnBehalfOfNowait(i);
            }
            assertThat(limiter.borrowedTokens()).isEqualTo(50);
            assertThat(limiter.availableTokens()).isEqualTo(Double.POSITIVE_INFINITY);
            try (var _ = limiter.acquire()) {
                assertThat(limiter.borrowedTokens()).isEqualTo(51);
            }
        });
    }

    @WeftTest
    void acquireNowaitFailsWhileOthersWaitEvenIfATokenIsFree() {
        CapacityLimiter limiter = new CapacityLimiter(0);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> limiter.acquireOnBehalfOf("queued"));
            Weft.waitAllTasksBlocked();
            // Nobody jumps the queue; here the waiter gets the new token at once anyway.
            limiter.totalTokens(1);
            assertThatThrownBy(() -> limiter.acquireOnBehalfOfNowait("late"))
                    .isInstanceOf(WouldBlock.class);
            assertThat(limiter.statistics().borrowers()).containsExactly("queued");
        });
    }

    @WeftTest
    void statisticsListTaskBorrowersAsTaskInfos() {
        CapacityLimiter limiter = new CapacityLimiter(3);
        Event go = new Event();
        TaskGroup.run(tg -> {
            limiter.acquire();
            TaskHandle<Void> child =
                    tg.startSoon(
                            "child",
                            () -> {
                                try (var _ = limiter.acquire()) {
                                    go.await();
                                }
                            });
            Weft.waitAllTasksBlocked();
            limiter.acquireOnBehalfOfNowait("object");
            List<Object> borrowers = limiter.statistics().borrowers();
            assertThat(borrowers).hasSize(3);
            assertThat(borrowers.get(0)).isEqualTo(Weft.currentTask());
            assertThat(((TaskInfo) borrowers.get(1)).name()).isEqualTo("child");
            assertThat(borrowers.get(1)).isEqualTo(child.info());
            assertThat(borrowers.get(2)).isEqualTo("object");
            assertThatThrownBy(() -> limiter.statistics().borrowers().add("x"))
                    .isInstanceOf(UnsupportedOperationException.class);
            go.set();
            limiter.release();
            limiter.releaseOnBehalfOf("object");
        });
        assertThat(limiter.borrowedTokens()).isZero();
    }

    @WeftTest
    void acquireIsACheckpointAndTheRestAreNot() {
        CapacityLimiter limiter = new CapacityLimiter(2);
        assertCheckpoints(limiter::acquire);
        assertNoCheckpoints(limiter::release);
        assertNoCheckpoints(limiter::acquireNowait);
        assertNoCheckpoints(limiter::release);
        assertCheckpoints(() -> limiter.acquireOnBehalfOf("x"));
        assertNoCheckpoints(() -> limiter.releaseOnBehalfOf("x"));
        assertNoCheckpoints(() -> limiter.acquireOnBehalfOfNowait("x"));
        assertNoCheckpoints(() -> limiter.totalTokens(3));
        assertNoCheckpoints(limiter::statistics);
        assertThat(limiter.statistics().borrowers()).containsExactly("x");
    }

    @WeftTest
    void acquireInACancelledScopeBorrowsNothing() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            limiter.acquire();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(limiter.borrowedTokens()).isZero();
    }

    @WeftTest
    void aWaiterCancelledJustAfterTheHandoffHoldsTheTokenThenReleasesIt() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        limiter.acquireOnBehalfOfNowait("first");
        Event checked = new Event();
        TaskGroup.run(tg -> {
            TaskHandle<Void> task1 =
                    tg.startSoon(
                            "task1",
                            () -> {
                                try (var _ = limiter.acquire()) {
                                    CancelScope.shielded().run(s -> checked.await());
                                    Weft.checkpoint(); // the cancellation hits here
                                }
                            });
            Weft.waitAllTasksBlocked();
            limiter.releaseOnBehalfOf("first"); // hands the token to task1 ...
            task1.cancel(); // ... which is cancelled at once
            assertThat(limiter.statistics().borrowers()).containsExactly(task1.info());
            checked.set();
            assertThatThrownBy(task1::join).isInstanceOf(TaskCancelled.class);
        });
        assertThat(limiter.statistics())
                .isEqualTo(new CapacityLimiterStatistics(0, 1.0, List.of(), 0));
    }

    @WeftTest
    void statisticsAreExactOnceCancelledWaitersHaveLeft() {
        CapacityLimiter limiter = new CapacityLimiter(0);
        TaskGroup.run(tg -> {
            List<TaskHandle<Held>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(tg.startSoon(limiter::acquire));
                Weft.waitAllTasksBlocked();
            }
            waiters.get(0).cancel();
            assertThatThrownBy(waiters.get(0)::join).isInstanceOf(TaskCancelled.class);
            assertThat(limiter.statistics().tasksWaiting()).isEqualTo(2);
            limiter.totalTokens(1);
            waiters.get(1).join();
            assertThat(limiter.statistics().borrowers()).containsExactly(waiters.get(1).info());
            assertThat(limiter.statistics().tasksWaiting()).isEqualTo(1);
            waiters.get(2).cancel();
        });
        assertThat(limiter.statistics().tasksWaiting()).isZero();
        assertThat(limiter.borrowedTokens()).isEqualTo(1); // the ended task kept its token
    }

    @WeftTest(seeds = 40)
    void seededInterleavingsNeverLoseOrOverGrantTokens() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        int[] holders = {0}; // one task at a time on SERIAL
        int[] maxHolders = {0};
        List<TaskHandle<Void>> workers = new ArrayList<>();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 5; i++) {
                workers.add(
                        tg.startSoon(() -> {
                            for (int r = 0; r < 5; r++) {
                                try (var _ = limiter.acquire()) {
                                    maxHolders[0] = Math.max(maxHolders[0], ++holders[0]);
                                    Weft.cancelShieldedCheckpoint();
                                    holders[0]--;
                                }
                            }
                        }));
            }
            tg.startSoon(() -> {
                Weft.checkpoint();
                workers.get(1).cancel();
                limiter.totalTokens(2); // hands a token to a waiter, if one waits
                Weft.checkpoint();
                workers.get(3).cancel();
            });
        });
        assertThat(maxHolders[0]).isBetween(1, 2);
        assertThat(limiter.statistics())
                .isEqualTo(new CapacityLimiterStatistics(0, 2.0, List.of(), 0));
    }

    // Grants racing cancellations never lose a token and never hand out more than the total.
    @WeftTest
    void grantsRacingCancellationsNeverLoseOrOverGrantTokens() {
        CapacityLimiter limiter = new CapacityLimiter(2);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 6; i++) {
                tg.startSoon(() -> {
                    for (int r = 0; r < 200; r++) {
                        long micros = ThreadLocalRandom.current().nextLong(0, 200);
                        Weft.moveOnAfter(
                                Duration.ofNanos(micros * 1000),
                                s -> {
                                    try (var _ = limiter.acquire()) {
                                        maxHolders.accumulateAndGet(
                                                holders.incrementAndGet(), Math::max);
                                        Weft.cancelShieldedCheckpoint();
                                        holders.decrementAndGet();
                                    }
                                });
                    }
                });
            }
        });
        assertThat(maxHolders.get()).isBetween(1, 2);
        assertThat(limiter.statistics())
                .isEqualTo(new CapacityLimiterStatistics(0, 2.0, List.of(), 0));
    }
}
