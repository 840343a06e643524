package io.weft.internal.thread;

import io.weft.WouldBlock;
import io.weft.internal.Scope;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.internal.TaskBody;
import io.weft.internal.ThreadOutcome;
import io.weft.internal.Waiter;
import io.weft.sync.CapacityLimiter;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.util.function.Consumer;

/**
 * One {@code ToThread.runSync} call: the link between the task that made it (the <em>host</em>) and
 * the worker thread that runs its function, through which the worker calls back into the runtime
 * ({@code FromThread}).
 *
 * <p><b>Algorithm.</b> The host hands the call to a worker and then waits in a loop, one Weft wait
 * per round, for one of two messages: the function's outcome (the call is over), or a callback
 * request (the worker called {@code FromThread.run} and blocks until the host has run the callback
 * for it). Both messages, the host's current waiter and the {@code abandoned} flag live under this
 * object's monitor: the host publishes its waiter and checks for messages in one critical section,
 * and a worker posts a message and takes the published waiter in another, so a message is either
 * seen by the host's check or wakes the waiter it published. The host's wait is not cancellable
 * unless the call may be abandoned; an abandoning host sets {@code abandoned} in the same critical
 * section in which it checks that no outcome arrived, and the worker then drops its outcome.
 *
 * <p><b>Callbacks run in the host.</b> Without {@code abandonOnCancel} the host cannot leave before
 * the function returns, so it runs the worker's callbacks itself, in its own scope chain:
 * cancelling the host's scope cancels the callback at its next checkpoint (AnyIO's callback is
 * "attached to the host's cancel scope"), and no task has to be created for it. With {@code
 * abandonOnCancel} the host may be gone at any moment, so callbacks run in system tasks of the
 * runtime instead ({@link io.weft.internal.WeftRuntime#callInSystemTask}).
 */
public final class WorkerCall implements WorkerPool.Job {
    private static final ThreadLocal<WorkerCall> CURRENT = new ThreadLocal<>();

    /** The task that made the call. */
    public final Task host;

    /** Whether the host stops waiting when it is cancelled. */
    public final boolean abandonOnCancel;

    private final Scope scope; // the host's scope at the call: what checkCancelled() looks at
    private final TaskBody fn;
    private final Consumer<Object> onReturn;
    private final String description;

    /** The worker's task-locals: the host's at the call, then the worker's own changes. */
    public Object[] locals;

    // Guarded by this.
    private Waiter hostWaiter;
    private Callback request;
    private boolean finished;
    private boolean abandoned;
    private Object value;
    private Throwable error;

    /**
     * A call of {@code fn} by the calling task {@code host}; {@code onReturn} is given this call
     * once {@code fn} has returned (in the worker), or if no worker could take the call (in the
     * host).
     */
    public WorkerCall(Task host, boolean abandonOnCancel, TaskBody fn, Consumer<Object> onReturn) {
        this.host = host;
        this.abandonOnCancel = abandonOnCancel;
        this.scope = host.currentScope();
        this.locals = host.locals;
        this.fn = fn;
        this.onReturn = onReturn;
        this.description = "ToThread.runSync call of " + host;
    }

    /** The call whose function the calling thread is running, or null if it is no worker. */
    public static WorkerCall current() {
        return CURRENT.get();
    }

    // ---------------------------------------------------------------- host side

    /**
     * Hands the call to a worker of {@code pool} and waits, running the worker's callbacks, until
     * the function returned (then returns its value or throws its exception) or, if the call may be
     * abandoned, until the host is cancelled (then throws {@code Cancelled}; the function runs on
     * and its outcome is dropped).
     */
    public Object run(WorkerPool pool) throws Throwable {
        start(pool);
        return await();
    }

