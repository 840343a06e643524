package io.weft.process;

import io.weft.BrokenWorkerProcess;
import io.weft.Cancelled;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.internal.WeftRuntime;
import io.weft.internal.process.WorkerJvmPool;
import io.weft.sync.CapacityLimiter;
import java.util.Objects;

/**
 * Runs a function in a worker JVM, a child process of this one, so that CPU-bound or crash-prone
 * code runs beside the runtime without sharing its heap, its garbage collector or its fate (AnyIO's
 * {@code to_process}).
 *
 * <pre>{@code
 * long primes = ToProcess.runSync(() -> countPrimes(50_000_000));   // in another JVM
 *
 * // A long search that a deadline may cut short: the worker is killed.
 * Weft.moveOnAfter(Duration.ofSeconds(10),
 *         s -> best = ToProcess.runSync(ToProcessOptions.defaults().cancellable(true),
 *                 () -> search(space)));
 * }</pre>
 *
 * <p><b>Workers.</b> The runtime keeps a pool of worker JVMs, started on demand with this JVM's
 * {@code java}, class path and module path (so the function's class loads there too); a call takes
 * the most recently used idle worker, or starts one (which must answer within 20 s); a worker idle
 * for 300 s (on the runtime's clock) is retired; when the run ends every worker is killed, so none
 * outlives {@code Weft.run}. A {@link CapacityLimiter} bounds how many functions run at once:
 * {@link #currentDefaultProcessLimiter()} (one token per processor, per runtime) unless the options
 * name another. Workers run one function at a time, each on its own main thread.
 *
 * <p><b>The function and its result are serialized</b> (Java serialization, over the worker's
 * pipes): the function must be a {@link SerializableCallable} (a lambda assigned to one is
 * serializable if what it captures is), and its result, or what it throws, must be serializable
 * too. The function is serialized in the caller before anything else, so a function that cannot be
 * fails at once. Objects are deserialized through an {@link java.io.ObjectInputFilter} that admits
 * the application's classes: the pipes are the runtime's own, made when it forks the worker, and
 * the worker runs the same code; the filter bounds the stream's size and applies the JVM's {@code
 * jdk.serialFilter}, if set (see {@code docs/worker-processes.md}).
 *
 * <p><b>Cancellation.</b> {@code runSync} first throws {@link Cancelled} if the caller is already
 * cancelled, and the waits for a limiter token and for a new worker to start can be cancelled (the
 * function then never ran). Once the function is sent, by default the caller waits for its outcome,
 * shielded: it returns the value, and the cancellation meets the caller at its next checkpoint.
 * With {@link ToProcessOptions#cancellable(boolean)}, a cancellation kills the worker ({@code
 * SIGKILL}) instead, and {@code runSync} throws {@code Cancelled} at once.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>A worker costs a JVM start (about a tenth of a second and tens of MiB) the first time, and
 *       a serialization round trip through two pipes (about 150 microseconds for a small function)
 *       per call: give it work worth more than that.
 *   <li>The worker gets this JVM's class path and module path but not its other options (heap size,
 *       agents, {@code -D} properties): read configuration in the caller and pass it to the
 *       function. {@code JAVA_TOOL_OPTIONS} in the environment does reach it.
 *   <li>The function runs in another JVM: static state, files it opened and threads it started are
 *       the worker's, and may still be there for the next function that runs in the same worker.
 *   <li>What the function prints goes to the worker's standard error, which is discarded (its end
 *       is quoted when a worker dies). {@code System.exit} in the function ends the worker: {@link
 *       BrokenWorkerProcess}.
 * </ul>
 *
 * <p>The calling thread must be a task of a Weft runtime; each {@code runSync} throws {@link
 * io.weft.NoRuntimeError} otherwise.
 */
public final class ToProcess {
    private static final Object DEFAULT_LIMITER = new Object(); // run-variable key

    private ToProcess() {}

