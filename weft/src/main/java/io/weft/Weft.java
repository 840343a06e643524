package io.weft;

import io.weft.internal.Scope;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.internal.TaskBody;
import io.weft.internal.Timer;
import io.weft.internal.VirtualClock;
import io.weft.internal.Waiter;
import io.weft.internal.WeftRuntime;
import io.weft.internal.diag.TaskTree;
import io.weft.internal.diag.TaskTreeJson;
import io.weft.internal.diag.TaskTreeText;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * The entry point: running a Weft runtime, time, checkpoints, timeouts and introspection.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Weft.run(() -> {
 *         TaskGroup.run(tg -> {
 *             tg.startSoon(() -> fetch("a"));
 *             tg.startSoon(() -> fetch("b"));
 *         });
 *         CancelScope scope = Weft.moveOnAfter(Duration.ofSeconds(2), s -> Weft.sleepForever());
 *         System.out.println("timed out: " + scope.cancelledCaught());
 *     });
 * }
 * }</pre>
 *
 * <h2>Checkpoints</h2>
 *
 * A <em>checkpoint</em> is where cancellation is delivered: it throws {@link Cancelled} if the
 * calling task is inside a cancelled scope, before doing anything else. Every blocking Weft
 * operation is a checkpoint and can be cancelled while it waits. Each method says whether it is
 * one.
 *
 * <h2>Time</h2>
 *
 * Deadlines are {@code long} nanoseconds on the runtime's clock ({@link #now()}); {@code
 * Long.MAX_VALUE} means "no deadline". Delays are {@link Duration}s; a zero or negative delay means
 * "already expired" (as in AnyIO): a sleep returns after a checkpoint, a timeout scope is cancelled
 * at its first checkpoint. A delay too large to represent means "never". A test can run a runtime
 * on virtual time, which moves only when told to: {@link
 * RunOptions#clock(io.weft.testing.MockClock)}.
 *
 * <p>Every method except {@code run} must be called from a task of a running runtime and throws
 * {@link NoRuntimeError} otherwise.
 */
public final class Weft {
    private Weft() {}

    /** AnyIO takes None for "no time limit"; a Java caller may pass null meaning the same. */
    static final String NULL_DELAY =
            "delay is null: pass a Duration; for no time limit pass"
                    + " ChronoUnit.FOREVER.getDuration() (AnyIO's None), which never expires";

    // ---------------------------------------------------------------- running

    /**
     * Runs {@code body} as the root task of a new runtime with {@link RunOptions#defaults()} and
     * returns its result. See {@link #run(RunOptions, CheckedCallable)}.
     */
    public static <T, X extends Throwable> T run(CheckedCallable<T, X> body) throws X {
        return run(RunOptions.defaults(), body);
    }

    /** As {@link #run(CheckedCallable)}, for a body without a result. */
    public static <X extends Throwable> void run(CheckedRunnable<X> body) throws X {
        run(RunOptions.defaults(), body);
    }

    /**
     * Runs {@code body} as the root task of a new runtime and returns its result once it and
     * everything it started have finished. When this returns, no thread of the runtime is alive.
     *
     * <p>Whatever the body throws is rethrown unchanged. If the calling thread is interrupted, the
     * whole run is cancelled; this then throws the {@link Cancelled} and leaves the interrupt flag
     * set. Several runtimes may run in one JVM at once, from different threads.
     *
     * @throws X what the body throws
     * @throws IllegalStateException if called from a task of a runtime (use a {@link TaskGroup}),
     *     or if the options' {@link RunOptions#clock() clock} is in use by another running runtime
     */
    public static <T, X extends Throwable> T run(RunOptions options, CheckedCallable<T, X> body)
            throws X {
        Objects.requireNonNull(body, "body");
        return runRoot(options, body, body::call);
    }

    /** As {@link #run(RunOptions, CheckedCallable)}, for a body without a result. */
    public static <X extends Throwable> void run(RunOptions options, CheckedRunnable<X> body)
            throws X {
        Objects.requireNonNull(body, "body");
        Weft.<Void, X>runRoot(
                options,
                body,
                () -> {
                    body.run();
                    return null;
                });
    }

    @SuppressWarnings("unchecked")
    private static <T, X extends Throwable> T runRoot(
            RunOptions options, Object nameSource, TaskBody body) throws X {
        Objects.requireNonNull(
                options, "options is null: pass RunOptions.defaults(), or call Weft.run(body)");
        options.validate();
        VirtualClock clock =
                options.clock() == null ? null : Secrets.virtualClockOf(options.clock());
        Task root = WeftRuntime.run(options, clock, nameSource, body);
        if (root.status() == TaskHandle.Status.FINISHED) {
            return (T) root.result();
        }
        throw Secrets.<X>sneakyThrow(root.failure());
    }

    /** The backend of the current runtime. */
    public static Backend currentBackend() {
        return Task.current().runtime.backend;
    }

    // ---------------------------------------------------------------- time

    /**
     * The current time on the runtime's clock, in nanoseconds: the system's monotonic clock, or the
     * run's {@link io.weft.testing.MockClock}. Not a checkpoint.
     */
    public static long now() {
        return Task.current().runtime.timers.clock().now();
    }

    /**
     * Waits for {@code delay}. A checkpoint even for a zero or negative delay. If this throws
     * {@link Cancelled}, the sleep ended early.
     */
    public static void sleep(Duration delay) {
        Task t = Task.current();
        sleepUntil(t, TimeoutScopes.deadlineAfter(t, delay));
    }

    /**
     * Waits until the runtime clock reaches {@code deadline} ({@link #now()}-based); a deadline in
     * the past makes this a plain checkpoint. If this throws {@link Cancelled}, the sleep ended
     * early.
     */
    public static void sleepUntil(long deadline) {
        sleepUntil(Task.current(), deadline);
    }

    /** Waits until cancelled; it always ends by throwing {@link Cancelled}. */
    public static void sleepForever() {
        sleepUntil(Task.current(), Long.MAX_VALUE);
    }

    private static void sleepUntil(Task t, long deadline) {
        t.checkCancelled();
        if (deadline <= t.runtime.timers.clock().now()) {
            t.yieldPoint();
            return;
        }
        Waiter w = new Waiter(t, true);
        Timer timeout = null;
        if (deadline != Long.MAX_VALUE) {
            timeout = w.timeout();
            t.runtime.timers.schedule(timeout, deadline);
        }
        int outcome = w.await(null); // nothing to name: the dump's "in Weft.sleep" says it all
        if (outcome != Waiter.TIMED_OUT && timeout != null) {
            t.runtime.timers.cancel(timeout);
        }
        if (outcome == Waiter.CANCELLED) {
            throw t.cancelledNow();
        }
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Throws {@link Cancelled} if the calling task is inside a cancelled scope, then lets other
     * tasks run. On the parallel backends, where tasks already run in parallel, it yields the
     * thread only after the task has run for a time slice (about 1 ms) without blocking, so it is
     * cheap to call in a loop.
     */
    public static void checkpoint() {
        Task.current().checkpoint();
    }

    /** Throws {@link Cancelled} if the calling task is inside a cancelled scope; never yields. */
    public static void checkpointIfCancelled() {
        Task.current().checkCancelled();
    }

    /**
     * Closes {@code resource} inside an already-cancelled scope (AnyIO's {@code
     * aclose_forcefully}): whatever its {@code close()} would wait for (a TLS stream's goodbye to
     * its peer, say) is cut short at once, and the resource is closed anyway. Returns normally when
     * the close returned or was cut short by that cancellation; throws whatever else it threw.
     */
    public static void acloseForcefully(AutoCloseable resource) throws Exception {
        Objects.requireNonNull(resource, "resource");
        CancelScope scope = new CancelScope();
        scope.cancel("closing forcefully");
        scope.run(s -> resource.close());
    }

    /** Lets other tasks run, as {@link #checkpoint()} does, but never throws {@link Cancelled}. */
    public static void cancelShieldedCheckpoint() {
        Task.current().yieldPoint();
    }

    /**
     * The earliest deadline of the scopes enclosing the calling task, up to the first shield:
     * {@code Long.MIN_VALUE} if one of them is already cancelled, {@code Long.MAX_VALUE} if none
     * has a deadline. Not a checkpoint.
     */
    public static long currentEffectiveDeadline() {
        return Scope.effectiveDeadline(Task.current());
    }

    // ---------------------------------------------------------------- timeouts
    //
    // Each timeout takes its body in three shapes: a ScopeBody (s -> work(s)), a CheckedRunnable
    // (() -> work()) and, for failAfter/failAt, a CheckedCallable (() -> compute()) whose value it
    // returns. A one-parameter value form cannot be added: javac cannot tell `s -> work()` from
    // `s -> compute()` by their bodies, so the call would be ambiguous (ADR 0011).

    /**
     * Runs {@code body} in a new cancel scope with a deadline {@code delay} from now and returns
     * the scope; if the deadline passes, the body is cancelled and this returns normally ({@link
     * CancelScope#cancelledCaught()} tells). Whatever else the body throws propagates.
     *
     * <pre>{@code
     * CancelScope scope = Weft.moveOnAfter(Duration.ofSeconds(2), () -> poll(queue));
     * if (scope.cancelledCaught()) log("gave up polling");
     * }</pre>
     *
     * <p>Pitfall: a value the body computes is dropped; for a value with a time limit use {@link
     * #failAfter(Duration, CheckedCallable)}, or {@link CancelScope#call(CheckedCallable)} on a
     * scope with a {@link CancelScope#deadline(long) deadline}, which returns null when cut short.
     *
     * @throws X what the body throws
     * @throws Cancelled if an enclosing scope's cancellation ends the body
     */
    public static <X extends Throwable> CancelScope moveOnAfter(Duration delay, ScopeBody<X> body)
            throws X {
        CancelScope scope = TimeoutScopes.scope(delay, false, body);
        scope.run(body);
        return scope;
    }

    /** As {@link #moveOnAfter(Duration, ScopeBody)}, for a body that does not need the scope. */
    public static <X extends Throwable> CancelScope moveOnAfter(
            Duration delay, CheckedRunnable<X> body) throws X {
        CancelScope scope = TimeoutScopes.scope(delay, false, body);
        scope.run(body);
        return scope;
    }

    /**
     * As {@link #moveOnAfter(Duration, ScopeBody)}, with an absolute deadline on the runtime clock.
     */
    public static <X extends Throwable> CancelScope moveOnAt(long deadline, ScopeBody<X> body)
            throws X {
        CancelScope scope = TimeoutScopes.scope(deadline, false, body);
        scope.run(body);
        return scope;
    }

    /** As {@link #moveOnAt(long, ScopeBody)}, for a body that does not need the scope. */
    public static <X extends Throwable> CancelScope moveOnAt(long deadline, CheckedRunnable<X> body)
            throws X {
        CancelScope scope = TimeoutScopes.scope(deadline, false, body);
        scope.run(body);
        return scope;
    }

    /**
     * As {@link #moveOnAfter(Duration, ScopeBody)}, in a shielded scope: the body is protected from
     * enclosing cancellations but still bounded by {@code delay}. The idiom for cleanup that must
     * wait.
     */
    public static <X extends Throwable> CancelScope moveOnAfterShielded(
            Duration delay, ScopeBody<X> body) throws X {
        CancelScope scope = TimeoutScopes.scope(delay, true, body);
        scope.run(body);
        return scope;
    }

    /**
     * As {@link #moveOnAfterShielded(Duration, ScopeBody)}, for a body that does not need the
     * scope.
     */
    public static <X extends Throwable> CancelScope moveOnAfterShielded(
            Duration delay, CheckedRunnable<X> body) throws X {
        CancelScope scope = TimeoutScopes.scope(delay, true, body);
        scope.run(body);
        return scope;
    }

    /** As {@link #moveOnAt(long, ScopeBody)}, in a shielded scope. */
    public static <X extends Throwable> CancelScope moveOnAtShielded(
            long deadline, ScopeBody<X> body) throws X {
        CancelScope scope = TimeoutScopes.scope(deadline, true, body);
        scope.run(body);
        return scope;
    }

    /** As {@link #moveOnAtShielded(long, ScopeBody)}, for a body that does not need the scope. */
    public static <X extends Throwable> CancelScope moveOnAtShielded(
            long deadline, CheckedRunnable<X> body) throws X {
        CancelScope scope = TimeoutScopes.scope(deadline, true, body);
        scope.run(body);
        return scope;
    }

    /**
     * Runs {@code body} in a new cancel scope with a deadline {@code delay} from now and returns
     * its value; if the deadline passes first, the body is cancelled and this throws {@link
     * TimeoutException} (whose cause is the {@link Cancelled} the body got). The exception is
     * thrown only if this scope's own deadline ended the body: not when the scope was cancelled by
     * hand, and not when an enclosing scope's cancellation went through it.
     *
     * <pre>{@code
     * String page = Weft.failAfter(Duration.ofSeconds(5), () -> fetch(url));
     * Weft.failAfter(Duration.ofSeconds(5), () -> upload(page));      // a body without a value
     * }</pre>
     *
     * @throws TimeoutException if the deadline ended the body
     * @throws X what the body throws
     * @throws Cancelled if an enclosing scope's cancellation ends the body
     */
    public static <T, X extends Throwable> T failAfter(Duration delay, CheckedCallable<T, X> body)
            throws X, TimeoutException {
        return failAfter(delay, null, body);
    }

    /** As {@link #failAfter(Duration, CheckedCallable)}, for a body without a value. */
    public static <X extends Throwable> void failAfter(Duration delay, CheckedRunnable<X> body)
            throws X, TimeoutException {
        failAfter(delay, null, body);
    }

    /**
     * As {@link #failAfter(Duration, CheckedCallable)}, for a body that uses its scope (to move the
     * deadline, say) and has no value.
     *
     * <p>Pitfall: {@code s -> compute()} compiles here and drops the value; write {@code () ->
     * compute()} to get it.
     */
    public static <X extends Throwable> void failAfter(Duration delay, ScopeBody<X> body)
            throws X, TimeoutException {
        failAfter(delay, null, body);
    }

    /**
     * As {@link #failAfter(Duration, CheckedCallable)}; the exception's message is {@code reason}
     * (null: "deadline exceeded").
     */
    public static <T, X extends Throwable> T failAfter(
            Duration delay, String reason, CheckedCallable<T, X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(delay, false, body);
        T value = scope.call(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
        return value;
    }

    /** As {@link #failAfter(Duration, String, CheckedCallable)}, for a body without a value. */
    public static <X extends Throwable> void failAfter(
            Duration delay, String reason, CheckedRunnable<X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(delay, false, body);
        scope.run(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
    }

    /**
     * As {@link #failAfter(Duration, String, CheckedCallable)}, for a scope body without a value.
     */
    public static <X extends Throwable> void failAfter(
            Duration delay, String reason, ScopeBody<X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(delay, false, body);
        scope.run(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
    }

    /** As {@link #failAfter(Duration, CheckedCallable)}, with an absolute deadline. */
    public static <T, X extends Throwable> T failAt(long deadline, CheckedCallable<T, X> body)
            throws X, TimeoutException {
        return failAt(deadline, null, body);
    }

    /** As {@link #failAt(long, CheckedCallable)}, for a body without a value. */
    public static <X extends Throwable> void failAt(long deadline, CheckedRunnable<X> body)
            throws X, TimeoutException {
        failAt(deadline, null, body);
    }

    /** As {@link #failAt(long, CheckedCallable)}, for a scope body without a value. */
    public static <X extends Throwable> void failAt(long deadline, ScopeBody<X> body)
            throws X, TimeoutException {
        failAt(deadline, null, body);
    }

    /** As {@link #failAt(long, CheckedCallable)}; the exception's message is {@code reason}. */
    public static <T, X extends Throwable> T failAt(
            long deadline, String reason, CheckedCallable<T, X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(deadline, false, body);
        T value = scope.call(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
        return value;
    }

    /** As {@link #failAt(long, String, CheckedCallable)}, for a body without a value. */
    public static <X extends Throwable> void failAt(
            long deadline, String reason, CheckedRunnable<X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(deadline, false, body);
        scope.run(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
    }

    /** As {@link #failAt(long, String, CheckedCallable)}, for a scope body without a value. */
    public static <X extends Throwable> void failAt(long deadline, String reason, ScopeBody<X> body)
            throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(deadline, false, body);
        scope.run(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
    }

    /** As {@link #failAfter(Duration, String, CheckedCallable)}, in a shielded scope. */
    public static <T, X extends Throwable> T failAfterShielded(
            Duration delay, String reason, CheckedCallable<T, X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(delay, true, body);
        T value = scope.call(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
        return value;
    }

    /** As {@link #failAfterShielded(Duration, String, CheckedCallable)}, without a value. */
    public static <X extends Throwable> void failAfterShielded(
            Duration delay, String reason, CheckedRunnable<X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(delay, true, body);
        scope.run(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
    }

    /** As {@link #failAfterShielded(Duration, String, CheckedCallable)}, for a scope body. */
    public static <X extends Throwable> void failAfterShielded(
            Duration delay, String reason, ScopeBody<X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(delay, true, body);
        scope.run(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
    }

    /** As {@link #failAt(long, String, CheckedCallable)}, in a shielded scope. */
    public static <T, X extends Throwable> T failAtShielded(
            long deadline, String reason, CheckedCallable<T, X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(deadline, true, body);
        T value = scope.call(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
        return value;
    }

    /** As {@link #failAtShielded(long, String, CheckedCallable)}, without a value. */
    public static <X extends Throwable> void failAtShielded(
            long deadline, String reason, CheckedRunnable<X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(deadline, true, body);
        scope.run(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
    }

    /** As {@link #failAtShielded(long, String, CheckedCallable)}, for a scope body. */
    public static <X extends Throwable> void failAtShielded(
            long deadline, String reason, ScopeBody<X> body) throws X, TimeoutException {
        CancelScope scope = TimeoutScopes.scope(deadline, true, body);
        scope.run(body);
        TimeoutScopes.throwIfTimedOut(scope, reason);
    }

    // ---------------------------------------------------------------- introspection

    /**
     * A token for the current runtime, with which any thread can call into it later ({@code
     * io.weft.thread.FromThread.run(token, ...)}; AnyIO's {@code current_token()}). Callable from a
     * task or from a {@code ToThread} worker thread. Not a checkpoint.
     */
    public static RuntimeToken currentToken() {
        return new RuntimeToken(WeftRuntime.current());
    }

    /**
     * The calling task.
     *
     * <p>Pitfall: Weft finds the calling task through its thread's uncaught-exception handler; a
     * task that replaces that handler on its own thread is no longer found ({@link NoRuntimeError},
     * saying so).
     *
     * @throws NoRuntimeError if the caller is not a task of a running runtime
     */
    public static TaskInfo currentTask() {
        return new TaskInfo(Task.current());
    }

    /**
     * The current runtime's task tree as text: its tasks nested in the task groups that own them,
     * each task's state (for a parked one, the Weft method it waits in, the object it waits on, for
     * how long, and where it was called from) and each cancel scope it has entered (deadline,
     * shield, whether and why it was cancelled). A snapshot taken while the tasks run; not a
     * checkpoint. With each task's stack: {@link #dumpTaskTree(boolean)}; for every runtime of the
     * JVM, from any thread: {@link WeftDiagnostics}.
     *
     * <pre>
     * Weft runtime 3 (VIRTUAL), clock 12.503 s, 3 tasks
     *   task 1 'main' RUNNING
     *     task group
     *       task 2 'worker' PARKED in io.weft.sync.Event.await on Event[unset, waiting=1]
     *           for 12.398 s, called from Demo.work(Demo.java:12)
     *       task 3 'ticker' PARKED in io.weft.Weft.sleep for 0.502 s, called from Demo.tick(...)
     *         cancel scope: deadline in 1.500 s, shielded
     * </pre>
     *
     * (lines broken here). What a task waits on is shown as its class's simple name and its {@code
     * toString()}, taken now (the name is left out when the string already starts with a type name,
     * as {@code Event[...]} does; a {@code toString()} that throws is shown as {@code <toString
     * threw ...>}); the time is real time, to about a millisecond. The form is described in {@code
     * docs/observability.md}.
     *
     * @throws NoRuntimeError if the caller is not a task of a running runtime
     */
    public static String dumpTaskTree() {
        return dumpTaskTree(false);
    }

    /**
     * {@link #dumpTaskTree()}, and with {@code withStacks} each task's stack under its line,
     * innermost frame first (a dump of many tasks then gets long).
     *
     * @throws NoRuntimeError if the caller is not a task of a running runtime
     */
    public static String dumpTaskTree(boolean withStacks) {
        return TaskTreeText.render(TaskTree.of(Task.current().runtime, withStacks));
    }

    /**
     * {@link #dumpTaskTree()} as JSON (the form is described in {@code docs/observability.md}).
     *
     * @throws NoRuntimeError if the caller is not a task of a running runtime
     */
    public static String dumpTaskTreeAsJson() {
        return dumpTaskTreeAsJson(false);
    }

    /**
     * {@link #dumpTaskTree(boolean)} as JSON: with {@code withStacks}, each task's {@code stack}
     * lists its frames, innermost first.
     *
     * @throws NoRuntimeError if the caller is not a task of a running runtime
     */
    public static String dumpTaskTreeAsJson(boolean withStacks) {
        return TaskTreeJson.render(List.of(TaskTree.of(Task.current().runtime, withStacks)));
    }

    /** Every unfinished task of the current runtime, in the order they were started. */
    public static List<TaskInfo> runningTasks() {
        return Task.current().runtime.tasks().stream().map(TaskInfo::new).toList();
    }

    /**
     * Waits until every other task of the runtime is parked in a Weft wait (sleeping, waiting on an
     * event, a lock, a stream, a task...). Exact: it is woken by the last task to park, never by
     * polling. A task blocked in a JDK call that Weft does not own (a {@code BlockingQueue}, {@code
     * Thread.sleep}) counts as running. A checkpoint.
     */
    public static void waitAllTasksBlocked() {
        Task t = Task.current();
        t.runtime.waitAllTasksBlocked(t);
    }
}