    /**
     * Starts {@code fn} in a worker if {@code options}' limiter (the runtime's default if it names
     * none) has a token free now, and returns the call, which may be abandoned ({@link #await}
     * later or {@link #abandon}); null if no token is free. Not a checkpoint; never waits.
     *
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public static WorkerCall startIfTokenFree(ToThreadOptions options, TaskBody fn) {
        Task t = Task.current();
        CapacityLimiter limiter =
                options.limiter() != null
                        ? options.limiter()
                        : ToThread.currentDefaultThreadLimiter();
        WorkerCall call = new WorkerCall(t, true, fn, limiter::releaseOnBehalfOf);
        try {
            limiter.acquireOnBehalfOfNowait(call);
        } catch (WouldBlock e) {
            return null; // the caller runs the work when it needs it, waiting for a token then
        }
        call.start(t.runtime.workers());
        return call;
    }

    private void start(WorkerPool pool) {
        try {
            pool.execute(this);
        } catch (Throwable e) {
            onReturn.accept(this);
            throw e;
        }
    }

    /**
     * Waits for the started call as {@link #run} does, and returns its value or throws its
     * exception; called once, by the host.
     */
    public Object await() throws Throwable {
        for (; ; ) {
            Waiter w = new Waiter(host, abandonOnCancel);
            Callback r;
            boolean done;
            synchronized (this) {
                r = request;
                request = null;
                done = finished;
                if (r == null && !done) {
                    hostWaiter = w;
                }
            }
            if (r != null) {
                r.runInHost();
            } else if (done) {
                return outcome();
            } else if (w.await(this) == Waiter.CANCELLED) {
                boolean gone;
                synchronized (this) {
                    hostWaiter = null;
                    // An outcome that arrived together with the cancellation is returned: it is
                    // not lost, and the cancellation meets the host at its next checkpoint.
                    gone = abandoned = !finished;
                }
                if (gone) {
                    throw host.cancelledNow();
                }
            }
        }
    }

    /**
     * Stops caring about a started call the host will not {@link #await}: its outcome is dropped
     * when it comes (or now, if it came). Not a checkpoint; never waits.
     */
    public synchronized void abandon() {
        abandoned = true;
        value = null;
        error = null;
    }

    private synchronized Object outcome() throws Throwable {
        if (error != null) {
            throw error;
        }
        return value;
    }

    @Override
    public synchronized boolean abandoned() {
        return abandoned;
    }

    // ---------------------------------------------------------------- worker side

    @Override
    public void run() {
        CURRENT.set(this);
        Object v = null;
        Throwable e = null;
        try {
            v = fn.run();
        } catch (Throwable t) {
            e = t;
        } finally {
            CURRENT.remove();
        }
        try {
            onReturn.accept(this);
        } catch (Throwable t) {
            if (e == null) {
                e = t;
            } else {
                e.addSuppressed(t);
            }
        }
        synchronized (this) {
            value = v;
            error = e;
        }
    }

    @Override
    public void done() {
        Waiter w;
        synchronized (this) {
            finished = true;
            if (abandoned) {
                value = null; // nobody waits: the outcome is dropped, as AnyIO drops it
                error = null;
                return;
            }
            w = hostWaiter;
            hostWaiter = null;
        }
        if (w != null) {
            w.tryResume(null);
        }
    }

    /**
     * Runs {@code callback} in the runtime on behalf of the worker (the calling thread) and returns
     * its value or throws its exception: in the host, or in a system task if the call may be
     * abandoned. Blocks the worker until the callback has ended.
     *
     * @throws io.weft.RunFinishedError if the callback must run in a system task and the runtime
     *     has ended
     */
    public Object callBack(String name, TaskBody callback) throws Throwable {
        if (abandonOnCancel) {
            return host.runtime.callInSystemTask(name, callback);
        }
        Callback c = new Callback(callback, locals);
        Waiter w;
        synchronized (this) {
            request = c;
            w = hostWaiter;
            hostWaiter = null;
        }
        if (w != null) {
            w.tryResume(null);
        }
        return c.outcome.await();
    }

    /**
     * The {@code Cancelled} that {@code FromThread.checkCancelled()} throws now, or null: whether
     * the host's scope at the time of the call is effectively cancelled (for an abandoned call that
     * is why it was abandoned, or a cancellation since).
     */
    public Error cancellation() {
        Scope origin = Scope.effectiveCancelOrigin(scope);
        return origin == null ? null : Secrets.newCancelled(origin.cancelMessage(), null);
    }

    @Override
    public String toString() {
        return description;
    }

    /** A callback the worker asked the host to run. */
    private final class Callback {
        final TaskBody body;
        final Object[] locals; // the worker's task-locals, which the callback sees
        final ThreadOutcome outcome = new ThreadOutcome(); // created on the worker, which waits

        Callback(TaskBody body, Object[] locals) {
            this.body = body;
            this.locals = locals;
        }

        void runInHost() {
            Object v = null;
            Throwable e = null;
            Object[] own = host.locals;
            host.locals = locals;
            try {
                v = body.run();
            } catch (Throwable t) {
                // A Cancelled goes to the worker too: the host, still waiting for the worker,
                // meets its cancellation again once the call returns (it is level-triggered).
                e = t;
            } finally {
                host.locals = own; // what the callback changed stays with the callback
            }
            outcome.complete(v, e);
        }
    }
}
