package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The three checkpoint kinds of AnyIO's lowlevel module, in cancelled and uncancelled scopes. */
class CheckpointTest {

    // ---------------------------------------------------------------- checkpointIfCancelled

    // AnyIO: test_lowlevel.py::test_checkpoint_if_cancelled[False]
    @WeftTest
    void checkpointIfCancelledReturnsWhenNotCancelled() {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean secondFinished = new AtomicBoolean();
        TaskGroup.run(tg ->
                tg.startSoon(() -> {
                    tg.startSoon(() -> secondFinished.set(true));
                    Weft.checkpointIfCancelled();
                    finished.set(true);
                }));
        // AnyIO's order (the second task sees `finished`): checkpointIfCancelledDoesNotYield.
        assertThat(finished).isTrue();
        assertThat(secondFinished).isTrue();
    }

    // AnyIO: test_lowlevel.py::test_checkpoint_if_cancelled[False], in AnyIO's order
    @WeftTest(backends = Backend.SERIAL)
    void checkpointIfCancelledDoesNotYield() {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean secondFinished = new AtomicBoolean();
        TaskGroup.run(tg ->
                tg.startSoon(() -> {
                    tg.startSoon(() -> {
                        assertThat(finished).as("the first task ran on to its end").isTrue();
                        secondFinished.set(true);
                    });
                    Weft.checkpointIfCancelled();
                    finished.set(true);
                }));
        assertThat(finished).isTrue();
        assertThat(secondFinished).isTrue();
    }

    // AnyIO: test_lowlevel.py::test_checkpoint_if_cancelled[True]
    @WeftTest
    void checkpointIfCancelledThrowsInACancelledScope() {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean secondFinished = new AtomicBoolean();
        TaskGroup.run(tg ->
                tg.startSoon(() -> {
                    tg.startSoon(() -> secondFinished.set(true));
                    tg.cancel();
                    Weft.checkpointIfCancelled();
                    finished.set(true);
                }));
        assertThat(finished).as("the code after the cancelled checkpoint ran").isFalse();
        // A task started before the cancel still runs; it has no checkpoint, so it finishes.
        assertThat(secondFinished).isTrue();
    }

