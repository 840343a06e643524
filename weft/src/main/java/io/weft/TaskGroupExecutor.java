package io.weft;

import io.weft.internal.Latch;
import io.weft.internal.Task;
import io.weft.internal.WeftRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link java.util.concurrent.ExecutorService} view of a task group ({@link
 * TaskGroup#asExecutor()}): every submitted task is a task of the group.
 *
 * <p><b>Algorithm.</b> Each submission is wrapped in a {@link GroupFuture}, started with {@code
 * startSoon} (from a task of the group's runtime directly, from any other thread through a system
 * task of that runtime), and counted in {@code running} until its task has ended. A future's
 * outcome is written once, under its monitor, by the task or by {@code cancel}; then it opens a
 * Weft latch (for waiting tasks) and a JDK latch (for waiting threads), so {@code get} is a Weft
 * wait in a task, and a plain blocking wait elsewhere. {@code shutdown} only refuses further
 * submissions; {@code shutdownNow} cancels the group's scope, as {@link TaskGroup#cancel()} does.
 *
 * <p><b>Termination.</b> Terminated means shut down with {@code running} at zero. A submission
 * counts itself before it reads {@code shutdown}, and {@code shutdown} is written before {@code
 * running} is read, so either the submission sees the shutdown (and is refused) or the shutdown
 * sees it counted. Whoever sees both (the last task to end after the shutdown, or the shutdown with
 * nothing running) opens the termination latches that {@code awaitTermination} waits on; a task's
 * future completes before its task is counted out, so waiting for the futures alone would not do.
 */
final class TaskGroupExecutor extends AbstractExecutorService {
    private final TaskGroup group;
    private final WeftRuntime runtime;
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean shutdown;
    private final Latch terminatedForTasks = new Latch();
    private final CountDownLatch terminatedForThreads = new CountDownLatch(1);

    TaskGroupExecutor(TaskGroup group, WeftRuntime runtime) {
        this.group = group;
        this.runtime = runtime;
    }

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        // A plain Runnable has no future to report a failure to: it fails the group instead, as
        // an executor hands it to the uncaught-exception handler.
        GroupFuture<?> f =
                command instanceof GroupFuture<?> g ? g : new GroupFuture<>(command, null, true);
        running.incrementAndGet(); // before reading shutdown: see the class comment
        if (shutdown) {
            ended();
            throw new RejectedExecutionException("the task group's executor has been shut down");
        }
        try {
            Task caller = Task.currentOrNull();
            if (caller != null && caller.runtime == runtime) {
                f.started(group.startSoon(Task.defaultName(f.body()), f::run));
            } else {
                runtime.callInSystemTask(
                        "TaskGroup executor submission",
                        () -> {
                            f.started(group.startSoon(Task.defaultName(f.body()), f::run));
                            return null;
                        });
            }
        } catch (Throwable e) {
            ended();
            f.cancel(false);
            throw new RejectedExecutionException(
                    "the task group no longer accepts tasks: " + e.getMessage(), e);
        }
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new GroupFuture<>(callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new GroupFuture<>(runnable, value, false);
    }

    @Override
    public void shutdown() {
        shutdown = true;
        if (running.get() == 0) {
            terminate();
        }
    }

    /** Refuses further tasks and cancels the group's scope; returns an empty list. */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        group.cancelScope().cancel("shutdownNow() was called on the task group's executor");
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && running.get() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Task t = Task.currentOrNull();
        if (t != null) {
            Weft.moveOnAfter(
                    Duration.ofNanos(unit.toNanos(timeout)),
                    s -> terminatedForTasks.await(t, this));
        } else {
            terminatedForThreads.await(timeout, unit);
        }
        return isTerminated();
    }

    /** A counted submission's task has ended, or the submission was refused. */
    private void ended() {
        if (running.decrementAndGet() == 0 && shutdown) {
            terminate();
        }
    }

    private void terminate() {
        terminatedForTasks.open();
        terminatedForThreads.countDown();
    }

    /**
     * A submitted task's future. Cancelling it cancels the task (its handle's scope), and {@code
     * get} waits with a Weft wait when called from a task.
     */
    private final class GroupFuture<T> implements RunnableFuture<T> {
        private final Callable<T> callable;
        private final Object source; // what the user submitted, for the task's name
        private final Latch doneForTasks = new Latch();
        private final CountDownLatch doneForThreads = new CountDownLatch(1);
        private final boolean failsTheGroup; // a plain execute(Runnable): nobody reads a future
        private volatile TaskHandle<Void> handle;
        private boolean done; // guarded by this
        private boolean cancelled; // guarded by this
        private T value; // guarded by this
        private Throwable error; // guarded by this

        GroupFuture(Callable<T> callable) {
            this.callable = callable;
            this.source = callable;
            this.failsTheGroup = false;
        }

        GroupFuture(Runnable runnable, T result, boolean failsTheGroup) {
            this.callable =
                    () -> {
                        runnable.run();
                        return result;
                    };
            this.source = runnable;
            this.failsTheGroup = failsTheGroup;
        }

        /**
         * Records the task's handle. A {@code cancel} that came first (it read no handle) is passed
         * on now: cancel writes its outcome and then reads the handle, this writes the handle and
         * then reads the outcome, so one of the two sees the other.
         */
        void started(TaskHandle<Void> h) {
            handle = h;
            if (isCancelled()) {
                h.cancel("the task's Future was cancelled");
            }
        }

        Object body() {
            return source;
        }

        @Override
        public void run() {
            try {
                boolean skip;
                synchronized (this) {
                    skip = done; // cancelled before it started
                }
                if (!skip) {
                    T v = null;
                    Throwable e = null;
                    try {
                        v = callable.call();
                    } catch (Throwable t) {
                        e = t;
                    }
                    finish(v, e, false);
                    if (e instanceof Cancelled || (e != null && failsTheGroup)) {
                        // A cancellation goes on to the scope that caused it; a failure of a
                        // plain execute() fails the group.
                        throw io.weft.internal.Secrets.sneakyThrow(e);
                    }
                }
            } finally {
                ended();
            }
        }

        private boolean finish(T v, Throwable e, boolean byCancel) {
            synchronized (this) {
                if (done) {
                    return false;
                }
                done = true;
                cancelled = byCancel || e instanceof Cancelled;
                value = v;
                error = e;
            }
            doneForTasks.open();
            doneForThreads.countDown();
            return true;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (!finish(null, null, true)) {
                return false;
            }
            TaskHandle<Void> h = handle;
            if (h != null) {
                h.cancel("the task's Future was cancelled");
            }
            return true;
        }

        @Override
        public synchronized boolean isCancelled() {
            return cancelled;
        }

        @Override
        public synchronized boolean isDone() {
            return done;
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            Task t = Task.currentOrNull();
            if (t != null) {
                doneForTasks.await(t, this); // a Weft wait: cancellable, and fine on SERIAL
            } else {
                doneForThreads.await();
            }
            return outcome();
        }

        @Override
        public T get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            Task t = Task.currentOrNull();
            if (t != null) {
                Weft.moveOnAfter(
                        Duration.ofNanos(unit.toNanos(timeout)), s -> doneForTasks.await(t, this));
            } else {
                doneForThreads.await(timeout, unit);
            }
            if (!isDone()) {
                throw new TimeoutException("the task has not ended within " + timeout + " " + unit);
            }
            return outcome();
        }

        private synchronized T outcome() throws ExecutionException {
            if (cancelled) {
                throw new CancellationException("the task was cancelled");
            }
            if (error != null) {
                throw new ExecutionException(error);
            }
            return value;
        }

        @Override
        public String toString() {
            return "TaskGroup executor task " + source;
        }
    }
}
