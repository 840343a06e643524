package io.weft.thread;

import io.weft.CheckedCallable;
import io.weft.CheckedRunnable;
import io.weft.EndOfStream;
import io.weft.RunOptions;
import io.weft.RuntimeToken;
import io.weft.TaskGroup;
import io.weft.TaskStartCallable;
import io.weft.TaskStartFunction;
import io.weft.TaskStatus;
import io.weft.Weft;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.stream.MemoryObjectStream;
import io.weft.sync.Event;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A way for plain threads to run code in a Weft runtime and wait for it (AnyIO's {@code
 * BlockingPortal}): each request becomes a task of the portal's task group.
 *
 * <pre>{@code
 * try (BlockingPortal portal = BlockingPortal.start()) {       // a runtime in a new thread
 *     int n = portal.call(() -> fetchCount());                  // runs as a Weft task; waits
 *     CompletableFuture<String> f = portal.startTaskSoon(() -> slowLookup());
 *     f.cancel(true);                                           // cancels that task
 * }                                                             // waits for the rest, then ends
 * }</pre>
 *
 * <p><b>Getting one.</b> {@link #start()} starts a runtime in a new thread and serves requests in
 * it until {@link #close()}; {@link #run(Body)} opens a portal inside the calling task's runtime
 * for the length of a body, so that threads the body hands it to can reach the runtime.
 *
 * <p><b>Requests.</b> {@link #call} runs a function as a task and blocks until it has ended; {@link
 * #startTaskSoon} returns a {@link CompletableFuture} at once (cancelling it cancels the task; the
 * task's failure completes it exceptionally); {@link #startTask} waits until the task calls {@code
 * started}; {@link #withResource} lends a Weft-managed resource (a task group, a lock held by a
 * task) to the calling thread. Tasks run in the portal's group: one task's failure completes its
 * own future and does not affect the others.
 *
 * <p><b>Stopping.</b> {@link #stop(boolean)}: no new request is accepted; with {@code
 * cancelRemaining} the running tasks are cancelled (their futures are cancelled), otherwise the
 * portal waits for them. Requests made after the stop throw {@link IllegalStateException}.
 *
 * <p><b>Threads.</b> Every method may be called from any thread except the tasks of the portal's
 * own runtime (they would block a task on itself; call the code directly there), which get an
 * {@link IllegalStateException}; {@code stop} and {@code close} may be called from there too.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>{@code close()} waits for the tasks still running; call {@code stop(true)} first to cancel
 *       them instead.
 *   <li>The calling thread blocks outside Weft; an interrupt does not end {@code call}'s wait (use
 *       {@code startTaskSoon} and cancel the future to give up on a task).
 * </ul>
 */
public final class BlockingPortal implements AutoCloseable {
    static final String OPTIONS_IS_NULL =
            "options is null: pass RunOptions.defaults() for a runtime with the default options";

    static final String THREAD_NAME_IS_NULL =
            "threadName is null: pass a name for the portal's thread, such as \"weft-portal\" (the"
                    + " default)";

    /**
     * The body of {@link #run(Body)}: code in a Weft task that hands the portal to other threads.
     *
     * @param <T> the body's result
     * @param <X> what the body may throw
     */
    @FunctionalInterface
    public interface Body<T, X extends Throwable> {
        /** Runs with {@code portal} open. */
        T run(BlockingPortal portal) throws X;
    }

    /**
     * A resource that a Weft task can lend to a body, such as {@code use -> TaskGroup.run(tg ->
     * use.accept(tg))}: it calls {@code use} once with the resource and returns after {@code use}
     * returned (AnyIO's async context manager).
     *
     * @param <R> the resource type
     */
    @FunctionalInterface
    public interface Resource<R> {
        /** Opens the resource, lends it to {@code use}, and closes it. Runs in a Weft task. */
        void open(Consumer<R> use) throws Exception;
    }

    /**
     * The code that {@link #withResource} runs in the calling thread with the resource.
     *
     * @param <R> the resource type
     * @param <T> the result
     * @param <X> what the code may throw
     */
    @FunctionalInterface
    public interface ResourceBody<R, T, X extends Throwable> {
        /** Uses {@code resource} and returns a result. */
        T apply(R resource) throws X;
    }

    private final MemoryObjectStream<PortalTask<?>> requests = MemoryObjectStream.unbounded();
    private final CompletableFuture<Void> served = new CompletableFuture<>(); // all tasks ended
    private final Thread ownThread; // the thread of a started portal; null for run(body)
    private volatile TaskGroup group;
    private volatile RuntimeToken token;
    private volatile boolean stopped;

    private BlockingPortal(Thread ownThread) {
        this.ownThread = ownThread;
    }

    // ---------------------------------------------------------------- getting a portal

    /** Starts a portal on a new runtime with {@link RunOptions#defaults()}; see below. */
    public static BlockingPortal start() {
        return start(RunOptions.defaults());
    }

    /** Starts a portal on a new runtime with {@code options}, in a thread named "weft-portal". */
    public static BlockingPortal start(RunOptions options) {
        return start(options, "weft-portal");
    }

    /**
     * Starts a new runtime with {@code options} in a new daemon thread named {@code threadName},
     * opens a portal in it, and returns the portal once it serves requests (AnyIO's {@code
     * start_blocking_portal}). {@link #close()} stops it and waits for the thread to end.
     *
     * @throws IllegalStateException if called from a Weft task (use {@link #run(Body)} there)
     */
    public static BlockingPortal start(RunOptions options, String threadName) {
        Objects.requireNonNull(options, OPTIONS_IS_NULL);
        Objects.requireNonNull(threadName, THREAD_NAME_IS_NULL);
        if (Task.currentOrNull() != null) {
            throw new IllegalStateException(
                    "BlockingPortal.start was called from a Weft task; open a portal in this"
                            + " runtime with BlockingPortal.run(portal -> ...) instead");
        }
        CompletableFuture<BlockingPortal> ready = new CompletableFuture<>();
        Thread thread =
                Thread.ofPlatform()
                        .daemon()
                        .name(threadName)
                        .unstarted(() -> {
                            BlockingPortal portal = new BlockingPortal(Thread.currentThread());
                            try {
                                Weft.run(options, () -> portal.serve(ready::complete));
                            } catch (Throwable e) {
                                ready.completeExceptionally(e);
                                portal.served.completeExceptionally(e);
                            }
                        });
        thread.start();
        return join(ready);
    }

    /**
     * Opens a portal in the calling task's runtime, runs {@code body} with it, and then stops it:
     * waiting for its tasks if the body returned, cancelling them if it threw. Returns the body's
     * result or throws what it threw.
     *
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public static <T, X extends Throwable> T run(Body<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        Task.current();
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        TaskGroup.run(tg -> {
            BlockingPortal portal =
                    tg.start((TaskStatus<BlockingPortal> status) ->
                            new BlockingPortal(null).serve(status::started));
            try {
                result.set(body.run(portal));
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                portal.stop(failure.get() != null);
            }
        });
        if (failure.get() != null) {
            throw Secrets.sneakyThrow(failure.get());
        }
        return result.get();
    }

    /** The server: a task group whose host starts each request as a task, until the stop. */
    private void serve(Consumer<BlockingPortal> ready) {
        try {
            TaskGroup.run(tg -> {
                group = tg;
                token = Weft.currentToken();
                ready.accept(this);
                var rx = requests.receiveStream();
                for (; ; ) {
                    PortalTask<?> r;
                    try {
                        r = rx.receive();
                    } catch (EndOfStream end) {
                        break; // stopped: the tasks started so far run on
                    }
                    r.startIn(tg);
                }
            });
        } finally {
            drainUnstarted();
            served.complete(null);
        }
    }

    /** Cancels the futures of requests queued but never started (the portal was cancelled). */
    private void drainUnstarted() {
        requests.sendStream().close();
        var rx = requests.receiveStream();
        try {
            for (; ; ) {
                rx.receiveNowait().abandon();
            }
        } catch (RuntimeException noneLeft) {
            // WouldBlock or EndOfStream: nothing is queued any more (the send side is closed)
        }
        rx.close();
    }

    // ---------------------------------------------------------------- requests

    /**
     * Runs {@code fn} as a task of the portal and blocks until it has ended; returns its result or
     * throws its exception (unwrapped).
     *
     * @throws CancellationException if the task was cancelled (the portal stopped with {@code
     *     cancelRemaining})
     * @throws IllegalStateException if the portal is stopped, or the caller is a task of the
     *     portal's runtime
     */
    public <T, X extends Throwable> T call(CheckedCallable<T, X> fn) throws X {
        return join(startTaskSoon(fn));
    }

    /**
     * As {@link #call(CheckedCallable)}, for code that returns nothing ({@code portal.call(() ->
     * log.info("..."))}).
     *
     * @throws CancellationException if the task was cancelled (the portal stopped with {@code
     *     cancelRemaining})
     * @throws IllegalStateException if the portal is stopped, or the caller is a task of the
     *     portal's runtime
     */
    public <X extends Throwable> void call(CheckedRunnable<X> fn) throws X {
        join(startTaskSoon(fn));
    }

    /** As {@link #startTaskSoon(String, CheckedCallable)}, naming the task after {@code fn}. */
    public <T> CompletableFuture<T> startTaskSoon(CheckedCallable<T, ?> fn) {
        return startTaskSoon(null, fn);
    }

    /**
     * Starts {@code fn} as a task of the portal named {@code name} and returns its future at once:
     * completed with the task's result, completed exceptionally with its exception, cancelled if
     * the task was cancelled. Cancelling the future cancels the task's scope; {@code fn} then meets
     * the cancellation at its next checkpoint.
     *
     * @throws IllegalStateException if the portal is stopped, or the caller is a task of the
     *     portal's runtime
     */
    public <T> CompletableFuture<T> startTaskSoon(String name, CheckedCallable<T, ?> fn) {
        Objects.requireNonNull(fn, "fn");
        PortalTask<T> t = PortalTask.of(name, fn);
        submit(t);
        return t.future;
    }

    /** As {@link #startTaskSoon(String, CheckedRunnable)}, naming the task after {@code fn}. */
    public CompletableFuture<Void> startTaskSoon(CheckedRunnable<?> fn) {
        return startTaskSoon(null, fn);
    }

    /**
     * As {@link #startTaskSoon(String, CheckedCallable)}, for code that returns nothing: the future
     * completes with null when {@code fn} has returned.
     *
     * @throws IllegalStateException if the portal is stopped, or the caller is a task of the
     *     portal's runtime
     */
    public CompletableFuture<Void> startTaskSoon(String name, CheckedRunnable<?> fn) {
        Objects.requireNonNull(fn, "fn");
        PortalTask<Void> t = PortalTask.of(name, fn);
        submit(t);
        return t.future;
    }

    /** As {@link #startTask(String, TaskStartFunction)}, naming the task after {@code fn}. */
    public <S> StartedTask<S, Void> startTask(TaskStartFunction<S> fn) {
        return startTask(null, fn);
    }

    /**
     * Starts {@code fn} as a task of the portal and waits until it calls {@code
     * status.started(value)}; returns its future and that value. The future completes with null
     * when the task returns.
     *
     * @throws IllegalStateException if {@code fn} returns without calling {@code started}, the
     *     portal is stopped, or the caller is a task of the portal's runtime
     * @throws CancellationException if the task was cancelled before it started
     */
    public <S> StartedTask<S, Void> startTask(String name, TaskStartFunction<S> fn) {
        Objects.requireNonNull(fn, "fn");
        return started(
                name,
                fn,
                status -> {
                    fn.run(status);
                    return null;
                });
    }

    /**
     * As {@link #startTaskForResult(String, TaskStartCallable)}, naming the task after {@code fn}.
     */
    public <S, T> StartedTask<S, T> startTaskForResult(TaskStartCallable<S, T> fn) {
        return startTaskForResult(null, fn);
    }

    /**
     * As {@link #startTask(String, TaskStartFunction)}, for a task that returns a result: the
     * future completes with it (AnyIO's {@code start_task}, whose future has the return value).
     *
     * @throws IllegalStateException if {@code fn} returns without calling {@code started}, the
     *     portal is stopped, or the caller is a task of the portal's runtime
     * @throws CancellationException if the task was cancelled before it started
     */
    public <S, T> StartedTask<S, T> startTaskForResult(String name, TaskStartCallable<S, T> fn) {
        Objects.requireNonNull(fn, "fn");
        return started(name, fn, fn::call);
    }

    private <S, T> StartedTask<S, T> started(
            String name, Object nameSource, TaskStartCallable<S, T> fn) {
        CompletableFuture<S> startValue = new CompletableFuture<>();
        TaskStatus<S> status =
                new TaskStatus<>() {
                    @Override
                    public void started(S value) {
                        if (!startValue.complete(value)) {
                            throw new IllegalStateException("started() was already called");
                        }
                    }

                    @Override
                    public void started() {
                        started(null);
                    }
                };
        PortalTask<T> t =
                PortalTask.of(
                        name != null ? name : Task.defaultName(nameSource),
                        () -> {
                            T value = fn.call(status);
                            if (!startValue.isDone()) {
                                throw new IllegalStateException(
                                        "the task returned without calling started()");
                            }
                            return value;
                        });
        t.future.whenComplete((v, e) -> {
            if (e != null) {
                startValue.completeExceptionally(e);
            }
        });
        submit(t);
        return new StartedTask<>(t.future, join(startValue));
    }

    /**
     * Opens {@code resource} in a task of the portal, runs {@code body} with it in the calling
     * thread, and closes it in that task again (AnyIO's {@code wrap_async_context_manager}). If
     * {@code body} throws, its exception is rethrown inside the task, where the resource sees it (a
     * task group, say, cancels its tasks and reports it in its {@code ExceptionGroup}); then
     * whatever the task ends with is thrown here. If the resource swallows it, this returns null.
     *
     * @throws IllegalStateException if the portal is stopped, the resource never lent itself, or
     *     the caller is a task of the portal's runtime
     */
    public <R, T, X extends Throwable> T withResource(
            Resource<R> resource, ResourceBody<R, T, X> body) throws X {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(body, "body");
        CompletableFuture<R> lent = new CompletableFuture<>();
        Event bodyDone = new Event();
        AtomicReference<Throwable> bodyFailure = new AtomicReference<>();
        CompletableFuture<Void> task =
                startTaskSoon(
                        "BlockingPortal.withResource",
                        () -> {
                            resource.open(r -> {
                                lent.complete(r);
                                bodyDone.await();
                                Throwable e = bodyFailure.get();
                                if (e != null) {
                                    throw Secrets.sneakyThrow(e);
                                }
                            });
                            return null;
                        });
        task.whenComplete((v, e) ->
                lent.completeExceptionally(
                        e != null
                                ? e
                                : new IllegalStateException(
                                        "the resource returned without lending itself")));
        R r = join(lent);
        T value = null;
        try {
            value = body.apply(r);
        } catch (Throwable e) {
            bodyFailure.set(e);
        }
        bodyDone.set();
        join(task);
        return value;
    }

    private void submit(PortalTask<?> t) {
        checkCaller("this BlockingPortal method");
        if (stopped) {
            throw new IllegalStateException("this BlockingPortal is not running (it was stopped)");
        }
        try {
            requests.sendStream().sendNowait(t);
        } catch (RuntimeException closed) {
            throw new IllegalStateException(
                    "this BlockingPortal is not running (it was stopped)", closed);
        }
    }

    private void checkCaller(String what) {
        Task t = Task.currentOrNull();
        RuntimeToken tk = token;
        if (t != null && tk != null && Secrets.runtimeOf(tk) == t.runtime) {
            throw new IllegalStateException(
                    what
                            + " was called from "
                            + t
                            + " of the portal's own runtime; call the code directly");
        }
    }

    // ---------------------------------------------------------------- stopping

    /**
     * Stops accepting requests; with {@code cancelRemaining}, cancels the tasks still running (and
     * their futures). Called from outside the portal's runtime, waits until every task of the
     * portal has ended; called from inside it, returns at once. Idempotent.
     */
    public void stop(boolean cancelRemaining) {
        stopped = true;
        requests.sendStream().close();
        if (cancelRemaining) {
            group.cancel("the BlockingPortal was stopped");
        }
        Task t = Task.currentOrNull();
        if (t == null || Secrets.runtimeOf(token) != t.runtime) {
            try {
                served.join();
            } catch (CompletionException | CancellationException e) {
                // the runtime failed; close() reports it
            }
        }
    }

    /** Whether the portal accepts requests (a snapshot). */
    public boolean isRunning() {
        return !stopped;
    }

    /**
     * A token for the portal's runtime (for {@link FromThread#run(RuntimeToken, CheckedCallable)}).
     */
    public RuntimeToken token() {
        return token;
    }

    /**
     * Stops the portal, waiting for its tasks ({@code stop(false)}), and for a portal made by
     * {@link #start()} waits for its thread to end.
     */
    @Override
    public void close() {
        stop(false);
        if (ownThread != null && ownThread != Thread.currentThread()) {
            boolean interrupted = false;
            while (ownThread.isAlive()) {
                try {
                    ownThread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "BlockingPortal[" + (stopped ? "stopped" : "running") + "]";
    }

    /** Waits for {@code f} (not interruptibly) and returns its value or throws its cause. */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw Secrets.sneakyThrow(e.getCause() != null ? e.getCause() : e);
        }
    }
}
