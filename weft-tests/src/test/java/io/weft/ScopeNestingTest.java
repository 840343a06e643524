package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.weft.internal.Scope;
import io.weft.internal.Task;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Nested cancel scopes: shields, deadlines, cascades, timeouts, reasons and scope misuse. */
class ScopeNestingTest {

    /** Long enough never to end by itself; the tests never wait for it. */
    private static final Duration LONG = Duration.ofHours(1);

    // ---------------------------------------------------------------- shielding

    // AnyIO: test_shielding_immediate_scope_cancelled
    @WeftTest
    void aShieldedScopeIsStillCancelledByItsOwnCancel() {
        AtomicBoolean sleepCompleted = new AtomicBoolean();
        CancelScope scope = CancelScope.shielded();
        TaskGroup.run(tg ->
                scope.run(s -> {
                    tg.startSoon(() -> {
                        Weft.waitAllTasksBlocked();
                        s.cancel();
                    });
                    Weft.sleep(LONG);
                    sleepCompleted.set(true);
                }));
        assertThat(sleepCompleted).isFalse();
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // AnyIO: test_shielding_mutate
    @WeftTest
    void aShieldSetWhileTheScopeRunsProtectsAndLiftingItDeliversTheCancellation() {
        Event groupCancelled = new Event();
        AtomicBoolean completed = new AtomicBoolean();
        AtomicBoolean pendingInsideShield = new AtomicBoolean(true);
        AtomicBoolean pendingAfterLift = new AtomicBoolean();
        AtomicBoolean reachedAfterScope = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.start(status -> {
                new CancelScope()
                        .run(scope -> {
                            Weft.checkpoint(); // the shield goes up after the scope started
                            scope.shield(true);
                            status.started();
                            // Shielded: the group's cancellation does not reach this wait.
                            groupCancelled.await();
                            pendingInsideShield.set(Weft.currentTask().hasPendingCancellation());
                            Weft.checkpoint();
                            completed.set(true);
                            scope.shield(false);
                            pendingAfterLift.set(Weft.currentTask().hasPendingCancellation());
                            Weft.sleep(LONG);
                        });
                reachedAfterScope.set(true);
            });
            tg.cancel();
            groupCancelled.set();
        });
        assertThat(completed).isTrue();
        assertThat(pendingInsideShield).isFalse();
        assertThat(pendingAfterLift).isTrue();
        assertThat(reachedAfterScope).as("the group's Cancelled passes the inner scope").isFalse();
    }

    // AnyIO: test_shielded_cancel_sleep_time
    @WeftTest
    void aCancelledGroupWaitsParkedForItsShieldedChild() {
        // AnyIO measured process time to show that nothing spins while the group waits; here the
        // setter's waitAllTasksBlocked() returns only once the host (waiting at the inner group's
        // end) and the shielded child are both parked.
        Event event = new Event();
        AtomicReference<TaskHandle<Void>> child = new AtomicReference<>();
        AtomicReference<CancelScope> innerGroupScope = new AtomicReference<>();
        TaskGroup.run(outer -> {
            outer.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                event.set();
            });
            TaskGroup.run(inner -> {
                innerGroupScope.set(inner.cancelScope());
                child.set(
                        inner.startSoon(() ->
                                CancelScope.shielded()
                                        .run(s -> {
                                            Weft.checkpoint();
                                            event.await();
                                        })));
                inner.cancel();
            });
        });
        assertThat(child.get().status()).isEqualTo(TaskHandle.Status.FINISHED);
        assertThat(innerGroupScope.get().cancelCalled()).isTrue();
    }

    // ---------------------------------------------------------------- cancelling one scope

    // AnyIO: test_cancel_scope_in_child_task
    @WeftTest
    void cancellingAScopeInsideAChildAffectsOnlyThatScope() {
        AtomicReference<CancelScope> childScope = new AtomicReference<>();
        AtomicReference<CancelScope> groupScope = new AtomicReference<>();
        AtomicReference<TaskHandle<Void>> child = new AtomicReference<>();
        AtomicBoolean hostDone = new AtomicBoolean();
        TaskGroup.run(tg -> {
            groupScope.set(tg.cancelScope());
            CancelScope cs = new CancelScope();
            childScope.set(cs);
            child.set(tg.startSoon(() -> cs.run(s -> Weft.sleep(LONG))));
            Weft.waitAllTasksBlocked();
            cs.cancel();
            child.get().join();
            Weft.checkpoint(); // the host is not cancelled
            hostDone.set(true);
        });
        assertThat(hostDone).isTrue();
        assertThat(childScope.get().cancelledCaught()).isTrue();
        assertThat(child.get().status()).isEqualTo(TaskHandle.Status.FINISHED);
        assertThat(groupScope.get().cancelCalled()).isFalse();
    }

    // AnyIO: test_escaping_cancelled_error_from_cancelled_task
    @WeftTest
    void aTimedOutInnerScopeThenAnOuterCancelLetsNoCancelledEscape() {
        CancelScope outer = new CancelScope();
        AtomicReference<CancelScope> inner = new AtomicReference<>();
        outer.run(o -> {
            inner.set(Weft.moveOnAfter(Duration.ofMillis(10), i -> Weft.sleep(LONG)));
            o.cancel();
        });
        assertThat(inner.get().cancelledCaught()).isTrue();
        assertThat(outer.cancelCalled()).isTrue();
        assertThat(outer.cancelledCaught()).as("no checkpoint after the cancel").isFalse();
    }

    // AnyIO: TestUncancel (its portable kernel: nothing of a swallowed cancellation lingers)
    @WeftTest
    void aSwallowedCancellationLeavesTheTaskUncancelled() {
        CancelScope root = new CancelScope();
        root.run(r ->
                new CancelScope()
                        .run(s -> {
                            r.cancel();
                            Weft.checkpoint();
                        }));
        assertThat(root.cancelledCaught()).isTrue();
        assertThat(Weft.currentTask().hasPendingCancellation()).isFalse();
        assertThat(Weft.currentEffectiveDeadline()).isEqualTo(Long.MAX_VALUE);
        Weft.checkpoint();
        Weft.sleep(Duration.ZERO);
    }

    // ---------------------------------------------------------------- cascades

    // AnyIO: test_cancel_cascade
    @WeftTest
    void cancellingAGroupCancelsTheTasksOfAGroupNestedInAChild() {
        AtomicBoolean reached = new AtomicBoolean();
        AtomicReference<TaskHandle<Void>> sleeper = new AtomicReference<>();
        AtomicReference<TaskHandle<Void>> middle = new AtomicReference<>();
        TaskGroup.run(tg -> {
            middle.set(
                    tg.startSoon(
                            "do_something",
                            () -> {
                                TaskGroup.run(tg2 ->
                                        sleeper.set(
                                                tg2.startSoon("sleep", () -> Weft.sleep(LONG))));
                                reached.set(true);
                            }));
            Weft.waitAllTasksBlocked();
            tg.cancelScope().cancel();
        });
        assertThat(reached).isFalse();
        assertThat(sleeper.get().status()).isEqualTo(TaskHandle.Status.CANCELLED);
        assertThat(middle.get().status()).isEqualTo(TaskHandle.Status.CANCELLED);
    }

    // AnyIO: test_cancel_propagation_with_inner_spawn
    @WeftTest
    void cancellingAGroupCancelsANestedGroupsHostAndItsTask() {
        AtomicBoolean reached = new AtomicBoolean();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                TaskGroup.run(tg2 -> {
                    tg2.startSoon(() -> Weft.sleep(LONG));
                    Weft.sleep(LONG);
                });
                reached.set(true);
            });
            Weft.waitAllTasksBlocked();
            tg.cancelScope().cancel();
        });
        assertThat(reached).isFalse();
    }

    // AnyIO: test_cancelled_parent
    @WeftTest
    void aTaskStartedIntoACancelledGroupIsNotRescuedByAScopeOfItsOwn() {
        // In AnyIO the parent only runs after the cancel, so its first checkpoint ends it (AnyIO's
        // order: aTaskCancelledBeforeItRanEndsAtItsFirstCheckpointAndStartsNothing).
        // Here the parent spawns the child without a checkpoint; whether the child starts before
        // or after the cancel, its own scope must not swallow the group's cancellation.
        AtomicBoolean childRan = new AtomicBoolean();
        AtomicBoolean fooRaised = new AtomicBoolean();
        AtomicReference<CancelScope> childScope = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    tg.startSoon(() -> {
                        childRan.set(true);
                        CancelScope cs = new CancelScope();
                        childScope.set(cs);
                        cs.run(s -> Weft.sleep(LONG));
                        fooRaised.set(true);
                        throw new Exception("foo");
                    }));
            tg.cancelScope().cancel();
        });
        assertThat(childRan).isTrue();
        assertThat(fooRaised).isFalse();
        assertThat(childScope.get().cancelledCaught()).isFalse();
    }

    // AnyIO: test_cancelled_parent, line by line: the parent runs only after the cancel, so its
    // first checkpoint (waitAllTasksBlocked) throws and the child is never started.
    @WeftTest(backends = Backend.SERIAL)
    void aTaskCancelledBeforeItRanEndsAtItsFirstCheckpointAndStartsNothing() {
        AtomicBoolean parentRan = new AtomicBoolean();
        AtomicBoolean childStarted = new AtomicBoolean();
        AtomicReference<TaskHandle<Void>> parent = new AtomicReference<>();
        TaskGroup.run(tg -> {
            parent.set(
                    tg.startSoon(() -> {
                        parentRan.set(true);
                        Weft.waitAllTasksBlocked();
                        tg.startSoon(() -> {
                            childStarted.set(true);
                            new CancelScope().run(s -> Weft.sleep(LONG));
                            throw new Exception("foo");
                        });
                    }));
            tg.cancelScope().cancel();
        });
        assertThat(parentRan).isTrue();
        assertThat(childStarted).isFalse();
        assertThat(parent.get().status()).isEqualTo(TaskHandle.Status.CANCELLED);
    }

    // ---------------------------------------------------------------- deadlines

    // AnyIO: test_shielded_deadline
    @WeftTest
    void aShieldHidesOuterDeadlines() {
        long tenSeconds = Duration.ofSeconds(10).toNanos();
        long nineHundredSeconds = Duration.ofSeconds(900).toNanos();
        AtomicReference<Long> inOuter = new AtomicReference<>();
        AtomicReference<Long> inShield = new AtomicReference<>();
        AtomicReference<Long> inInner = new AtomicReference<>();
        Weft.moveOnAfter(
                Duration.ofSeconds(10),
                o -> {
                    inOuter.set(Weft.currentEffectiveDeadline() - Weft.now());
                    CancelScope.shielded()
                            .run(s -> {
                                inShield.set(Weft.currentEffectiveDeadline());
                                Weft.moveOnAfter(
                                        Duration.ofSeconds(1000),
                                        i -> {
                                            inInner.set(
                                                    Weft.currentEffectiveDeadline() - Weft.now());
                                            Weft.checkpoint();
                                        });
                            });
                });
        assertThat(inOuter.get()).isPositive().isLessThanOrEqualTo(tenSeconds);
        assertThat(inShield.get()).isEqualTo(Long.MAX_VALUE);
        assertThat(inInner.get()).isGreaterThan(nineHundredSeconds);
    }

    // AnyIO: test_deadline_reached_on_start
    @WeftTest
    void aDeadlineThatHasPassedOnEntryCancelsAtTheFirstCheckpoint() {
        AtomicBoolean calledOnEntry = new AtomicBoolean();
        AtomicBoolean reached = new AtomicBoolean();
        CancelScope scope =
                Weft.moveOnAfter(
                        Duration.ZERO,
                        s -> {
                            calledOnEntry.set(s.cancelCalled());
                            Weft.checkpoint();
                            reached.set(true);
                        });
        assertThat(calledOnEntry).isTrue();
        assertThat(reached).isFalse();
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // AnyIO: test_deadline_moved
    @WeftTest
    void aDeadlineMovedLaterBeforeItExpiresDoesNotFire() throws Exception {
        AtomicReference<CancelScope> scope = new AtomicReference<>();
        AtomicBoolean slept = new AtomicBoolean();
        Weft.failAfter(
                Duration.ofMillis(200),
                s -> {
                    scope.set(s);
                    long original = s.deadline();
                    s.deadline(original + LONG.toNanos());
                    // Sleep past the original deadline.
                    Weft.sleepUntil(original + Duration.ofMillis(50).toNanos());
                    slept.set(true);
                });
        assertThat(slept).isTrue();
        assertThat(scope.get().cancelCalled()).isFalse();
    }

    // Semantics: moving the deadline earlier re-arms the timer; into the past cancels at once.
    @WeftTest
    void aDeadlineMovedEarlierFiresAndOneMovedIntoThePastCancelsAtOnce() {
        CancelScope earlier =
                Weft.moveOnAfter(
                        LONG,
                        s -> {
                            s.deadline(Weft.now() + Duration.ofMillis(10).toNanos());
                            Weft.sleep(LONG);
                        });
        assertThat(earlier.cancelledCaught()).isTrue();

        AtomicBoolean cancelledAtOnce = new AtomicBoolean();
        assertThatThrownBy(() ->
                        Weft.failAfter(
                                LONG,
                                s -> {
                                    s.deadline(Weft.now() - 1);
                                    cancelledAtOnce.set(s.cancelCalled());
                                    Weft.checkpoint();
                                }))
                .isInstanceOf(TimeoutException.class);
        assertThat(cancelledAtOnce).isTrue();
    }

    // ---------------------------------------------------------------- timeouts

    // AnyIO: test_timeout_error_with_multiple_cancellations
    @WeftTest
    void aTimeoutAroundAGroupWhoseHostAndChildAreCancelledGivesOneTimeoutException() {
        Throwable thrown =
                catchThrowable(() ->
                        Weft.failAfter(
                                Duration.ofMillis(100),
                                () -> {
                                    TaskGroup.run(tg -> {
                                        tg.startSoon(() -> Weft.sleep(LONG));
                                        Weft.sleep(LONG);
                                    });
                                }));
        assertThat(thrown).isExactlyInstanceOf(TimeoutException.class);
        assertThat(thrown.getCause()).isInstanceOf(Cancelled.class);
    }

    // AnyIO: test_nested_fail_after
    @WeftTest
    void anOuterCancellationPassesThroughFailAfterWithoutATimeout() {
        AtomicBoolean reachedInFailAfter = new AtomicBoolean();
        AtomicBoolean reachedAfterFailAfter = new AtomicBoolean();
        AtomicBoolean reachedAfterMiddle = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg ->
                scope.run(outer -> {
                    new CancelScope()
                            .run(middle -> {
                                tg.startSoon(() -> {
                                    Weft.waitAllTasksBlocked();
                                    outer.cancel();
                                });
                                Weft.failAfter(
                                        LONG,
                                        () -> {
                                            Weft.sleep(LONG);
                                            reachedInFailAfter.set(true);
                                        });
                                reachedAfterFailAfter.set(true);
                            });
                    reachedAfterMiddle.set(true);
                }));
        assertThat(scope.cancelCalled()).isTrue();
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(reachedInFailAfter).isFalse();
        assertThat(reachedAfterFailAfter).isFalse();
        assertThat(reachedAfterMiddle).isFalse();
    }

    // Reference 2.6: even if its own deadline fired too, failAfter does not time out while a
    // cancelled enclosing scope is visible.
    @WeftTest
    void aFiredFailAfterDoesNotTimeOutWhileAnOuterCancellationPasses() throws Exception {
        CancelScope outer = new CancelScope();
        outer.run(o -> {
            Weft.failAfter(
                    Duration.ZERO,
                    f -> {
                        assertThat(f.cancelCalled()).isTrue();
                        o.cancel();
                        Weft.checkpoint();
                    });
            fail("the outer cancellation must end the outer body");
        });
        assertThat(outer.cancelledCaught()).isTrue();
    }

    // AnyIO: test_nested_shield
    @WeftTest
    void aTimeoutInsideAShieldBecomesAMemberOfTheGroup() {
        CancelScope scope = new CancelScope();
        Event killed = new Event();
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg ->
                                scope.run(s ->
                                        CancelScope.shielded()
                                                .run(shield -> {
                                                    tg.startSoon(() -> {
                                                        Weft.waitAllTasksBlocked();
                                                        s.cancel();
                                                        killed.set();
                                                    });
                                                    // Shielded: waiting here outlives the cancel.
                                                    killed.await();
                                                    Weft.failAfter(
                                                            Duration.ofMillis(50),
                                                            () -> {
                                                                Weft.sleep(LONG);
                                                            });
                                                }))));
        assertThat(thrown).isInstanceOf(ExceptionGroup.class);
        assertThat(((ExceptionGroup) thrown).exceptions())
                .singleElement()
                .isInstanceOf(TimeoutException.class);
        assertThat(scope.cancelCalled()).isTrue();
        assertThat(scope.cancelledCaught()).isFalse();
    }

    // ---------------------------------------------------------------- nested shields

    // AnyIO item 18: test_triple_nested_shield_checkpoint_in_outer
    @WeftTest
    void outerCancellationsMadeInsideAShieldResumeAfterIt() {
        AtomicBoolean passedShieldedCheckpoint = new AtomicBoolean();
        AtomicBoolean gotPastCheckpoint = new AtomicBoolean();
        CancelScope scope1 = new CancelScope();
        CancelScope scope2 = new CancelScope();
        TaskGroup.run(tg ->
                tg.startSoon(() ->
                        scope1.run(s1 -> {
                            scope2.run(s2 ->
                                    CancelScope.shielded()
                                            .run(shield -> {
                                                s1.cancel();
                                                s2.cancel();
                                                Weft.checkpoint();
                                                passedShieldedCheckpoint.set(true);
                                            }));
                            Weft.checkpoint();
                            gotPastCheckpoint.set(true);
                        })));
        assertThat(passedShieldedCheckpoint).isTrue();
        assertThat(gotPastCheckpoint).isFalse();
        assertThat(scope1.cancelledCaught()).isTrue();
        assertThat(scope2.cancelledCaught()).isFalse();
    }

    // AnyIO: test_triple_nested_shield_checkpoint_in_middle
    @WeftTest
    void anOuterCancellationMadeInsideAShieldHitsTheMiddleScopesCheckpoint() {
        AtomicBoolean passedShieldedCheckpoint = new AtomicBoolean();
        AtomicBoolean gotPastCheckpoint = new AtomicBoolean();
        CancelScope scope1 = new CancelScope();
        CancelScope middle = new CancelScope();
        TaskGroup.run(tg ->
                tg.startSoon(() ->
                        scope1.run(s1 ->
                                middle.run(m -> {
                                    CancelScope.shielded()
                                            .run(shield -> {
                                                s1.cancel();
                                                Weft.checkpoint();
                                                passedShieldedCheckpoint.set(true);
                                            });
                                    Weft.checkpoint();
                                    gotPastCheckpoint.set(true);
                                }))));
        assertThat(passedShieldedCheckpoint).isTrue();
        assertThat(gotPastCheckpoint).isFalse();
        assertThat(scope1.cancelledCaught()).isTrue();
        assertThat(middle.cancelCalled()).isFalse();
    }

    // AnyIO item 19: test_cancel_child_task_when_host_is_shielded
    @WeftTest
    void aShieldInTheHostDoesNotProtectTheGroupsChildren() throws Exception {
        Event cancelled = new Event();
        CancelScope parentScope = new CancelScope();
        parentScope.run(p ->
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        try {
                            Weft.sleepForever();
                        } catch (Cancelled c) {
                            cancelled.set();
                            throw c;
                        }
                    });
                    Weft.waitAllTasksBlocked();
                    // The timeout only turns a hang into a failure; it never fires when the
                    // behaviour is right.
                    CancelScope.shielded()
                            .run(s ->
                                    Weft.failAfter(
                                            Duration.ofSeconds(10),
                                            () -> {
                                                p.cancel();
                                                cancelled.await();
                                            }));
                }));
        assertThat(cancelled.isSet()).isTrue();
        assertThat(parentScope.cancelCalled()).isTrue();
        assertThat(parentScope.cancelledCaught()).isTrue();
    }

    // ---------------------------------------------------------------- start() and shields

    // AnyIO: test_cancel_shielding_start
    @WeftTest
    void aShieldInAStartingTaskHoldsOffTheStartersCancellation() {
        Event resume = new Event();
        AtomicBoolean cancelledInShield = new AtomicBoolean();
        AtomicBoolean pastCheckpoint = new AtomicBoolean();
        AtomicBoolean leftShield = new AtomicBoolean();
        CancelScope outer = new CancelScope();
        outer.run(o ->
                TaskGroup.run(tg -> {
                    tg.startSoon(() ->
                            tg.start(status -> {
                                CancelScope.shielded()
                                        .run(s -> {
                                            try {
                                                resume.await();
                                            } catch (Cancelled c) {
                                                cancelledInShield.set(true);
                                                throw c;
                                            }
                                        });
                                leftShield.set(true);
                                // The cancellation arrives here, not earlier.
                                Weft.checkpoint();
                                pastCheckpoint.set(true);
                            }));
                    Weft.waitAllTasksBlocked();
                    o.cancel();
                    resume.set();
                }));
        assertThat(cancelledInShield).isFalse();
        assertThat(leftShield).isTrue();
        assertThat(pastCheckpoint).isFalse();
        assertThat(outer.cancelCalled()).isTrue();
    }

    // ---------------------------------------------------------------- reasons

    // AnyIO: test_cancel_reason
    @WeftTest
    void theCancelledMessageNamesTheReasonAndTheCancellingTask() {
        AtomicReference<Cancelled> caught = new AtomicReference<>();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel("test reason");
            s.cancel("a later reason"); // the first reason wins
            try {
                Weft.checkpoint();
            } catch (Cancelled c) {
                caught.set(c);
                throw c;
            }
        });
        assertThat(scope.cancelledCaught()).isTrue();
        String taskName = Weft.currentTask().name();
        assertThat(taskName).isNotEmpty();
        assertThat(caught.get().getMessage())
                .contains("test reason")
                .contains(taskName)
                .doesNotContain("a later reason");
    }

    // ---------------------------------------------------------------- misuse
    //
    // The public API is lambda-scoped, so scopes are always left in order by the task that entered
    // them; these tests drive the internal enter/exit that the API is built on.

    // AnyIO: test_cancelscope_wrong_exit_order
    @WeftTest
    void leavingScopesOutOfOrderFailsAndLeavesThemActive() {
        Task t = Task.current();
        Scope scope1 = new Scope();
        Scope scope2 = new Scope();
        scope1.enter(t);
        scope2.enter(t);
        Throwable wrong = scope1.exit(t, null);
        assertThat(wrong).isInstanceOf(IllegalStateException.class).hasMessageContaining("order");
        assertThat(scope1.isActive()).isTrue();
        assertThat(scope2.exit(t, null)).isNull();
        assertThat(scope1.exit(t, null)).isNull();
        assertThat(scope1.isActive()).isFalse();
    }

    // AnyIO: test_cancelscope_exit_before_enter
    @WeftTest
    void leavingAScopeThatIsNotActiveFails() {
        Task t = Task.current();
        Scope neverEntered = new Scope();
        assertThat(neverEntered.exit(t, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not active");
        Scope left = new Scope();
        left.enter(t);
        assertThat(left.exit(t, null)).isNull();
        assertThat(left.exit(t, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not active");
    }

    // AnyIO: test_cancelscope_exit_in_wrong_task
    @WeftTest
    void leavingAScopeInAnotherTaskFails() {
        Task host = Task.current();
        Scope scope = new Scope();
        scope.enter(host);
        try {
            Throwable thrown =
                    catchThrowable(() ->
                            TaskGroup.run(tg ->
                                    tg.startSoon(() -> {
                                        throw scope.exit(Task.current(), null);
                                    })));
            assertThat(thrown).isInstanceOf(ExceptionGroup.class);
            assertThat(((ExceptionGroup) thrown).exceptions())
                    .singleElement()
                    .satisfies(e ->
                            assertThat(e)
                                    .isInstanceOf(IllegalStateException.class)
                                    .hasMessageContaining("different task"));
            assertThat(scope.isActive()).isTrue();
        } finally {
            assertThat(scope.exit(host, null)).isNull();
        }
    }
}
