package io.weft;

import static io.weft.testing.Checkpoints.assertCheckpoints;
import static io.weft.testing.Checkpoints.assertNoCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Checkpoints.assertCheckpoints / assertNoCheckpoints on Weft's operations and on misuse. */
class CheckpointsTest {

    // Trio: test_checkpoints.py::test_checkpoints_assert_checkpoints (sleep(0) inside)
    @WeftTest
    void aCheckpointPassesAssertCheckpoints() {
        assertCheckpoints(Weft::checkpoint);
        assertCheckpoints(() -> Weft.sleep(Duration.ZERO));
        assertCheckpoints(() -> {
            Weft.checkpointIfCancelled();
            Weft.cancelShieldedCheckpoint(); // the two halves together make one checkpoint
        });
    }

    @WeftTest(clock = WeftTest.Clock.AUTOJUMP)
    void aSleepThatWaitsPassesAssertCheckpoints() {
        assertCheckpoints(() -> Weft.sleep(Duration.ofMinutes(1)));
        assertThat(Weft.now()).isEqualTo(Duration.ofMinutes(1).toNanos());
    }

    @WeftTest
    void awaitingAnEventPassesAssertCheckpointsSetOrNot() {
        Event set = new Event();
        set.set();
        assertCheckpoints(set::await);
        Event later = new Event();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked(); // the host is parked in await
                later.set();
            });
            assertCheckpoints(later::await); // parks until the child sets it
        });
    }

    @WeftTest
    void checkpointIfCancelledAloneLacksASchedulePoint() {
        assertThatThrownBy(() -> assertCheckpoints(Weft::checkpointIfCancelled))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no schedule point")
                .hasMessageNotContaining("cancel point");
    }

    @WeftTest
    void cancelShieldedCheckpointAloneLacksACancelPoint() {
        assertThatThrownBy(() -> assertCheckpoints(Weft::cancelShieldedCheckpoint))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no cancel point")
                .hasMessageNotContaining("schedule point");
    }

    @WeftTest
    void codeWithoutCheckpointsFailsAssertCheckpointsNamingBothKinds() {
        Event e = new Event();
        assertThatThrownBy(() -> assertCheckpoints(e::set))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("neither a cancel point nor a schedule point");
    }

    @WeftTest
    void assertCheckpointsRethrowsWhatTheBodyThrowsWithoutChecking() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() ->
                        assertCheckpoints(() -> {
                            throw boom;
                        }))
                .isSameAs(boom);
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            assertThatThrownBy(() -> assertCheckpoints(Weft::checkpoint))
                    .isInstanceOf(Cancelled.class);
        });
    }

    @WeftTest
    void settingAnEventAndStartingATaskPassAssertNoCheckpoints() {
        Event e = new Event();
        TaskGroup.run(tg -> {
            tg.startSoon(e::await);
            assertNoCheckpoints(() -> {
                e.set();
                tg.startSoon(Weft::checkpoint); // the child's checkpoints are its own
                e.isSet();
                Weft.now();
                Weft.currentTask();
            });
        });
        assertNoCheckpoints(() -> {});
    }

    @WeftTest
    void aCheckpointFailsAssertNoCheckpointsNamingWhatItPassed() {
        assertThatThrownBy(() -> assertNoCheckpoints(Weft::checkpoint))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("passed 1 cancel point and 1 schedule point");
        assertThatThrownBy(() -> assertNoCheckpoints(Weft::checkpointIfCancelled))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("passed 1 cancel point")
                .hasMessageNotContaining("schedule");
        assertThatThrownBy(() -> assertNoCheckpoints(Weft::cancelShieldedCheckpoint))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("passed 1 schedule point")
                .hasMessageNotContaining("cancel point");
        assertThatThrownBy(() ->
                        assertNoCheckpoints(() -> {
                            Weft.sleep(Duration.ZERO);
                            Weft.sleep(Duration.ZERO);
                        }))
                .hasMessageContaining("passed 2 cancel points and 2 schedule points");
    }

    @WeftTest
    void assertNoCheckpointsChecksEvenWhenTheBodyThrows() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() ->
                        assertNoCheckpoints(() -> {
                            throw boom;
                        }))
                .isSameAs(boom);
        // A checkpoint that threw Cancelled was still a checkpoint.
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            assertThatThrownBy(() -> assertNoCheckpoints(Weft::checkpoint))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("passed 1 cancel point")
                    .hasCauseInstanceOf(Cancelled.class);
        });
    }

    @Test
    void bothNeedARuntime() {
        assertThatThrownBy(() -> assertCheckpoints(Weft::checkpoint))
                .isInstanceOf(NoRuntimeError.class);
        assertThatThrownBy(() -> assertNoCheckpoints(() -> {})).isInstanceOf(NoRuntimeError.class);
    }
}
