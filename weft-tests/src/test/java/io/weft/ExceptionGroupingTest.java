package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.weft.junit.WeftTest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** What a task group throws: exception groups, their filtering, and single cancellations. */
class ExceptionGroupingTest {

    /** Long enough never to end by itself; the tests never wait for it. */
    private static final Duration LONG = Duration.ofHours(1);

    /** An {@link Error} that is not a cancellation (Python's BaseException members). */
    static final class FatalError extends Error {
        private static final long serialVersionUID = 1L;

        FatalError(String message) {
            super(message);
        }
    }

    private static ExceptionGroup groupOf(Throwable t) {
        assertThat(t).isInstanceOf(ExceptionGroup.class);
        return (ExceptionGroup) t;
    }

    // ---------------------------------------------------------------- failures cancel the rest

    // AnyIO: test_exception_cancels_siblings
    @WeftTest
    void aFailingChildCancelsItsSiblings() {
        AtomicBoolean sleepCompleted = new AtomicBoolean();
        AtomicReference<TaskHandle<Void>> sibling = new AtomicReference<>();
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            sibling.set(
                                    tg.startSoon(() -> {
                                        Weft.sleep(LONG);
                                        sleepCompleted.set(true);
                                    }));
                            Weft.waitAllTasksBlocked();
                            tg.startSoon(() -> {
                                throw new Exception("foo");
                            });
                        }));
        assertThat(groupOf(thrown).exceptions())
                .singleElement()
                .satisfies(e -> assertThat(e).hasMessage("foo"));
        assertThat(sleepCompleted).isFalse();
        assertThat(sibling.get().status()).isEqualTo(TaskHandle.Status.CANCELLED);
    }

    // AnyIO item 6: test_nested_task_group_filtering
    @WeftTest
    void nestedGroupsGiveNestedExceptionGroupsWithoutCancellations() {
        // In AnyIO both tasks fail 0.1 s in and the parent-group task is scheduled first (AnyIO's
        // version: nestedGroupsGiveNestedExceptionGroupsInAnyIOsOrder). Here the child fails
        // only when cancelled, and the parent fails once everything else is parked, so the order
        // of the members is fixed.
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                Weft.waitAllTasksBlocked();
                                throw new Exception("parent task failed");
                            });
                            TaskGroup.run(tg2 -> {
                                tg2.startSoon(() -> {
                                    try {
                                        Weft.sleep(LONG);
                                    } catch (Cancelled c) {
                                        // fall through to the failure
                                    }
                                    throw new Exception("child task failed");
                                });
                                Weft.sleep(LONG);
                            });
                        }));
        ExceptionGroup group = groupOf(thrown);
        assertThat(group.exceptions()).hasSize(2);
        assertThat(group.exceptions().get(0)).hasMessage("parent task failed");
        ExceptionGroup nested = groupOf(group.exceptions().get(1));
        assertThat(nested.exceptions())
                .singleElement()
                .satisfies(e -> assertThat(e).hasMessage("child task failed"));
        assertThat(group.leaves()).noneMatch(Cancelled.class::isInstance);
    }

    // AnyIO item 6: test_nested_task_group_filtering, line by line. Both tasks sleep 0.1 s of real
    // time; the parent-group task started its sleep first, so its deadline is the earlier one and
    // it fails first. The order rests on the order of the two deadlines, not on a measurement.
    @WeftTest(backends = Backend.SERIAL)
    void nestedGroupsGiveNestedExceptionGroupsInAnyIOsOrder() {
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> failAfterASleep("parent"));
                            TaskGroup.run(tg2 -> {
                                tg2.startSoon(() -> failAfterASleep("child"));
                                Weft.sleep(LONG);
                            });
                        }));
        ExceptionGroup group = groupOf(thrown);
        assertThat(group.exceptions()).hasSize(2);
        assertThat(group.exceptions().get(0)).hasMessage("parent task failed");
        ExceptionGroup nested = groupOf(group.exceptions().get(1));
        assertThat(nested.exceptions())
                .singleElement()
                .satisfies(e -> assertThat(e).hasMessage("child task failed"));
        assertThat(group.leaves()).noneMatch(Cancelled.class::isInstance);
    }

    /** AnyIO's {@code fail}: sleeps 0.1 s and then fails, also if the sleep was cancelled. */
    private static void failAfterASleep(String name) throws Exception {
        try {
            Weft.sleep(Duration.ofMillis(100));
        } catch (Cancelled c) {
            // like `finally: raise`: the failure replaces the cancellation
        }
        throw new Exception(name + " task failed");
    }

    // ---------------------------------------------------------------- scopes filter groups

    // AnyIO item 7: test_exception_group_filtering
    @WeftTest
    void aCancelledScopeStripsItsOwnCancellationFromAGroupAndKeepsTheRest() {
        RuntimeException bodyExc = new RuntimeException("body");
        IllegalStateException cause = new IllegalStateException("the group's cause");
        AtomicReference<ExceptionGroup> original = new AtomicReference<>();
        CancelScope cs = new CancelScope();
        Throwable thrown =
                catchThrowable(() ->
                        cs.run(s -> {
                            s.cancel();
                            List<Throwable> exceptions = new ArrayList<>();
                            exceptions.add(bodyExc);
                            exceptions.add(checkpointCancellation());
                            ExceptionGroup g = new ExceptionGroup("", exceptions);
                            g.initCause(cause);
                            original.set(g);
                            throw g;
                        }));
        ExceptionGroup group = groupOf(thrown);
        assertThat(group.exceptions()).containsExactly(bodyExc);
        assertThat(group.message()).isEmpty();
        assertThat(group.getCause()).isSameAs(cause);
        assertThat(group.getStackTrace()).isEqualTo(original.get().getStackTrace());
        assertThat(cs.cancelledCaught()).isTrue();
    }

    // AnyIO: test_nested_exception_group_filtering
    @WeftTest
    void aCancelledScopeStripsItsOwnCancellationFromANestedGroup() {
        RuntimeException bodyExc = new RuntimeException("body");
        IllegalStateException cause = new IllegalStateException("the group's cause");
        CancelScope cs = new CancelScope();
        Throwable thrown =
                catchThrowable(() ->
                        cs.run(s -> {
                            s.cancel();
                            List<Throwable> exceptions = new ArrayList<>();
                            exceptions.add(bodyExc);
                            exceptions.add(checkpointCancellation());
                            ExceptionGroup g =
                                    new ExceptionGroup(
                                            "", List.of(new ExceptionGroup("", exceptions)));
                            g.initCause(cause);
                            throw g;
                        }));
        ExceptionGroup group = groupOf(thrown);
        assertThat(group.getCause()).isSameAs(cause);
        ExceptionGroup nested = groupOf(group.exceptions().get(0));
        assertThat(group.exceptions()).hasSize(1);
        assertThat(nested.exceptions()).containsExactly(bodyExc);
        assertThat(cs.cancelledCaught()).isTrue();
    }

    /** Runs a checkpoint that must throw (the task is in a cancelled scope) and returns that. */
    private static Cancelled checkpointCancellation() {
        try {
            Weft.checkpoint();
        } catch (Cancelled c) {
            return c;
        }
        return fail("Did not raise a cancellation exception");
    }

    // AnyIO: test_reraise_cancelled_in_excgroup
    @WeftTest
    void aGroupOfOnlyTheScopesOwnCancellationIsSwallowed() {
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            try {
                Weft.sleepForever();
            } catch (Cancelled c) {
                throw new ExceptionGroup("", List.of(c));
            }
        });
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // ---------------------------------------------------------------- cancellations

    // AnyIO item 5: test_single_cancellation_exc
    @WeftTest
    void anOuterCancellationLeavesTheGroupAsOneCancelled() {
        AtomicReference<Throwable> escaped = new AtomicReference<>();
        CancelScope outer = new CancelScope();
        outer.run(o -> {
            try {
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> Weft.sleep(LONG));
                    Weft.waitAllTasksBlocked();
                    o.cancel();
                    Weft.sleep(LONG);
                });
            } catch (Throwable t) {
                escaped.set(t);
                if (t instanceof Cancelled c) {
                    throw c;
                }
            }
        });
        assertThat(escaped.get())
                .as("one bare Cancelled, not a group")
                .isInstanceOf(Cancelled.class);
        assertThat(outer.cancelledCaught()).isTrue();
    }

    // AnyIO: test_cancel_before_entering_task_group
    @WeftTest
    void leavingAnEmptyGroupInACancelledScopeDoesNotThrow() {
        // Leaving a group with nothing to wait for is a schedule point, not a cancel point
        // (Trio; AnyIO since 4.1): the cancellation hits at the next checkpoint instead.
        AtomicBoolean afterGroup = new AtomicBoolean();
        AtomicBoolean afterCheckpoint = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            try {
                TaskGroup.run(tg -> {});
            } catch (Cancelled c) {
                fail("leaving the empty group raised a cancellation", c);
            }
            afterGroup.set(true);
            Weft.checkpoint();
            afterCheckpoint.set(true);
        });
        assertThat(afterGroup).isTrue();
        assertThat(afterCheckpoint).isFalse();
        assertThat(scope.cancelledCaught()).isTrue();
    }

    // AnyIO: test_cancel_completed_task
    @WeftTest
    void cancellingAGroupWhoseTaskNeverCheckpointsRaisesNothing() {
        AtomicReference<TaskHandle<Void>> noop = new AtomicReference<>();
        AtomicReference<CancelScope> groupScope = new AtomicReference<>();
        TaskGroup.run(tg -> {
            groupScope.set(tg.cancelScope());
            noop.set(tg.startSoon(() -> {}));
            tg.cancel();
        });
        assertThat(noop.get().status()).isEqualTo(TaskHandle.Status.FINISHED);
        assertThat(groupScope.get().cancelCalled()).isTrue();
    }

    @WeftTest
    void cancellingTheGroupItselfEndsItNormally() {
        AtomicReference<TaskHandle<Void>> child = new AtomicReference<>();
        AtomicReference<CancelScope> groupScope = new AtomicReference<>();
        String value =
                TaskGroup.call(tg -> {
                    groupScope.set(tg.cancelScope());
                    child.set(tg.startSoon(() -> Weft.sleep(LONG)));
                    Weft.waitAllTasksBlocked();
                    tg.cancel();
                    return "body's value";
                });
        assertThat(value).isEqualTo("body's value");
        assertThat(child.get().status()).isEqualTo(TaskHandle.Status.CANCELLED);
        assertThat(groupScope.get().cancelledCaught()).isTrue();
    }

    // ---------------------------------------------------------------- failures

    @WeftTest
    void aGroupWhereNothingFailsReturnsTheBodysValue() {
        int value =
                TaskGroup.call(tg -> {
                    tg.startSoon(() -> Weft.checkpoint());
                    return 42;
                });
        assertThat(value).isEqualTo(42);
    }

    // AnyIO: test_exception_groups_suppresses_exc_context
    @WeftTest
    void aFailingHostGivesAGroupOfJustItsExceptionWithNoCause() {
        Exception hostError = new Exception("Error");
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            throw hostError;
                        }));
        ExceptionGroup group = groupOf(thrown);
        assertThat(group.exceptions()).containsExactly(hostError);
        assertThat(group.getCause()).isNull();
        assertThat(group.getMessage())
                .isEqualTo("unhandled errors in a TaskGroup (1 sub-exception)");
    }

    @WeftTest
    void aFailingChildGivesAGroupOfJustItsExceptionEvenWhenChecked() {
        IOException childError = new IOException("disk");
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg ->
                                tg.startSoon(() -> {
                                    throw childError;
                                })));
        assertThat(groupOf(thrown).exceptions()).containsExactly(childError);
    }

    @WeftTest
    void aFailingChildAndHostAreBothMembersInTheOrderTheyFailed() {
        IllegalStateException childError = new IllegalStateException("child");
        IllegalArgumentException hostError = new IllegalArgumentException("host");
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                Weft.waitAllTasksBlocked();
                                throw childError;
                            });
                            try {
                                Weft.sleep(LONG);
                            } catch (Cancelled c) {
                                throw hostError; // the child's failure cancelled the host
                            }
                        }));
        assertThat(groupOf(thrown).exceptions()).containsExactly(childError, hostError);
    }

    // AnyIO: TestCreateTask::test_base_exception (the group's side)
    @WeftTest
    void anErrorThatIsNotACancellationIsAMember() {
        FatalError fatal = new FatalError("5");
        Throwable thrown =
                catchThrowable(() ->
                        TaskGroup.run(tg ->
                                tg.startSoon(() -> {
                                    throw fatal;
                                })));
        assertThat(groupOf(thrown).exceptions()).containsExactly(fatal);
    }

    @WeftTest
    void failuresWinOverAnOuterCancellation() {
        IOException childError = new IOException("failed while cancelled");
        CancelScope outer = new CancelScope();
        Throwable thrown =
                catchThrowable(() ->
                        outer.run(o ->
                                TaskGroup.run(tg -> {
                                    tg.startSoon(() -> {
                                        try {
                                            Weft.sleepForever();
                                        } catch (Cancelled c) {
                                            throw childError;
                                        }
                                    });
                                    Weft.waitAllTasksBlocked();
                                    o.cancel();
                                })));
        assertThat(groupOf(thrown).exceptions()).containsExactly(childError);
        assertThat(outer.cancelCalled()).isTrue();
        assertThat(outer.cancelledCaught()).isFalse();
    }
}
