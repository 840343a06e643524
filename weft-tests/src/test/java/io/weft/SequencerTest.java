package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import io.weft.testing.Sequencer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** Sequencer: forced order of blocks across tasks, misuse, and breaking by cancellation. */
class SequencerTest {

    // Trio: test_sequencer.py::test_sequencer_basic (the docstring's example)
    @WeftTest
    void blocksRunInTheOrderOfTheirPositions() {
        Sequencer seq = new Sequencer();
        List<Integer> out = new CopyOnWriteArrayList<>();
        int[][] positions = {{0, 4}, {2, 5}, {1, 3}};
        TaskGroup.run(tg -> {
            for (int[] mine : positions) {
                tg.startSoon(() -> {
                    for (int p : mine) {
                        try (var turn = seq.turn(p)) {
                            out.add(turn.position());
                            Weft.checkpoint(); // other tasks may run, but not their turns
                            out.add(p);
                        }
                    }
                });
            }
        });
        assertThat(out).containsExactly(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
    }

    @WeftTest
    void positionZeroGoesAtOnceAndPositionOneWaitsForItsTurnToClose() {
        Sequencer seq = new Sequencer();
        List<String> out = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            TaskHandle<Void> second =
                    tg.startSoon(() -> {
                        try (var _ = seq.turn(1)) {
                            out.add("1");
                        }
                    });
            var zero = seq.turn(0); // does not wait
            Weft.waitAllTasksBlocked(); // position 1 is parked, waiting for its turn
            assertThat(second.info().isWaiting()).isTrue();
            assertThat(out).isEmpty();
            out.add("0");
            zero.close();
            second.join();
        });
        assertThat(out).containsExactly("0", "1");
    }

    @WeftTest
    void aBlockThatThrowsStillLetsTheNextPositionGo() {
        Sequencer seq = new Sequencer();
        List<String> out = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (var _ = seq.turn(1)) {
                    out.add("1");
                }
            });
            assertThatThrownBy(
                            () -> {
                                try (var _ = seq.turn(0)) {
                                    throw new IllegalStateException("block 0 failed");
                                }
                            })
                    .hasMessage("block 0 failed");
        });
        assertThat(out).containsExactly("1");
    }

    @WeftTest
    void closingATurnTwiceDoesNothing() {
        Sequencer seq = new Sequencer();
        var zero = seq.turn(0);
        zero.close();
        zero.close();
        try (var one = seq.turn(1)) {
            assertThat(one.position()).isEqualTo(1);
        }
        assertThat(zero.toString()).contains("closed");
    }

    // Trio: test_sequencer.py::test_sequencer_error
    @WeftTest
    void reusingAPositionIsAnError() {
        Sequencer seq = new Sequencer();
        try (var _ = seq.turn(0)) {
            assertThatThrownBy(() -> seq.turn(0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Sequencer position 0 was already used");
        }
        try (var one = seq.turn(1)) {
            assertThat(one.position()).isEqualTo(1);
        }
        assertThatThrownBy(() -> seq.turn(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Sequencer position 1 was already used");
    }

    @WeftTest
    void aNegativePositionIsAnError() {
        assertThatThrownBy(() -> new Sequencer().turn(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    // Trio: test_sequencer.py::test_sequencer_cancel
    @WeftTest
    void aTaskCancelledWhileWaitingBreaksTheSequence() {
        Sequencer seq = new Sequencer();
        AtomicReference<Throwable> otherWaiter = new AtomicReference<>();
        AtomicReference<Throwable> cancelledWaiter = new AtomicReference<>();
        TaskGroup.run(tg -> {
            TaskHandle<Void> one =
                    tg.startSoon(() -> {
                        try (var _ = seq.turn(1)) {
                            throw new AssertionError("position 1 must never get its turn");
                        } catch (Throwable t) {
                            cancelledWaiter.set(t);
                            throw t;
                        }
                    });
            tg.startSoon(() -> {
                try (var _ = seq.turn(2)) {
                    throw new AssertionError("position 2 must never get its turn");
                } catch (IllegalStateException e) {
                    otherWaiter.set(e);
                }
            });
            Weft.waitAllTasksBlocked(); // both wait for their turns
            one.cancel();
            // The cancelled task raised its Cancelled itself: it ended cancelled, not failed.
            assertThatThrownBy(one::join).isInstanceOf(TaskCancelled.class);
            assertThat(one.status()).isEqualTo(TaskHandle.Status.CANCELLED);
        });
        assertThat(cancelledWaiter.get()).isInstanceOf(Cancelled.class);
        assertThat(otherWaiter.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sequence broken")
                .hasMessageContaining("position 1");
        // Later calls fail too, even for position 0 and for a position nobody used.
        assertThatThrownBy(() -> seq.turn(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sequence broken");
        assertThatThrownBy(() -> seq.turn(7))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sequence broken");
        assertThat(seq.toString()).contains("broken");
    }

    @WeftTest
    void aTaskCancelledBeforeItAsksForItsTurnBreaksTheSequenceToo() {
        Sequencer seq = new Sequencer();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            seq.turn(3); // a checkpoint in a cancelled scope: throws Cancelled
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThatThrownBy(() -> seq.turn(4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sequence broken");
    }

    @WeftTest
    void positionZeroIsNotACheckpointAndTheOthersAre() {
        Sequencer seq = new Sequencer();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            try (var zero = seq.turn(0)) { // no wait, so no Cancelled
                assertThat(zero.position()).isZero();
            }
            assertThatThrownBy(() -> seq.turn(1)).isInstanceOf(Cancelled.class);
        });
    }
}