    @WeftTest
    void checkpointIfCancelledIsLevelTriggeredAndRespectsShields() {
        AtomicInteger thrown = new AtomicInteger();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            for (int i = 0; i < 3; i++) {
                try {
                    Weft.checkpointIfCancelled();
                } catch (Cancelled c) {
                    thrown.incrementAndGet();
                }
            }
            CancelScope.shielded().run(shield -> Weft.checkpointIfCancelled());
            Weft.checkpointIfCancelled(); // outside the shield again: throws
        });
        assertThat(thrown).hasValue(3);
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // ---------------------------------------------------------------- cancelShieldedCheckpoint

    // AnyIO: test_lowlevel.py::test_cancel_shielded_checkpoint[False]
    @WeftTest
    void cancelShieldedCheckpointReturnsWhenNotCancelled() {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean secondFinished = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.cancelShieldedCheckpoint();
                finished.set(true);
            });
            tg.startSoon(() -> secondFinished.set(true));
        });
        // AnyIO's order (the first task yields to the second): cancelShieldedCheckpointYields.
        assertThat(finished).isTrue();
        assertThat(secondFinished).isTrue();
    }

    // AnyIO: test_lowlevel.py::test_cancel_shielded_checkpoint[True]
    @WeftTest
    void cancelShieldedCheckpointDoesNotThrowInACancelledScope() {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean secondFinished = new AtomicBoolean();
        AtomicBoolean pendingAfter = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                // In AnyIO the host's cancel happened before this task ran; here the task waits
                // for it explicitly (not through a checkpoint). AnyIO's order, without the wait:
                // cancelShieldedCheckpointYieldsInACancelledScope.
                awaitCancelCalled(tg.cancelScope());
                Weft.cancelShieldedCheckpoint();
                finished.set(true);
                pendingAfter.set(Weft.currentTask().hasPendingCancellation());
            });
            tg.startSoon(() -> secondFinished.set(true));
            tg.cancel();
        });
        assertThat(finished).isTrue();
        assertThat(secondFinished).isTrue();
        assertThat(pendingAfter).as("the cancellation is still pending after it").isTrue();
    }

    // AnyIO: test_lowlevel.py::test_cancel_shielded_checkpoint[False], in AnyIO's order
    @WeftTest(backends = Backend.SERIAL)
    void cancelShieldedCheckpointYields() {
        checkpointInAnyIOsOrder(true, false);
    }

    // AnyIO: test_lowlevel.py::test_cancel_shielded_checkpoint[True], in AnyIO's order
    @WeftTest(backends = Backend.SERIAL)
    void cancelShieldedCheckpointYieldsInACancelledScope() {
        checkpointInAnyIOsOrder(true, true);
    }

    @WeftTest
    void cancelShieldedCheckpointLeavesTheCancellationForTheNextCheckpoint() {
        AtomicBoolean reachedCheckpoint = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            for (int i = 0; i < 3; i++) {
                Weft.cancelShieldedCheckpoint();
            }
            reachedCheckpoint.set(true);
            Weft.checkpoint();
            throw new AssertionError("not reached: the checkpoint throws");
        });
        assertThat(reachedCheckpoint).isTrue();
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // ---------------------------------------------------------------- checkpoint

    // AnyIO: test_lowlevel.py::test_checkpoint[False]
    @WeftTest
    void checkpointReturnsWhenNotCancelled() {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean secondFinished = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.checkpoint();
                finished.set(true);
            });
            tg.startSoon(() -> secondFinished.set(true));
        });
        // AnyIO's order (the first task yields to the second): checkpointYields.
        assertThat(finished).isTrue();
        assertThat(secondFinished).isTrue();
    }

    // AnyIO: test_lowlevel.py::test_checkpoint[True]
    @WeftTest
    void checkpointThrowsInACancelledScope() {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean secondFinished = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                // In AnyIO the host's cancel happened before this task ran. AnyIO's order,
                // without the wait: checkpointYieldsOrThrowsInACancelledScope.
                awaitCancelCalled(tg.cancelScope());
                Weft.checkpoint();
                finished.set(true);
            });
            tg.startSoon(() -> secondFinished.set(true));
            tg.cancel();
        });
        assertThat(finished).isFalse();
        assertThat(secondFinished).isTrue();
    }

    // AnyIO: test_lowlevel.py::test_checkpoint[False], in AnyIO's order
    @WeftTest(backends = Backend.SERIAL)
    void checkpointYields() {
        checkpointInAnyIOsOrder(false, false);
    }

    // AnyIO: test_lowlevel.py::test_checkpoint[True], in AnyIO's order
    @WeftTest(backends = Backend.SERIAL)
    void checkpointYieldsOrThrowsInACancelledScope() {
        checkpointInAnyIOsOrder(false, true);
    }

    /**
     * AnyIO's test_checkpoint and test_cancel_shielded_checkpoint, line by line, for SERIAL: the
     * first task passes {@code checkpoint()} or, if {@code shielded}, {@code
     * cancelShieldedCheckpoint()}, so the second task runs before the first goes on; with {@code
     * cancel}, the host cancels the group before either task ran, and only {@code checkpoint()}
     * then throws.
     */
    private static void checkpointInAnyIOsOrder(boolean shielded, boolean cancel) {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean secondFinished = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                if (shielded) {
                    Weft.cancelShieldedCheckpoint();
                } else {
                    Weft.checkpoint();
                }
                finished.set(true);
            });
            tg.startSoon(() -> {
                assertThat(finished).as("the first task is still at its checkpoint").isFalse();
                secondFinished.set(true);
            });
            if (cancel) {
                tg.cancelScope().cancel();
            }
        });
        assertThat(finished.get()).isEqualTo(shielded || !cancel);
        assertThat(secondFinished).isTrue();
    }

    @WeftTest
    void checkpointIsLevelTriggeredAndRespectsShields() {
        AtomicInteger thrown = new AtomicInteger();
        AtomicBoolean shieldedPassed = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            for (int i = 0; i < 3; i++) {
                try {
                    Weft.checkpoint();
                } catch (Cancelled c) {
                    thrown.incrementAndGet();
                }
            }
            CancelScope.shielded()
                    .run(shield -> {
                        Weft.checkpoint();
                        shieldedPassed.set(true);
                    });
            Weft.checkpoint();
        });
        assertThat(thrown).hasValue(3);
        assertThat(shieldedPassed).isTrue();
        assertThat(scope.cancelledCaught()).isTrue();
    }

    @WeftTest
    void theCancelledThrownByACheckpointNamesTheScopeReason() {
        CancelScope scope = new CancelScope();
        scope.cancel("stop here");
        scope.run(s ->
                assertThatThrownBy(Weft::checkpoint)
                        .isInstanceOf(Cancelled.class)
                        .hasMessageContaining("stop here"));
    }

    /**
     * The scheduling half of a checkpoint: more tasks than carrier threads each spin, through
     * checkpoints only, until every one of them has run. If {@code checkpoint()} (or {@code
     * cancelShieldedCheckpoint()}) never let other tasks run, the first tasks to get a carrier
     * would spin forever and the test would hang (and fail at its deadline).
     */
    @WeftTest(timeoutSeconds = 10)
    void checkpointsLetOtherTasksRun() {
        int n = 4 * Runtime.getRuntime().availableProcessors() + 2;
        for (boolean shielded : new boolean[] {false, true}) {
            AtomicInteger arrived = new AtomicInteger();
            TaskGroup.run(tg -> {
                for (int i = 0; i < n; i++) {
                    tg.startSoon(() -> {
                        arrived.incrementAndGet();
                        while (arrived.get() < n) {
                            if (shielded) {
                                Weft.cancelShieldedCheckpoint();
                            } else {
                                Weft.checkpoint();
                            }
                        }
                    });
                }
            });
            assertThat(arrived).hasValue(n);
        }
    }

    /** Spins, without any Weft checkpoint, until {@code scope} has been cancelled. */
    static void awaitCancelCalled(CancelScope scope) {
        while (!scope.cancelCalled()) {
            Thread.onSpinWait();
        }
    }
}
