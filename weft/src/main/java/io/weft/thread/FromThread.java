package io.weft.thread;

import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.CheckedCallable;
import io.weft.CheckedRunnable;
import io.weft.NoRuntimeError;
import io.weft.RunFinishedError;
import io.weft.RuntimeToken;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.internal.TaskBody;
import io.weft.internal.WeftRuntime;
import io.weft.internal.thread.WorkerCall;
import java.util.Objects;

/**
 * Calls back into a runtime from a thread outside it (AnyIO's {@code from_thread}): from a worker
 * thread of {@link ToThread#runSync}, or from any thread given a {@link RuntimeToken}.
 *
 * <pre>{@code
 * ToThread.runSync(() -> {
 *     for (String line : legacy.lines()) {
 *         FromThread.checkCancelled();              // stop early if the caller was cancelled
 *         FromThread.run(() -> { lines.send(line); return null; }); // a Weft wait, in the runtime
 *     }
 * });
 * }</pre>
 *
 * <p><b>Where the code runs.</b> From a worker of a call that cannot be abandoned, {@link #run}
 * runs its function in the task that called {@code runSync} (it is waiting for the worker anyway),
 * inside that task's cancel scopes: cancelling the caller cancels the function at its next
 * checkpoint, and the worker gets the {@link Cancelled}. From a worker of an abandonable call, and
 * from any thread through a token, the function runs in a new <em>system task</em> of the runtime,
 * which belongs to no task group and is cancelled only when the run ends. Either way the calling
 * thread blocks until the function has ended, and gets its result or its exception. {@link
 * #runSync} does the same inside a shield: nothing cancels its function.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Calling these from a task of the same runtime is an error (it would block the task on
 *       itself): call the code directly.
 *   <li>The calling thread is not a task: an interrupt does not end its wait; the function runs to
 *       its end.
 * </ul>
 */
public final class FromThread {
    private FromThread() {}

    /**
     * Runs {@code fn} in the runtime of the calling worker thread (see the class comment) and
     * returns its result or throws its exception. If this throws {@code Cancelled}, {@code fn} was
     * cancelled (the task that called {@code runSync} was).
     *
     * @throws NoRuntimeError if the calling thread is not a {@code ToThread} worker (pass a token)
     * @throws IllegalStateException if called from a Weft task
     */
    public static <T, X extends Throwable> T run(CheckedCallable<T, X> fn) throws X {
        Objects.requireNonNull(fn, "fn");
        return callBack(worker("FromThread.run"), "FromThread.run", fn::call);
    }

    /** As {@link #run(CheckedCallable)}, for code that returns nothing. */
    public static <X extends Throwable> void run(CheckedRunnable<X> fn) throws X {
        Objects.requireNonNull(fn, "fn");
        callBack(worker("FromThread.run"), "FromThread.run", voidBody(fn));
    }

    /**
     * As {@link #run(CheckedCallable)}, but {@code fn} runs shielded from cancellation (AnyIO's
     * {@code run_sync}: a short piece of code that must run in the runtime, such as setting an
     * {@code Event} or sending on a stream without waiting).
     *
     * @throws NoRuntimeError if the calling thread is not a {@code ToThread} worker (pass a token)
     * @throws IllegalStateException if called from a Weft task
     */
    public static <T, X extends Throwable> T runSync(CheckedCallable<T, X> fn) throws X {
        Objects.requireNonNull(fn, "fn");
        return callBack(worker("FromThread.runSync"), "FromThread.runSync", shielded(fn::call));
    }

    /** As {@link #runSync(CheckedCallable)}, for code that returns nothing. */
    public static <X extends Throwable> void runSync(CheckedRunnable<X> fn) throws X {
        Objects.requireNonNull(fn, "fn");
        callBack(worker("FromThread.runSync"), "FromThread.runSync", shielded(voidBody(fn)));
    }

    /**
     * Runs {@code fn} in a new system task of {@code token}'s runtime, from any thread that is not
     * a task of that runtime, and returns its result or throws its exception. The task is cancelled
     * only if the run ends meanwhile.
     *
     * @throws RunFinishedError if that runtime has ended, or ended while {@code fn} ran
     * @throws IllegalStateException if called from a task of that runtime
     */
    public static <T, X extends Throwable> T run(RuntimeToken token, CheckedCallable<T, X> fn)
            throws X {
        Objects.requireNonNull(fn, "fn");
        return viaToken(token, "FromThread.run", fn::call);
    }

