package io.weft;

import io.weft.internal.Task;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A handle to one task started in a {@link TaskGroup}: its status, its result or failure, and a way
 * to cancel or wait for that task alone.
 *
 * <pre>{@code
 * TaskGroup.run(tg -> {
 *     TaskHandle<String> page = tg.startSoon(() -> fetch(url));
 *     TaskHandle<Void> ticker = tg.startSoon(() -> tick());
 *     System.out.println(page.join());   // waits for that task only
 *     ticker.cancel();                   // cancels that task only; the group goes on
 * });
 * }</pre>
 *
 * <p>A handle never takes a failure away from the group: a task that throws still makes its group
 * throw, and {@link #join()} reports the failure again, wrapped in {@link TaskFailed}.
 *
 * <p>A task started with {@link TaskGroup#startWithHandle} or {@link TaskGroup#startForResult} has
 * a {@link StartedTaskHandle}, which also gives the value the task passed to {@code started}.
 *
 * @param <T> the task's result type
 */
public sealed class TaskHandle<T> permits StartedTaskHandle {

    /**
     * Where a task is in its life. States only move forward (in declaration order, except that
     * {@code CANCELLING} may be skipped); the last three are final.
     */
    public enum Status {
        /** Started, its code not yet running. */
        PENDING,
        /** Its code is running. */
        RUNNING,
        /** {@link TaskHandle#cancel()} was called and the task has not finished yet. */
        CANCELLING,
        /** Returned normally; {@link TaskHandle#result()} has the value. */
        FINISHED,
        /** Threw; {@link TaskHandle#exception()} has the exception. */
        FAILED,
        /** Ended by a cancellation (of the task, its group or an enclosing scope). */
        CANCELLED;

        /** Whether this is a final state. */
        public boolean isDone() {
            return ordinal() >= FINISHED.ordinal();
        }
    }

    final Task task;

    TaskHandle(Task task) {
        this.task = task;
    }

    /** The task's id, as in {@link TaskInfo#id()}. */
    public long id() {
        return task.id;
    }

    /** The task's name. */
    public String name() {
        return task.name();
    }

    /** The task's current status. */
    public Status status() {
        return task.status();
    }

    /**
     * The value the task returned.
     *
     * @throws TaskNotFinished if it has not finished
     * @throws TaskCancelled if it was cancelled (or a cancellation was requested)
     * @throws TaskFailed if it failed; the cause is its exception
     */
    @SuppressWarnings("unchecked")
    public T result() {
        return switch (task.status()) {
            case FINISHED -> (T) task.result();
            case FAILED ->
                    throw new TaskFailed(
                            "task '" + name() + "' failed: " + task.failure(), task.failure());
            case CANCELLED, CANCELLING -> throw cancelled();
            case PENDING, RUNNING -> throw notFinished();
        };
    }

    /**
     * The exception the task failed with, or null if it returned normally.
     *
     * @throws TaskNotFinished if it has not finished
     * @throws TaskCancelled if it was cancelled (or a cancellation was requested)
     */
    public Throwable exception() {
        return switch (task.status()) {
            case FINISHED -> null;
            case FAILED -> task.failure();
            case CANCELLED, CANCELLING -> throw cancelled();
            case PENDING, RUNNING -> throw notFinished();
        };
    }

    private TaskCancelled cancelled() {
        return new TaskCancelled(
                "task '" + name() + "' was cancelled",
                task.status() == Status.CANCELLED ? task.failure() : null);
    }

    private TaskNotFinished notFinished() {
        return new TaskNotFinished("task '" + name() + "' has not finished");
    }

    /**
     * Cancels this task only, as if its code ran inside a scope of its own that was cancelled: the
     * task meets the cancellation at its next checkpoint (a task that has not started yet still
     * starts and meets it at its first), ends as {@link Status#CANCELLED}, and its group is not
     * affected. Does nothing once the task has finished. Not a checkpoint; callable from any
     * thread.
     */
    public void cancel() {
        cancel(null);
    }

    /** As {@link #cancel()}, with a reason for the {@link Cancelled} message. */
    public void cancel(String reason) {
        if (task.markCancelling()) {
            task.root.cancel(reason);
        }
    }

    /**
     * Waits for the task to finish and returns its result. A checkpoint, even when the task has
     * already finished. If this throws {@link Cancelled}, the calling task was cancelled and the
     * awaited task was not affected.
     *
     * @throws TaskCancelled if the task was cancelled
     * @throws TaskFailed if the task failed; the cause is its exception
     * @throws Cancelled if the calling task is cancelled before the task finishes
     */
    public T join() {
        task.join(Task.current());
        return result();
    }

    /**
     * The task's outcome as a {@link CompletableFuture}, for code outside Weft (or any thread): it
     * completes with the task's result when the task finishes, exceptionally with its exception
     * when it fails, and is cancelled (a {@link CancellationException} whose cause is the task's
     * {@link Cancelled}) when the task is cancelled. Cancelling the future ({@code cancel(true)} or
     * {@code cancel(false)}) cancels the task, as {@link #cancel()} does. Not a checkpoint;
     * callable from any thread; each call returns a new future.
     *
     * <p>The task holds each of its futures until the future completes: one cancelled or completed
     * by its holder is let go at once, however long the task runs; one that is still pending is
     * kept until the task ends even if nothing else refers to it, so that the stages that depend on
     * it still run.
     *
     * <p>Pitfall: dependent stages added without an executor ({@code thenApply}, {@code
     * whenComplete}, ...) run in the thread that completes the future, here the task's own thread
     * as it ends; a slow or blocking one delays the task's group. Use the {@code ...Async} variants
     * for those.
     */
    public CompletableFuture<T> toCompletableFuture() {
        TaskFuture<T> f = new TaskFuture<>(this);
        Runnable forget = task.whenDone(f::taskEnded);
        // A future completed by other means (cancelled, completed by its holder, timed out) needs
        // the task's end no more: without this, a long task would keep every such future, and
        // what depends on it, until it ends. One still pending must stay queued even if its holder
        // dropped it: stages that depend on it are only reachable through it, and must still run.
        f.whenComplete((v, e) -> forget.run());
        return f;
    }

    /** The future of {@link #toCompletableFuture()}: cancelling it cancels the task. */
    private static final class TaskFuture<T> extends CompletableFuture<T> {
        private final TaskHandle<T> handle;

        TaskFuture(TaskHandle<T> handle) {
            this.handle = handle;
        }

        @SuppressWarnings("unchecked")
        void taskEnded() {
            Task t = handle.task;
            switch (t.status()) {
                case FINISHED -> complete((T) t.result());
                case FAILED -> completeExceptionally(t.failure());
                default -> {
                    CancellationException e =
                            new CancellationException("task '" + handle.name() + "' was cancelled");
                    e.initCause(t.failure());
                    completeExceptionally(e);
                }
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            handle.cancel("its CompletableFuture was cancelled");
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>(); // dependents are plain futures
        }
    }

    /** A snapshot of the task's identity. */
    public TaskInfo info() {
        return new TaskInfo(task);
    }

    @Override
    public String toString() {
        return "TaskHandle["
                + status().name().toLowerCase()
                + " id="
                + id()
                + " name='"
                + name()
                + "']";
    }
}
