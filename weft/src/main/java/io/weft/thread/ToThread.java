package io.weft.thread;

import io.weft.Cancelled;
import io.weft.CheckedCallable;
import io.weft.CheckedRunnable;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.internal.WeftRuntime;
import io.weft.internal.jfr.ToThreadCallEvent;
import io.weft.internal.jfr.WeftEvents;
import io.weft.internal.thread.WorkerCall;
import io.weft.sync.CapacityLimiter;
import java.util.Objects;

/**
 * Runs blocking code in a worker thread so that the calling task can be cancelled and the rest of
 * the runtime is not held up (AnyIO's {@code to_thread}).
 *
 * <pre>{@code
 * byte[] data = ToThread.runSync(() -> Files.readAllBytes(path));   // a platform thread reads
 *
 * // A call that a cancellation may leave behind (the thread runs on; its result is dropped):
 * ToThread.runSync(ToThreadOptions.defaults().abandonOnCancel(true), () -> legacy.call());
 * }</pre>
 *
 * <p><b>Threads.</b> Functions run in platform threads owned by the runtime: created on demand,
 * reused, ended after {@link io.weft.RunOptions#threadIdleTimeout(java.time.Duration)} of idleness,
 * and all ended when the run ends. A {@link CapacityLimiter} bounds how many functions run at once:
 * {@link #currentDefaultThreadLimiter()} (40 tokens, per runtime) unless the options name another.
 * The function can call back into the runtime with {@link FromThread}.
 *
 * <p><b>Cancellation.</b> {@code runSync} is a checkpoint: a caller that is already cancelled
 * throws {@link Cancelled} before anything runs, and so does one cancelled while it waits for a
 * token. Once the function runs, by default the caller waits for it to return, whatever happens
 * (AnyIO's shielded wait): it returns the function's result, and the cancellation meets the caller
 * at its next checkpoint. The worker thread is not interrupted; the function can ask with {@link
 * FromThread#checkCancelled()}. With {@link ToThreadOptions#abandonOnCancel(boolean)} the caller
 * throws {@code Cancelled} at once instead, and the function runs on.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Virtual-thread tasks can already block in JDK calls without holding up other tasks, and a
 *       cancellation interrupts them. Use {@code ToThread} for code that pins its carrier (long
 *       {@code synchronized} sections, native calls), for code that must not see an interrupt, or
 *       on the SERIAL backend, where a task blocking outside Weft holds up every other task.
 *   <li>A function that never returns keeps its caller waiting forever (unless abandoned), even
 *       when cancelled: poll {@link FromThread#checkCancelled()} in long loops.
 *   <li>An abandoned function still holds its limiter token until it returns, and {@code Weft.run}
 *       does not wait for its thread.
 * </ul>
 */
public final class ToThread {
    private static final Object DEFAULT_LIMITER = new Object(); // run-variable key
    private static final int DEFAULT_TOKENS = 40;

    private ToThread() {}

    /**
     * Runs {@code fn} in a worker thread with {@link ToThreadOptions#defaults()} and returns its
     * result. See {@link #runSync(ToThreadOptions, CheckedCallable)}.
     */
    public static <T, X extends Throwable> T runSync(CheckedCallable<T, X> fn) throws X {
        return runSync(ToThreadOptions.defaults(), fn);
    }

    /** As {@link #runSync(CheckedCallable)}, for code that returns nothing. */
    public static <X extends Throwable> void runSync(CheckedRunnable<X> fn) throws X {
        Objects.requireNonNull(fn, "fn");
        runSync(
                ToThreadOptions.defaults(),
                () -> {
                    fn.run();
                    return null;
                });
    }

    /** As {@link #runSync(ToThreadOptions, CheckedCallable)}, for code that returns nothing. */
    public static <X extends Throwable> void runSync(ToThreadOptions options, CheckedRunnable<X> fn)
            throws X {
        Objects.requireNonNull(fn, "fn");
        runSync(
                options,
                () -> {
                    fn.run();
                    return null;
                });
    }

    /**
     * Runs {@code fn} in a worker thread and returns its result, or throws what it threw (the same
     * exception object, with the worker's stack). A checkpoint (see the class comment). If this
     * throws {@code Cancelled}, either {@code fn} never ran, or it was abandoned and runs on.
     *
     * @throws Cancelled if the caller is cancelled before {@code fn} starts, or while it runs with
     *     {@code abandonOnCancel}
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public static <T, X extends Throwable> T runSync(
            ToThreadOptions options, CheckedCallable<T, X> fn) throws X {
        Objects.requireNonNull(options, "options is null: pass ToThreadOptions.defaults()");
        Objects.requireNonNull(fn, "fn");
        Task t = Task.current();
        CapacityLimiter limiter =
                options.limiter() != null ? options.limiter() : defaultLimiter(t.runtime);
        // The token is borrowed on behalf of the call, not of the task: a callback the task runs
        // for the worker may call runSync again while it is out. The worker gives it back as soon
        // as fn returns, also when the call was abandoned, so the limit counts real threads.
        WorkerCall call =
                new WorkerCall(t, options.abandonOnCancel(), fn::call, limiter::releaseOnBehalfOf);
        ToThreadCallEvent event = WeftEvents.ON ? ToThreadCallEvent.beginIfEnabled() : null;
        long asked = event != null ? System.nanoTime() : 0L;
        String outcome = "CANCELLED";
        try {
            limiter.acquireOnBehalfOf(call);
            if (event != null) {
                event.limiterWait = System.nanoTime() - asked;
            }
            @SuppressWarnings("unchecked")
            T value = (T) call.run(t.runtime.workers());
            outcome = "RETURNED";
            return value;
        } catch (Throwable e) {
            if (!(e instanceof Cancelled)) {
                outcome = "FAILED";
            }
            throw Secrets.sneakyThrow(e);
        } finally {
            if (event != null) {
                event.end();
                if (event.shouldCommit()) {
                    t.describe(event);
                    event.function = fn.getClass().getName();
                    event.limiterTokens = limiter.totalTokens();
                    event.abandonOnCancel = options.abandonOnCancel();
                    event.outcome = outcome;
                    event.commit();
                }
            }
        }
    }

    /**
     * The runtime's default limiter for {@link #runSync}: 40 tokens unless changed (its {@code
     * totalTokens} is writable). Not a checkpoint.
     *
     * @throws io.weft.NoRuntimeError if not called from a Weft task or worker thread
     */
    public static CapacityLimiter currentDefaultThreadLimiter() {
        return defaultLimiter(WeftRuntime.current());
    }

    private static CapacityLimiter defaultLimiter(WeftRuntime rt) {
        return (CapacityLimiter)
                rt.runVars()
                        .computeIfAbsent(DEFAULT_LIMITER, k -> new CapacityLimiter(DEFAULT_TOKENS));
    }
}
