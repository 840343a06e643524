package io.weft;

import io.weft.internal.GroupScope;
import io.weft.internal.Task;
import io.weft.internal.TaskBody;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Runs tasks concurrently and does not return until all of them have finished (a Trio nursery,
 * AnyIO's task group).
 *
 * <pre>{@code
 * TaskGroup.run(tg -> {
 *     tg.startSoon(() -> download("a"));
 *     tg.startSoon(() -> download("b"));
 * });                                   // both downloads have finished here
 * }</pre>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>The body runs in the calling task, the <em>host</em>. Tasks started with {@link #startSoon}
 *       run concurrently, each on its own thread, inside the group's cancel scope.
 *   <li>The group never abandons a task: {@code run} returns (or throws) only after every task has
 *       finished and its thread has ended.
 *   <li>If the body or any task throws, the group's scope is cancelled (so every other task and the
 *       body are cancelled), and once all have finished the group throws one {@link ExceptionGroup}
 *       with every failure, in the order they happened, even when there is only one. Cancellations
 *       are not failures and are never members.
 *   <li>If nothing failed but the body or a task was ended by an enclosing scope's cancellation, or
 *       the host had to wait for tasks while it was cancelled, the group throws a single {@link
 *       Cancelled}, for the enclosing scope to swallow.
 *   <li>Leaving the group lets other tasks run. It is a cancel point only when the host has to wait
 *       for tasks: a group whose tasks have all ended normally (or that had none) returns normally
 *       even inside a cancelled scope, and the cancellation hits at the next checkpoint (Trio's
 *       rule, AnyIO's since 4.1).
 *   <li>A task started into a group whose scope is already cancelled still starts and meets the
 *       cancellation at its first checkpoint, so it can clean up.
 * </ul>
 *
 * <p>Any task of the same runtime may start tasks into the group while it is running, including its
 * own tasks and the host while it waits at the end. Starting a task after the group has exited
 * throws {@link IllegalStateException}.
 */
public final class TaskGroup {
    private final GroupScope scope;
    private final CancelScope cancelScope;
    private volatile TaskGroupExecutor executor;

    private TaskGroup(GroupScope scope) {
        this.scope = scope;
        this.cancelScope = new CancelScope(scope);
    }

    /**
     * Runs {@code body} with a new task group and waits for all its tasks.
     *
     * @throws ExceptionGroup if the body or any task failed
     * @throws Cancelled if an enclosing scope was cancelled (and nothing failed)
     * @throws NoRuntimeError if called outside a Weft task
     */
    public static void run(TaskGroupBody body) {
        Objects.requireNonNull(body, "body");
        GroupScope g = new GroupScope(Task.current());
        TaskGroup tg = new TaskGroup(g);
        g.run(() -> {
            body.run(tg);
            return null;
        });
    }

    /**
     * As {@link #run}, for a body with a result: returns the body's value once every task has
     * finished.
     */
    @SuppressWarnings("unchecked")
    public static <T> T call(TaskGroupFunction<T> body) {
        Objects.requireNonNull(body, "body");
        GroupScope g = new GroupScope(Task.current());
        TaskGroup tg = new TaskGroup(g);
        return (T) g.run(() -> body.apply(tg));
    }

    /**
     * Starts {@code fn} in a new task of this group and returns at once. The task is named after
     * {@code fn}'s class. Not a checkpoint.
     *
     * @throws IllegalStateException if the group has exited, or the caller is a task of another
     *     runtime
     */
    public <T> TaskHandle<T> startSoon(CheckedCallable<? extends T, ?> fn) {
        Objects.requireNonNull(fn, "fn");
        return spawn(null, fn, fn);
    }

    /** As {@link #startSoon(CheckedCallable)}, for code without a result. */
    public TaskHandle<Void> startSoon(CheckedRunnable<?> fn) {
        Objects.requireNonNull(fn, "fn");
        return spawn(null, fn, asBody(fn));
    }

    /**
     * As {@link #startSoon(CheckedCallable)}, naming the task {@code name} (null: the default
     * name).
     */
    public <T> TaskHandle<T> startSoon(String name, CheckedCallable<? extends T, ?> fn) {
        Objects.requireNonNull(fn, "fn");
        return spawn(name, fn, fn);
    }

    /**
     * As {@link #startSoon(CheckedRunnable)}, naming the task {@code name} (null: the default
     * name).
     */
    public TaskHandle<Void> startSoon(String name, CheckedRunnable<?> fn) {
        Objects.requireNonNull(fn, "fn");
        return spawn(name, fn, asBody(fn));
    }

    /**
     * What a task runs for {@code fn}: {@code fn} itself (the task calls {@code run()} on it), or,
     * if {@code fn} is also a {@code CheckedCallable} (the task would call {@code call()}), an
     * adapter to its {@code run()}.
     */
    private static Object asBody(CheckedRunnable<?> fn) {
        if (fn instanceof CheckedCallable<?, ?>) {
            return (TaskBody)
                    () -> {
                        fn.run();
                        return null;
                    };
        }
        return fn;
    }

    /** {@code body}: a {@code TaskBody}, {@code CheckedCallable} or {@code CheckedRunnable}. */
    private <T> TaskHandle<T> spawn(String name, Object fn, Object body) {
        Task caller = checkCaller();
        return new TaskHandle<>(scope.spawn(caller, name, fn, body));
    }

    private Task checkCaller() {
        Task caller = Task.current();
        if (caller.runtime != scope.host.runtime) {
            throw new IllegalStateException(
                    "this task group belongs to another Weft runtime than the calling task");
        }
        return caller;
    }

    /**
     * Starts {@code fn} in a new task and waits until it calls {@code status.started(value)};
     * returns that value. A checkpoint.
     *
     * <p>Until it calls {@code started}, the task runs under the caller's cancel scope: if the
     * caller is cancelled, so is the task, and {@code start} waits for it to end (or to call {@code
     * started}) and then throws the {@link Cancelled}. An exception the task throws before {@code
     * started} is thrown from here, unwrapped, and does not affect the group. After {@code started}
     * the task belongs to this group like any other.
     *
     * @throws IllegalStateException if the task returns without calling {@code started}, or the
     *     group has exited
     * @throws Cancelled if the caller is cancelled before the task called {@code started}
     */
    public <S> S start(TaskStartFunction<S> fn) {
        return startWithHandle(fn).startValue();
    }

    /**
     * As {@link #start(TaskStartFunction)}, naming the task {@code name} (null: the default name).
     */
    public <S> S start(String name, TaskStartFunction<S> fn) {
        return startWithHandle(name, fn).startValue();
    }

    /**
     * As {@link #start(TaskStartFunction)}, returning a handle to the task, whose {@link
     * StartedTaskHandle#startValue()} is the start value. The task returns nothing: for a task that
     * returns a result, use {@link #startForResult(TaskStartCallable)}.
     */
    public <S> StartedTaskHandle<S, Void> startWithHandle(TaskStartFunction<S> fn) {
        return startTask(null, fn, startBody(fn));
    }

    /**
     * As {@link #startWithHandle(TaskStartFunction)}, naming the task {@code name} (null: the
     * default name).
     */
    public <S> StartedTaskHandle<S, Void> startWithHandle(String name, TaskStartFunction<S> fn) {
        return startTask(name, fn, startBody(fn));
    }

    /**
     * As {@link #startWithHandle(TaskStartFunction)}, for a task that returns a result: the
     * handle's {@link TaskHandle#join()} and {@link TaskHandle#result()} give it, and {@link
     * StartedTaskHandle#startValue()} the start value. A checkpoint; the rules of {@link
     * #start(TaskStartFunction)} apply.
     *
     * <pre>{@code
     * StartedTaskHandle<Integer, Long> server = tg.startForResult(status -> {
     *     status.started(listener.localPort());
     *     return serve(listener);            // the number of connections served
     * });
     * int port = server.startValue();
     * }</pre>
     *
     * <p>It has its own name because a one-parameter lambda such as {@code status -> serve(status)}
     * cannot tell Java whether it returns a value: overloading {@code startWithHandle} would make
     * that call ambiguous.
     *
     * @throws IllegalStateException if the task returns without calling {@code started}, or the
     *     group has exited
     * @throws Cancelled if the caller is cancelled before the task called {@code started}
     */
    public <S, T> StartedTaskHandle<S, T> startForResult(TaskStartCallable<S, T> fn) {
        return startTask(null, fn, callBody(fn));
    }

    /**
     * As {@link #startForResult(TaskStartCallable)}, naming the task {@code name} (null: the
     * default name).
     */
    public <S, T> StartedTaskHandle<S, T> startForResult(String name, TaskStartCallable<S, T> fn) {
        return startTask(name, fn, callBody(fn));
    }

    @SuppressWarnings("unchecked")
    private static <S> GroupScope.StartBody startBody(TaskStartFunction<S> fn) {
        Objects.requireNonNull(fn, "fn");
        return status -> {
            fn.run((TaskStatus<S>) status);
            return null;
        };
    }

    @SuppressWarnings("unchecked")
    private static <S> GroupScope.StartBody callBody(TaskStartCallable<S, ?> fn) {
        Objects.requireNonNull(fn, "fn");
        return status -> fn.call((TaskStatus<S>) status);
    }

    private <S, T> StartedTaskHandle<S, T> startTask(
            String name, Object fn, GroupScope.StartBody body) {
        Task caller = checkCaller();
        return new StartedTaskHandle<>(scope.start(caller, name, fn, body));
    }

    /** Cancels the group's scope: the body and every task. See {@link CancelScope#cancel()}. */
    public void cancel() {
        scope.cancel(null);
    }

    /** As {@link #cancel()}, with a reason for the {@link Cancelled} message. */
    public void cancel(String reason) {
        scope.cancel(reason);
    }

    /** The group's cancel scope: the scope every task of the group (and the body) runs in. */
    public CancelScope cancelScope() {
        return cancelScope;
    }

    /**
     * An {@link ExecutorService} whose tasks are tasks of this group, so that code written against
     * executors becomes structured: {@code submit}, {@code execute} and {@code invokeAll} start
     * tasks in the group (from any thread: a thread outside the runtime goes through a system task
     * of it), and the group does not end before they have. Their futures' {@code cancel} cancels
     * the task; their {@code get} is a Weft wait when called from a task (cancellable, and safe on
     * the SERIAL backend), a blocking wait elsewhere. {@code shutdown} refuses further tasks;
     * {@code shutdownNow} also cancels the group's scope (the body and every task, not only those
     * submitted through the executor). Once the group has exited, submissions throw {@link
     * java.util.concurrent.RejectedExecutionException}.
     *
     * <pre>{@code
     * TaskGroup.run(tg -> {
     *     ExecutorService pool = tg.asExecutor();
     *     List<Future<Integer>> all = pool.invokeAll(List.of(() -> fetch(1), () -> fetch(2)));
     * });
     * }</pre>
     *
     * <p>Failures follow the executor contract: a task started with {@code submit} or {@code
     * invokeAll} reports its exception through its future ({@link
     * java.util.concurrent.ExecutionException}) and does not fail the group; a plain {@code
     * execute(Runnable)}, which has no future, fails the group as any task does.
     *
     * <p>Pitfall: a submitted task's failure that no one reads from its future is lost, as with any
     * executor. Prefer {@link #startSoon} where you can.
     */
    public ExecutorService asExecutor() {
        TaskGroupExecutor e = executor;
        if (e == null) {
            synchronized (this) {
                e = executor;
                if (e == null) {
                    executor = e = new TaskGroupExecutor(this, scope.host.runtime);
                }
            }
        }
        return e;
    }
}