    /**
     * Runs {@code fn} in a worker JVM with {@link ToProcessOptions#defaults()} and returns its
     * result. See {@link #runSync(ToProcessOptions, SerializableCallable)}.
     */
    public static <T, X extends Throwable> T runSync(SerializableCallable<T, X> fn) throws X {
        return runSync(ToProcessOptions.defaults(), fn);
    }

    /** As {@link #runSync(SerializableCallable)}, for code that returns nothing. */
    public static <X extends Throwable> void runSync(SerializableRunnable<X> fn) throws X {
        runSync(ToProcessOptions.defaults(), fn);
    }

    /**
     * As {@link #runSync(ToProcessOptions, SerializableCallable)}, for code that returns nothing.
     */
    public static <X extends Throwable> void runSync(
            ToProcessOptions options, SerializableRunnable<X> fn) throws X {
        Objects.requireNonNull(options, "options is null: pass ToProcessOptions.defaults()");
        Objects.requireNonNull(fn, "fn");
        call(options, new RunnableCall<>(fn), fn.getClass().getClassLoader());
    }

    /**
     * Runs {@code fn} in a worker JVM and returns its result, or throws what it threw: an exception
     * of the same class, whose stack trace shows the worker's frames (and, suppressed in it, where
     * this call was made). A checkpoint (see the class comment). If this throws {@link Cancelled},
     * either {@code fn} never ran, or the call was cancellable and its worker was killed.
     *
     * @throws IllegalArgumentException if {@code fn} cannot be serialized (nothing was started; the
     *     cause, a {@link java.io.NotSerializableException}, names the class that is not)
     * @throws BrokenWorkerProcess if the worker could not be started, died or broke the protocol
     *     during the call, or could not read {@code fn} or send its outcome back (for a result that
     *     cannot be serialized, the cause says which class)
     * @throws Cancelled if the caller is cancelled before {@code fn} is sent, or while it runs with
     *     {@code cancellable}
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public static <T, X extends Throwable> T runSync(
            ToProcessOptions options, SerializableCallable<T, X> fn) throws X {
        Objects.requireNonNull(options, "options is null: pass ToProcessOptions.defaults()");
        Objects.requireNonNull(fn, "fn");
        @SuppressWarnings("unchecked")
        T value = (T) call(options, fn, fn.getClass().getClassLoader());
        return value;
    }

    /**
     * Sends {@code fn} to a worker; classes of the answer are loaded with {@code loader} (the
     * caller's function's) first. Throws what the function threw, undeclared.
     */
    private static Object call(ToProcessOptions options, Object fn, ClassLoader loader) {
        Task t = Task.current();
        t.checkCancelled();
        byte[] request = WorkerJvmPool.request(fn);
        CapacityLimiter limiter =
                options.limiter() != null ? options.limiter() : defaultLimiter(t.runtime);
        try {
            return WorkerJvmPool.of(t.runtime)
                    .call(t, request, loader, limiter, options.cancellable());
        } catch (Throwable e) {
            throw Secrets.sneakyThrow(e);
        }
    }

    /**
     * The runtime's default limiter for {@link #runSync}: as many tokens as the JVM has processors
     * ({@link Runtime#availableProcessors()}) unless changed (its {@code totalTokens} is writable).
     * Not a checkpoint.
     *
     * @throws io.weft.NoRuntimeError if not called from a Weft task or worker thread
     */
    public static CapacityLimiter currentDefaultProcessLimiter() {
        return defaultLimiter(WeftRuntime.current());
    }

    private static CapacityLimiter defaultLimiter(WeftRuntime rt) {
        return (CapacityLimiter)
                rt.runVars()
                        .computeIfAbsent(
                                DEFAULT_LIMITER,
                                k ->
                                        new CapacityLimiter(
                                                Runtime.getRuntime().availableProcessors()));
    }

    /** A runnable sent as a callable that returns null. */
    private record RunnableCall<X extends Throwable>(SerializableRunnable<X> fn)
            implements SerializableCallable<Object, X> {
        @Override
        public Object call() throws X {
            fn.run();
            return null;
        }
    }
}
