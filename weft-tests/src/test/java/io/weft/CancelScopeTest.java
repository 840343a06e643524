package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.weft.internal.Task;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Cancel scopes: cancelling, shielding, cancelCalled/cancelledCaught, reasons, misuse. */
class CancelScopeTest {

    /** Work that a cancellation must cut short; the tests never wait for it to elapse. */
    static final Duration LONG = Duration.ofSeconds(10);

    static boolean pendingCancellation() {
        return Weft.currentTask().hasPendingCancellation();
    }

    // ---------------------------------------------------------------- cancelling

    // AnyIO item 2: test_cancel_before_entering_scope
    @WeftTest
    void cancellingBeforeTheRunCancelsTheFirstCheckpoint() {
        AtomicBoolean pastSleep = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        scope.cancel();
        scope.run(s -> {
            Weft.sleep(LONG);
            pastSleep.set(true);
        });
        assertThat(pastSleep).isFalse();
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // AnyIO: test_cancel_scope_in_another_task
    @WeftTest
    void aScopeCanBeCancelledFromAnotherTask() {
        AtomicReference<CancelScope> local = new AtomicReference<>();
        AtomicBoolean result = new AtomicBoolean();
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        TaskGroup.run(tg -> {
            group.set(tg);
            Event entered = new Event();
            tg.startSoon(() -> {
                CancelScope scope = new CancelScope();
                local.set(scope);
                scope.run(s -> {
                    entered.set();
                    Weft.sleep(LONG);
                    result.set(true);
                });
            });
            // Original: checkpoints until the child has entered its scope (as on SERIAL:
            // aScopeCanBeCancelledFromAnotherTaskInAnyIOsOrder).
            entered.await();
            local.get().cancel();
        });
        assertThat(result).isFalse();
        assertThat(local.get().cancelledCaught()).isTrue();
        assertThat(group.get().cancelScope().cancelCalled()).isFalse();
    }

    // AnyIO: test_cancel_scope_in_another_task, line by line: the host's checkpoints let the
    // child run into its scope and park there.
    @WeftTest(backends = Backend.SERIAL)
    void aScopeCanBeCancelledFromAnotherTaskInAnyIOsOrder() {
        AtomicReference<CancelScope> local = new AtomicReference<>();
        AtomicBoolean result = new AtomicBoolean();
        AtomicInteger checkpoints = new AtomicInteger();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                CancelScope scope = new CancelScope();
                scope.run(s -> {
                    local.set(scope);
                    Weft.sleep(LONG);
                    result.set(true);
                });
            });
            while (local.get() == null) {
                Weft.checkpoint();
                checkpoints.incrementAndGet();
            }
            local.get().cancel();
        });
        assertThat(result).isFalse();
        assertThat(local.get().cancelledCaught()).isTrue();
        assertThat(checkpoints).as("one checkpoint let the child run").hasValue(1);
    }

    // AnyIO: test_cancelled_not_caught
    @WeftTest
    void aScopeCancelledWithoutACheckpointHasNotCaughtAnything() {
        AtomicBoolean pastCancel = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            pastCancel.set(true);
        });
        assertThat(pastCancel).as("cancel() is not a checkpoint").isTrue();
        assertThat(scope.cancelCalled()).isTrue();
        assertThat(scope.cancelledCaught()).isFalse();
    }

    // AnyIO: test_cancelled_scope_based_checkpoint
    @WeftTest
    void aCheckpointMadeOfACancelledScopeIsCaughtByTheOuterCancelledScope() {
        AtomicReference<CancelScope> inner = new AtomicReference<>();
        AtomicBoolean pastInner = new AtomicBoolean();
        CancelScope outer = new CancelScope();
        outer.run(o -> {
            o.cancel();
            // A way to write a checkpoint (trio#860): a cancelled scope around sleepForever.
            CancelScope in = new CancelScope();
            inner.set(in);
            in.run(i -> {
                i.cancel();
                Weft.sleepForever();
            });
            pastInner.set(true);
        });
        assertThat(pastInner).as("the checkpoint raised").isFalse();
        assertThat(inner.get().cancelledCaught()).isFalse();
        assertThat(outer.cancelledCaught()).isTrue();
    }

    // AnyIO: test_cancelled_raises_beyond_origin_unshielded
    @WeftTest
    void aCancellationPropagatesToTheOutermostCancelledScope() {
        AtomicReference<CancelScope> inner = new AtomicReference<>();
        AtomicBoolean pastCheckpoint = new AtomicBoolean();
        AtomicBoolean pastInner = new AtomicBoolean();
        CancelScope outer = new CancelScope();
        outer.run(o -> {
            CancelScope in = new CancelScope();
            inner.set(in);
            in.run(i -> {
                i.cancel();
                try {
                    Weft.checkpoint();
                } finally {
                    o.cancel();
                }
                pastCheckpoint.set(true);
            });
            pastInner.set(true);
        });
        assertThat(pastCheckpoint).as("the checkpoint raised").isFalse();
        assertThat(pastInner).as("leaving the inner scope raised").isFalse();
        // The outer scope is now responsible for the cancellation: it, not the inner one, caught
        // it.
        assertThat(inner.get().cancelledCaught()).isFalse();
        assertThat(outer.cancelledCaught()).isTrue();
    }

    // AnyIO item 17: test_cancelled_raises_beyond_origin_shielded
    @WeftTest
    void aShieldedScopeSwallowsItsOwnCancellationEvenIfTheOuterScopeIsCancelled() {
        AtomicReference<CancelScope> inner = new AtomicReference<>();
        AtomicBoolean pastCheckpoint = new AtomicBoolean();
        AtomicBoolean codeBetweenScopesRan = new AtomicBoolean();
        CancelScope outer = new CancelScope();
        outer.run(o -> {
            CancelScope in = CancelScope.shielded();
            inner.set(in);
            in.run(i -> {
                i.cancel();
                try {
                    Weft.checkpoint();
                } finally {
                    o.cancel();
                }
                pastCheckpoint.set(true);
            });
            codeBetweenScopesRan.set(true);
        });
        assertThat(pastCheckpoint).as("the checkpoint raised").isFalse();
        assertThat(codeBetweenScopesRan).isTrue();
        // The inner scope caused the cancellation and swallowed it; the outer one was cancelled
        // too but caught nothing, although nothing propagated out of it.
        assertThat(inner.get().cancelledCaught()).isTrue();
        assertThat(outer.cancelledCaught()).isFalse();
        assertThat(outer.cancelCalled()).isTrue();
    }

    // ---------------------------------------------------------------- reasons

    // AnyIO: test_cancel_with_reason
    @WeftTest
    void theCancelledMessageHoldsTheFirstReasonAndTheCancellingTask() {
        String me = Weft.currentTask().name();
        TaskGroup.run(tg -> {
            tg.cancel("test reason");
            tg.cancel("another reason");
            assertThatThrownBy(Weft::checkpoint)
                    .isInstanceOf(Cancelled.class)
                    .hasMessageContaining("test reason")
                    .hasMessageContaining("'" + me + "'")
                    .hasMessageNotContaining("another reason");
        });
    }

    @WeftTest
    void aReasonGivenByAnotherTaskNamesThatTask() {
        CancelScope scope = new CancelScope();
        AtomicReference<Cancelled> caught = new AtomicReference<>();
        TaskGroup.run(tg -> {
            Event entered = new Event();
            tg.startSoon(() ->
                    scope.run(s -> {
                        entered.set();
                        try {
                            Weft.sleep(LONG);
                        } catch (Cancelled c) {
                            caught.set(c);
                            throw c;
                        }
                    }));
            entered.await();
            tg.startSoon("the canceller", () -> scope.cancel("Testing cancellation"));
        });
        assertThat(caught.get())
                .hasMessageContaining("Testing cancellation")
                .hasMessageContaining("'the canceller'");
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // ---------------------------------------------------------------- shielding

    // AnyIO item 15: test_shielding
    @WeftTest
    void aShieldedScopeFinishesItsWorkWhileTheGroupIsCancelled() {
        AtomicBoolean innerSleepCompleted = new AtomicBoolean();
        AtomicBoolean outerSleepCompleted = new AtomicBoolean();
        AtomicReference<CancelScope> inner = new AtomicReference<>();
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        TaskGroup.run(tg -> {
            group.set(tg);
            Event groupCancelled = new Event();
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                tg.cancelScope().cancel();
                groupCancelled.set();
            });
            inner.set(
                    Weft.moveOnAfterShielded(
                            Duration.ofSeconds(10),
                            s -> {
                                assertThat(s.isShielded()).isTrue();
                                // Original: sleep(0.1), during which the group gets cancelled.
                                // Here the host waits in the shield until that has happened.
                                groupCancelled.await();
                                Weft.checkpoint();
                                innerSleepCompleted.set(true);
                            }));
            Weft.sleep(LONG);
            outerSleepCompleted.set(true);
        });
        assertThat(innerSleepCompleted).isTrue();
        assertThat(outerSleepCompleted).isFalse();
        assertThat(group.get().cancelScope().cancelCalled()).isTrue();
        assertThat(inner.get().cancelCalled()).isFalse();
    }

    // AnyIO item 16: test_cancel_from_shielded_scope
    @WeftTest
    void anOuterCancellationMadeInsideAShieldAppliesOnceTheShieldIsLeft() {
        TaskGroup.run(tg -> {
            CancelScope.shielded()
                    .run(inner -> {
                        assertThat(inner.isShielded()).isTrue();
                        tg.cancelScope().cancel();
                        assertThat(Weft.currentEffectiveDeadline()).isEqualTo(Long.MAX_VALUE);
                        assertThat(pendingCancellation()).isFalse();
                        Weft.checkpoint();
                    });
            assertThat(Weft.currentEffectiveDeadline()).isEqualTo(Long.MIN_VALUE);
            assertThat(pendingCancellation()).isTrue();
            // Level cancellation: every checkpoint raises again.
            assertThatThrownBy(() -> Weft.sleep(Duration.ofMillis(10)))
                    .isInstanceOf(Cancelled.class);
            assertThatThrownBy(() -> Weft.sleep(Duration.ofMillis(10)))
                    .isInstanceOf(Cancelled.class);
        });
    }

    // AnyIO: test_cancel_shielded_scope
    @WeftTest
    void aShieldedScopeIsCancelledByItsOwnCancel() {
        CancelScope scope = CancelScope.shielded();
        scope.run(s -> {
            assertThat(s.isShielded()).isTrue();
            s.cancel();
            assertThat(Weft.currentEffectiveDeadline()).isEqualTo(Long.MIN_VALUE);
            assertThat(pendingCancellation()).isTrue();
            assertThatThrownBy(Weft::checkpoint).isInstanceOf(Cancelled.class);
        });
        assertThat(pendingCancellation()).isFalse();
    }

    // AnyIO: test_shielded_cleanup_after_cancel
    @WeftTest
    void aShieldInsideCleanupHidesTheCancellationOnlyWhileItRuns() {
        AtomicBoolean cleanupRan = new AtomicBoolean();
        CancelScope outer = new CancelScope();
        outer.run(o -> {
            o.cancel();
            try {
                Weft.checkpoint();
                fail("the checkpoint should have raised");
            } catch (Cancelled c) {
                assertThat(Weft.currentEffectiveDeadline()).isEqualTo(Long.MIN_VALUE);
                assertThat(pendingCancellation()).isTrue();
                CancelScope.shielded()
                        .run(s -> {
                            assertThat(Weft.currentEffectiveDeadline()).isEqualTo(Long.MAX_VALUE);
                            assertThat(pendingCancellation()).isFalse();
                        });
                assertThat(Weft.currentEffectiveDeadline()).isEqualTo(Long.MIN_VALUE);
                assertThat(pendingCancellation()).isTrue();
                cleanupRan.set(true);
                throw c;
            }
        });
        assertThat(cleanupRan).isTrue();
        assertThat(outer.cancelledCaught()).isTrue();
    }

    // AnyIO: test_cancel_with_nested_task_groups (asyncio-only in AnyIO, where it also counts how
    // often the scopes re-deliver the cancellation, #695). The behaviour kept: a shielded scope two
    // groups down is not disturbed by the outer group's cancellation, and both groups wait for it.
    @WeftTest
    void aShieldedScopeTwoGroupsDownIsNotCancelledByTheOuterGroup() {
        AtomicBoolean shieldedWorkDone = new AtomicBoolean();
        AtomicBoolean pastMiddleGroup = new AtomicBoolean();
        TaskGroup.run(tg -> {
            Event release = new Event();
            tg.startSoon(
                    "middle task",
                    () -> {
                        TaskGroup.run(middle ->
                                middle.startSoon(
                                        "shield task",
                                        () ->
                                                CancelScope.shielded()
                                                        .run(s -> {
                                                            release.await();
                                                            Weft.checkpoint();
                                                            shieldedWorkDone.set(true);
                                                        })));
                        pastMiddleGroup.set(true);
                    });
            Weft.waitAllTasksBlocked();
            tg.cancelScope().cancel();
            release.set();
        });
        assertThat(shieldedWorkDone).isTrue();
        assertThat(pastMiddleGroup).isFalse();
    }

    // ---------------------------------------------------------------- misuse

    @WeftTest
    void aScopeCanBeRunOnlyOnce() {
        CancelScope scope = new CancelScope();
        scope.run(s -> {});
        assertThatThrownBy(() -> scope.run(s -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already been used")
                .hasMessageContaining("run only once");
        assertThatThrownBy(() -> scope.call(s -> "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already been used");
    }

    @WeftTest
    void aScopeRunningInOneTaskCannotBeRunByAnother() {
        CancelScope scope = new CancelScope();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean bodyRan = new AtomicBoolean();
        scope.run(s ->
                TaskGroup.run(tg ->
                        tg.startSoon(
                                "intruder",
                                () -> {
                                    try {
                                        scope.run(again -> bodyRan.set(true));
                                    } catch (IllegalStateException e) {
                                        thrown.set(e);
                                    }
                                })));
        assertThat(thrown.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already active")
                .hasMessageContaining(Weft.currentTask().name());
        assertThat(bodyRan).isFalse();
        assertThat(scope.isActive()).isFalse();
    }

    // The lambda-scoped API always leaves scopes in order and in their own task; these drive the
    // scope underneath CancelScope directly to check that Scope.exit reports misuse loudly and
    // leaves the scope active.
    @WeftTest
    void leavingAScopeFromAnotherTaskFailsAndLeavesItActive() {
        CancelScope scope = new CancelScope();
        AtomicReference<Throwable> misuse = new AtomicReference<>();
        AtomicBoolean stillActive = new AtomicBoolean();
        scope.run(s ->
                TaskGroup.run(tg ->
                        tg.startSoon(
                                "other task",
                                () -> {
                                    misuse.set(s.node.exit(Task.current(), null));
                                    stillActive.set(s.isActive());
                                })));
        assertThat(misuse.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited in a different task")
                .hasMessageContaining("'other task'");
        assertThat(stillActive).isTrue();
        assertThat(scope.isActive()).as("the owner left it normally").isFalse();
    }

    @WeftTest
    void leavingAScopeOutOfOrderFailsAndLeavesItActive() {
        CancelScope outer = new CancelScope();
        CancelScope inner = new CancelScope();
        AtomicReference<Throwable> misuse = new AtomicReference<>();
        RuntimeException bodyFailure = new RuntimeException("the body's own failure");
        outer.run(o ->
                inner.run(i -> {
                    misuse.set(o.node.exit(Task.current(), bodyFailure));
                    assertThat(o.isActive()).isTrue();
                    assertThat(i.isActive()).isTrue();
                }));
        assertThat(misuse.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited out of order");
        assertThat(misuse.get().getSuppressed()).containsExactly(bodyFailure);
        assertThat(outer.isActive()).isFalse();
        assertThat(inner.isActive()).isFalse();
        // The task's scope chain is intact: a cancelled scope still works afterwards.
        CancelScope after = new CancelScope();
        after.run(a -> {
            a.cancel();
            Weft.checkpoint();
        });
        assertThat(after.cancelledCaught()).isTrue();
    }

    @WeftTest
    void nullBodiesAreRejectedWithTheParameterName() {
        CancelScope scope = new CancelScope();
        assertThatThrownBy(() -> scope.run((ScopeBody<RuntimeException>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("body");
        assertThatThrownBy(() -> scope.run((CheckedRunnable<RuntimeException>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("body");
        assertThatThrownBy(() -> scope.call((ScopeFunction<Object, RuntimeException>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("body");
        assertThatThrownBy(() -> scope.call((CheckedCallable<Object, RuntimeException>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("body");
        assertThat(scope.isActive()).isFalse();
        scope.run(s -> {}); // a rejected call did not use the scope up
    }
}