    /** As {@link #run(RuntimeToken, CheckedCallable)}, for code that returns nothing. */
    public static <X extends Throwable> void run(RuntimeToken token, CheckedRunnable<X> fn)
            throws X {
        Objects.requireNonNull(fn, "fn");
        viaToken(token, "FromThread.run", voidBody(fn));
    }

    /**
     * As {@link #run(RuntimeToken, CheckedCallable)}, with {@code fn} shielded from cancellation.
     *
     * @throws RunFinishedError if that runtime has ended
     * @throws IllegalStateException if called from a task of that runtime
     */
    public static <T, X extends Throwable> T runSync(RuntimeToken token, CheckedCallable<T, X> fn)
            throws X {
        Objects.requireNonNull(fn, "fn");
        return viaToken(token, "FromThread.runSync", shielded(fn::call));
    }

    /** As {@link #runSync(RuntimeToken, CheckedCallable)}, for code that returns nothing. */
    public static <X extends Throwable> void runSync(RuntimeToken token, CheckedRunnable<X> fn)
            throws X {
        Objects.requireNonNull(fn, "fn");
        viaToken(token, "FromThread.runSync", shielded(voidBody(fn)));
    }

    /**
     * Throws {@link Cancelled} if the task that called {@code ToThread.runSync} for this worker
     * thread is cancelled in the scope it made the call from (respecting shields), or was cancelled
     * there and abandoned the call. Not a wait; call it often in long-running code.
     *
     * @throws NoRuntimeError if the calling thread is not a {@code ToThread} worker
     */
    public static void checkCancelled() {
        WorkerCall c = WorkerCall.current();
        if (c == null) {
            throw new NoRuntimeError(
                    "FromThread.checkCancelled can only be called from a ToThread.runSync worker"
                            + " thread, and thread '"
                            + Thread.currentThread().getName()
                            + "' is not one");
        }
        Error e = c.cancellation();
        if (e != null) {
            throw e;
        }
    }

    // ---------------------------------------------------------------- internals

    private static WorkerCall worker(String what) {
        WorkerCall c = WorkerCall.current();
        if (c != null) {
            return c;
        }
        Task t = Task.currentOrNull();
        if (t != null) {
            throw new IllegalStateException(
                    what
                            + " was called from "
                            + t
                            + ", a Weft task; it is for threads outside the runtime (call the code"
                            + " directly)");
        }
        throw new NoRuntimeError(
                what
                        + ": thread '"
                        + Thread.currentThread().getName()
                        + "' is not a ToThread.runSync worker thread, and no RuntimeToken was"
                        + " given (get one with Weft.currentToken() inside the runtime)");
    }

    private static <T> T callBack(WorkerCall c, String what, TaskBody body) {
        try {
            @SuppressWarnings("unchecked")
            T value = (T) c.callBack(what + " from thread '" + threadName() + "'", body);
            return value;
        } catch (Throwable e) {
            throw Secrets.sneakyThrow(e);
        }
    }

    private static <T> T viaToken(RuntimeToken token, String what, TaskBody body) {
        Objects.requireNonNull(
                token,
                "token is null: from a ToThread worker thread call the overload without a token;"
                        + " from another thread pass the token Weft.currentToken() returned inside"
                        + " the runtime");
        WeftRuntime rt = Secrets.runtimeOf(token);
        Task t = Task.currentOrNull();
        if (t != null && t.runtime == rt) {
            throw new IllegalStateException(
                    what
                            + " was called from "
                            + t
                            + " of the token's own runtime; call the code directly");
        }
        try {
            @SuppressWarnings("unchecked")
            T value = (T) rt.callInSystemTask(what + " from thread '" + threadName() + "'", body);
            return value;
        } catch (Throwable e) {
            throw Secrets.sneakyThrow(e);
        }
    }

    private static String threadName() {
        return Thread.currentThread().getName();
    }

    private static <X extends Throwable> TaskBody voidBody(CheckedRunnable<X> fn) {
        return () -> {
            fn.run();
            return null;
        };
    }

    private static TaskBody shielded(TaskBody body) {
        return () -> CancelScope.shielded().call(s -> body.run());
    }
}
