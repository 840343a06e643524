package io.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BusyResourceError;
import io.weft.CancelScope;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.testing.Checkpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ResourceGuard: one use at a time, BusyResourceError for the second, reuse, threads, no
 * checkpoint.
 */
class ResourceGuardTest {

    @WeftTest
    void aSecondTaskUsingTheResourceGetsBusyResourceError() {
        ResourceGuard guard = new ResourceGuard("reading from");
        Event inUse = new Event();
        Event release = new Event();
        AtomicReference<Throwable> secondUse = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (var _ = guard.use()) {
                    inUse.set();
                    release.await();
                }
            });
            tg.startSoon(() -> {
                inUse.await();
                try (var _ = guard.use()) {
                    secondUse.set(new AssertionError("the second use was allowed"));
                } catch (BusyResourceError e) {
                    secondUse.set(e);
                }
                release.set();
            });
        });
        assertThat(secondUse.get())
                .isExactlyInstanceOf(BusyResourceError.class)
                .hasMessage("Another task is already reading from this resource");
        assertThat(guard.inUse()).isFalse();
    }

    // As AnyIO's test_sockets.py::TestTCPStream::test_concurrent_receive: a task parked inside the
    // guarded section holds the guard until its cancellation makes it leave.
    @WeftTest
    void aTaskParkedInTheGuardedSectionHoldsItUntilItIsCancelled() {
        ResourceGuard guard = new ResourceGuard("writing to");
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (var _ = guard.use()) {
                    Weft.sleepForever();
                }
            });
            Weft.waitAllTasksBlocked();
            assertThat(guard.inUse()).isTrue();
            assertThatThrownBy(guard::use)
                    .isExactlyInstanceOf(BusyResourceError.class)
                    .hasMessageContaining("already writing to");
            tg.cancel();
        });
        assertThat(guard.inUse()).as("closed by the cancelled task's try-with-resources").isFalse();
        try (var _ = guard.use()) {
            assertThat(guard.inUse()).isTrue();
        }
    }

    @WeftTest
    void theDefaultActionIsUsingAndTheGuardIsNotReentrant() {
        ResourceGuard guard = new ResourceGuard();
        assertThat(guard.action()).isEqualTo("using");
        try (var _ = guard.use()) {
            assertThatThrownBy(guard::use)
                    .isExactlyInstanceOf(BusyResourceError.class)
                    .hasMessage("Another task is already using this resource");
            assertThat(guard.inUse()).as("the failed use changed nothing").isTrue();
        }
        assertThat(guard.inUse()).isFalse();
    }

    @WeftTest
    void theGuardCanBeUsedAgainAfterClose() {
        ResourceGuard guard = new ResourceGuard("using");
        for (int i = 0; i < 3; i++) {
            try (var _ = guard.use()) {
                assertThat(guard.inUse()).isTrue();
                assertThat(guard.toString()).contains("in use");
            }
            assertThat(guard.inUse()).isFalse();
            assertThat(guard.toString()).isEqualTo("ResourceGuard[using, free]");
        }
    }

    @WeftTest
    void theGuardIsFreedWhenTheGuardedCodeThrows() {
        ResourceGuard guard = new ResourceGuard();
        assertThatThrownBy(
                        () -> {
                            try (var _ = guard.use()) {
                                throw new IllegalStateException("boom");
                            }
                        })
                .hasMessage("boom");
        assertThat(guard.inUse()).isFalse();
    }

    @WeftTest
    void closingAUseTwiceDoesNotFreeALaterUse() {
        ResourceGuard guard = new ResourceGuard();
        ResourceGuard.Use first = guard.use();
        first.close();
        ResourceGuard.Use second = guard.use();
        first.close(); // stale: must not release the second use
        assertThat(guard.inUse()).isTrue();
        assertThatThrownBy(guard::use).isInstanceOf(BusyResourceError.class);
        second.close();
        assertThat(guard.inUse()).isFalse();
    }

    @WeftTest
    void useAndCloseAreNotCheckpoints() {
        ResourceGuard guard = new ResourceGuard();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel(); // a cancel point would throw here
            Checkpoints.assertNoCheckpoints(() -> {
                try (var _ = guard.use()) {
                    assertThat(guard.inUse()).isTrue();
                }
            });
            try (var _ = guard.use()) {
                // A use that fails is no checkpoint either: its BusyResourceError comes through.
                assertThatThrownBy(() -> Checkpoints.assertNoCheckpoints(guard::use))
                        .isExactlyInstanceOf(BusyResourceError.class);
            }
        });
        assertThat(scope.cancelledCaught()).isFalse();
    }

    // Many plain threads try to take a free guard at the same instant: the CAS lets exactly one
    // win, every other one gets BusyResourceError.
    @WeftTest
    void ofRacingUsersExactlyOneWins() throws InterruptedException {
        ResourceGuard guard = new ResourceGuard();
        int users = 8;
        for (int round = 0; round < 50; round++) {
            CyclicBarrier go = new CyclicBarrier(users);
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger busy = new AtomicInteger();
            List<ResourceGuard.Use> uses = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                threads.add(
                        Thread.ofPlatform()
                                .start(() -> {
                                    try {
                                        go.await();
                                    } catch (Exception e) {
                                        throw new AssertionError(e);
                                    }
                                    try {
                                        ResourceGuard.Use u = guard.use(); // kept open
                                        wins.incrementAndGet();
                                        synchronized (uses) {
                                            uses.add(u);
                                        }
                                    } catch (BusyResourceError e) {
                                        busy.incrementAndGet();
                                    }
                                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(wins).as("round %d", round).hasValue(1);
            assertThat(busy).as("round %d", round).hasValue(users - 1);
            uses.getFirst().close();
            assertThat(guard.inUse()).isFalse();
        }
    }
}
