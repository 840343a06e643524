package io.weft.thread;

import io.weft.Cancelled;
import io.weft.CheckedCallable;
import io.weft.CheckedRunnable;
import io.weft.TaskGroup;
import io.weft.internal.Task;

/**
 * One request to a {@link BlockingPortal}: a function, the name of its task, and the future the
 * requesting thread holds. The task runs the function inside the future's own cancel scope, so
 * cancelling the future cancels just this task, and completes the future with whatever the function
 * ends with; it never fails, so a failing request does not cancel the portal's group.
 */
final class PortalTask<T> {
    final String name;
    final CheckedCallable<T, ?> fn;
    final PortalFuture<T> future = new PortalFuture<>();

    private PortalTask(String name, CheckedCallable<T, ?> fn) {
        this.name = name;
        this.fn = fn;
    }

    static <T> PortalTask<T> of(String name, CheckedCallable<T, ?> fn) {
        return new PortalTask<>(name != null ? name : Task.defaultName(fn), fn);
    }

    /** A task of {@code fn}, which returns nothing (its future completes with null). */
    static PortalTask<Void> of(String name, CheckedRunnable<?> fn) {
        return new PortalTask<>(
                name != null ? name : Task.defaultName(fn),
                () -> {
                    fn.run();
                    return null;
                });
    }

    /** Starts the task in the portal's group (called by the portal's server task). */
    void startIn(TaskGroup tg) {
        tg.startSoon(name, this::run);
    }

    private void run() {
        try {
            T value = future.scope.call(s -> fn.call());
            if (future.scope.cancelledCaught()) {
                future.cancel(false); // the future was cancelled first, or is now
            } else {
                future.complete(value);
            }
        } catch (Cancelled c) {
            future.cancel(false); // the portal's group was cancelled: the portal was stopped
            throw c;
        } catch (Throwable e) {
            future.completeExceptionally(e);
        }
    }

    /** The request was never started (the portal stopped first): its future is cancelled. */
    void abandon() {
        future.cancel(false);
    }
}
