package io.weft.testing;

import io.weft.CheckedRunnable;
import io.weft.internal.Task;
import java.util.Objects;

/**
 * Assertions that a piece of code is, or is not, a checkpoint (Trio's {@code assert_checkpoints}
 * and {@code assert_no_checkpoints}), for testing that an operation documented as a checkpoint
 * really is one, and that one documented as "not a checkpoint, never blocks" really is not.
 *
 * <pre>{@code
 * @WeftTest
 * void sleepZeroIsACheckpoint() {
 *     Checkpoints.assertCheckpoints(() -> Weft.sleep(Duration.ZERO));
 * }
 *
 * @WeftTest
 * void settingAnEventIsNot() {
 *     Event e = new Event();
 *     Checkpoints.assertNoCheckpoints(e::set);
 * }
 * }</pre>
 *
 * <p>A <em>checkpoint</em> has two halves, and Weft counts both per task: a <em>cancel point</em>,
 * where the task throws {@link io.weft.Cancelled} if it is inside a cancelled scope ({@link
 * io.weft.Weft#checkpointIfCancelled()} is only that), and a <em>schedule point</em>, where other
 * tasks may run: a yield or a park in a Weft wait ({@link io.weft.Weft#cancelShieldedCheckpoint()}
 * is only that). A full checkpoint ({@link io.weft.Weft#checkpoint()}, every blocking Weft
 * operation) passes both.
 *
 * <p>Both methods must be called from a task of a running runtime and count only what the calling
 * task does (not tasks the body starts).
 */
public final class Checkpoints {
    private Checkpoints() {}

    /**
     * Runs {@code body} and checks that it passed at least one cancel point and at least one
     * schedule point. If {@code body} throws, that is rethrown unchanged and nothing is checked (an
     * operation that fails need not be a checkpoint).
     *
     * @throws AssertionError if {@code body} returned normally without a cancel point or without a
     *     schedule point; the message says which is missing
     * @throws X what {@code body} throws
     * @throws io.weft.NoRuntimeError if called outside a task
     */
    public static <X extends Throwable> void assertCheckpoints(CheckedRunnable<X> body) throws X {
        Objects.requireNonNull(body, "body");
        Task t = Task.current();
        int cancel = t.cancelPoints();
        int schedule = t.schedulePoints();
        body.run();
        boolean noCancel = t.cancelPoints() == cancel;
        boolean noSchedule = t.schedulePoints() == schedule;
        if (noCancel || noSchedule) {
            throw new AssertionError(
                    "assertCheckpoints: the body is not a checkpoint: it passed "
                            + (noCancel && noSchedule
                                    ? "neither a cancel point nor a schedule point"
                                    : noCancel
                                            ? "no cancel point (it never checked for"
                                                    + " cancellation)"
                                            : "no schedule point (it never let other tasks"
                                                    + " run)"));
        }
    }

    /**
     * Runs {@code body} and checks that it passed no cancel point and no schedule point. As in
     * Trio, this is checked even when {@code body} throws: a checkpoint that threw {@link
     * io.weft.Cancelled} was still a checkpoint. The exception is then the cause of the {@code
     * AssertionError}; with no checkpoint passed, it is rethrown unchanged.
     *
     * @throws AssertionError if {@code body} passed a cancel point or a schedule point; the message
     *     says which, and how many
     * @throws X what {@code body} throws, if it passed no checkpoint
     * @throws io.weft.NoRuntimeError if called outside a task
     */
    public static <X extends Throwable> void assertNoCheckpoints(CheckedRunnable<X> body) throws X {
        Objects.requireNonNull(body, "body");
        Task t = Task.current();
        int cancel = t.cancelPoints();
        int schedule = t.schedulePoints();
        try {
            body.run();
        } catch (Throwable e) {
            failIfPassed(t, cancel, schedule, e);
            throw e;
        }
        failIfPassed(t, cancel, schedule, null);
    }

    private static void failIfPassed(Task t, int cancel, int schedule, Throwable thrown) {
        int cancels = t.cancelPoints() - cancel;
        int schedules = t.schedulePoints() - schedule;
        if (cancels == 0 && schedules == 0) {
            return;
        }
        StringBuilder passed = new StringBuilder();
        if (cancels != 0) {
            passed.append(cancels).append(cancels == 1 ? " cancel point" : " cancel points");
        }
        if (schedules != 0) {
            if (!passed.isEmpty()) {
                passed.append(" and ");
            }
            passed.append(schedules)
                    .append(schedules == 1 ? " schedule point" : " schedule points");
        }
        throw new AssertionError(
                "assertNoCheckpoints: the body passed "
                        + passed
                        + (thrown != null ? " (and then threw " + thrown + ")" : ""),
                thrown);
    }
}
