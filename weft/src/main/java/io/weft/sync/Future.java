package io.weft.sync;

import io.weft.Cancelled;
import io.weft.internal.Latch;
import io.weft.internal.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Objects;

/**
 * A one-shot result slot (AnyIO's {@code anyio.Future}): some thread gives it a value ({@link
 * #setResult}) or an exception ({@link #setException}), or cancels it ({@link #cancel()}), once;
 * any number of tasks wait for that in {@link #get()}.
 *
 * <pre>{@code
 * Future<String> greeting = new Future<>();
 * TaskGroup.run(tg -> {
 *     tg.startSoon(() -> greeting.setResult("hello"));
 *     System.out.println(greeting.get());     // waits; prints "hello"
 * });
 * }</pre>
 *
 * <p><b>Not {@link java.util.concurrent.Future}.</b> The JDK's {@code Future} is the handle of a
 * computation that an executor runs: its {@code cancel(true)} interrupts that computation, and its
 * {@code get()} blocks any thread and throws the checked {@code InterruptedException} and {@code
 * ExecutionException}. This one has no computation behind it; it is a slot that whoever has the
 * result fills, like a {@link java.util.concurrent.CompletableFuture} without composition. The
 * differences that matter:
 *
 * <ul>
 *   <li>{@link #get()} is a Weft checkpoint, called from a task: a cancelled cancel scope ends the
 *       wait with {@link Cancelled}, and that cancels <em>only that waiter</em>. The future and its
 *       other waiters are unaffected and a later {@code get()} may still receive the value.
 *       (Cancelling a thread blocked in {@code CompletableFuture.get()} needs an interrupt, and
 *       {@code CompletableFuture.cancel} completes the future for everyone.)
 *   <li>{@link #cancel()} cancels the future itself, for every waiter, and interrupts nobody; a
 *       producer that sets it afterwards gets {@link FutureCancelled}.
 *   <li>Failures are unchecked: {@link FutureFailed} with the exception as its cause, {@link
 *       FutureCancelled}; setting twice is {@link FutureAlreadyFinished} (or {@code false} from
 *       {@link #trySetResult}).
 *   <li>No callbacks, no {@code thenApply}: a task that needs the value waits for it.
 * </ul>
 *
 * <p>Use this one to hand one value (or failure) to Weft tasks, from a task or from any other
 * thread. Use {@code CompletableFuture} when the waiter is not a Weft task, or when the value feeds
 * JDK or library APIs built on it. The two names clash: in code that uses both, write {@code
 * io.weft.sync.Future} or {@code java.util.concurrent.Future} in full for one of them.
 *
 * <p><b>Thread safety.</b> Everything may be called from any thread, including threads that are not
 * Weft tasks, except {@link #get()} and {@link #await()}, which wait and so must run in a task. A
 * future can be created outside a runtime and used by several runtimes. Actions of the thread that
 * finished the future happen-before {@code get()} (or any accessor) observing that it finished.
 *
 * <p><b>Algorithm.</b> The outcome is one volatile reference, null while pending. {@code
 * setResult}, {@code setException} and {@code cancel} each try one {@code compareAndSet} from null
 * to their outcome: that CAS is the <em>linearisation point</em> of finishing, and its winner alone
 * finishes the future; every loser changes nothing (and throws, or returns false). The winner then
 * opens a one-shot latch ({@code io.weft.internal.Latch}, as an {@link Event} is) that the waiters
 * wait at, so a waiter released by it reads the outcome written before.
 *
 * <p><b>Invariants.</b> The outcome is written once and never changes. A task parked in {@code
 * get()} ends its wait either because the finisher resumed it (it then returns the outcome, even if
 * its task is cancelled at the same moment: it meets that cancellation at its next checkpoint) or
 * because its own cancellation won its waiter first (it then throws {@code Cancelled}, takes itself
 * out of the queue, and the outcome stays in the future for everyone else). Either way exactly one
 * of the two happens, decided by the waiter's own CAS ({@link io.weft.internal.Waiter}).
 *
 * @param <T> the type of the value
 */
public final class Future<T> {

    /** The state of a future. Only PENDING is not final; a future leaves it once. */
    public enum Status {
        /** Not finished yet. */
        PENDING,
        /** Finished with a value ({@link Future#setResult}). */
        FINISHED,
        /** Cancelled ({@link Future#cancel()}) before it finished. */
        CANCELLED,
        /** Finished with an exception ({@link Future#setException}). */
        FAILED;

        /** Whether this is a final state (not {@link #PENDING}). */
        public boolean isDone() {
            return this != PENDING;
        }
    }

    private record Value(Object value) {}

    private record Failure(Throwable error) {}

    private static final Object CANCELLED = new Object();

    private static final String EXCEPTION_IS_NULL =
            "exception is null: pass the exception the future failed with; to finish it with a"
                    + " null value, call setResult(null)";

    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(Future.class, "outcome", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final Latch done = new Latch(); // opens once `outcome` is set

    /** Null while pending, then a {@link Value}, a {@link Failure} or {@link #CANCELLED}. */
    private volatile Object outcome;

    /** A new pending future without a name. */
    public Future() {
        this(null);
    }

    /**
     * A new pending future.
     *
     * @param name a name for {@link #toString()}, or null
     */
    public Future(String name) {
        this.name = name;
    }

    /** The name given to the constructor, or null. */
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- finishing

    /**
     * Finishes the future with {@code value} (which may be null) and wakes every waiting task. Not
     * a checkpoint; never blocks; callable from any thread.
     *
     * @throws FutureAlreadyFinished if the future already has a value or an exception
     * @throws FutureCancelled if the future was cancelled
     */
    public void setResult(T value) {
        if (!finish(new Value(value))) {
            throw notPending();
        }
    }

    /**
     * Finishes the future with {@code exception}: {@link #get()} and {@link #result()} then throw
     * {@link FutureFailed} with it as the cause. Wakes every waiting task. Not a checkpoint; never
     * blocks; callable from any thread.
     *
     * @throws NullPointerException if {@code exception} is null
     * @throws FutureAlreadyFinished if the future already has a value or an exception
     * @throws FutureCancelled if the future was cancelled
     */
    public void setException(Throwable exception) {
        if (!finish(new Failure(Objects.requireNonNull(exception, EXCEPTION_IS_NULL)))) {
            throw notPending();
        }
    }

    /**
     * As {@link #setResult}, but returns false instead of throwing when the future has already
     * finished or was cancelled (the future is then unchanged). For producers that race.
     *
     * @return whether this call finished the future
     */
    public boolean trySetResult(T value) {
        return finish(new Value(value));
    }

    /**
     * As {@link #setException}, but returns false instead of throwing when the future has already
     * finished or was cancelled (the future is then unchanged).
     *
     * @return whether this call finished the future
     * @throws NullPointerException if {@code exception} is null
     */
    public boolean trySetException(Throwable exception) {
        return finish(new Failure(Objects.requireNonNull(exception, EXCEPTION_IS_NULL)));
    }

    /**
     * Cancels the future if it is still pending: every waiting task wakes and {@link #get()} throws
     * {@link FutureCancelled}, now and later; a later {@code setResult} or {@code setException}
     * throws {@code FutureCancelled} too. Does nothing once the future has finished. This cancels
     * the future, not any task: no task gets a {@link Cancelled}. Not a checkpoint; never blocks;
     * callable from any thread.
     *
     * @return whether this call cancelled the future (false if it had already finished or been
     *     cancelled)
     */
    public boolean cancel() {
        return finish(CANCELLED);
    }

    /**
     * Makes {@code o} the outcome if the future is pending, and resumes every waiter; returns
     * false, having changed nothing, if another outcome won.
     */
    private boolean finish(Object o) {
        if (!OUTCOME.compareAndSet(this, null, o)) {
            // Lost: the future already finished; its outcome stays as it is.
            return false;
        }
        // Won: the outcome is published (volatile) before the latch opens, so every waiter the
        // latch releases reads it.
        done.open();
        return true;
    }

    private RuntimeException notPending() {
        Object o = outcome;
        if (o == CANCELLED) {
            return new FutureCancelled("future was cancelled");
        } else if (o instanceof Failure) {
            return new FutureAlreadyFinished("future already failed");
        }
        return new FutureAlreadyFinished("future has already finished");
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Waits until the future has finished (or was cancelled) and returns its value. A checkpoint,
     * even when the future has already finished: it throws {@link Cancelled} first if the calling
     * task is cancelled.
     *
     * <p>A cancellation while waiting ends this wait only: the calling task gets {@code Cancelled},
     * the future stays as it is and other tasks waiting for it go on waiting. If the future is
     * finished at the same moment as the task is cancelled, exactly one of the two wins: either
     * this returns the outcome (and the cancellation hits at the task's next checkpoint) or it
     * throws {@code Cancelled} (and the outcome stays in the future, for other waiters and for a
     * later {@code get()}).
     *
     * @return the value given to {@link #setResult}
     * @throws FutureFailed if the future was given an exception; the cause is that exception
     * @throws FutureCancelled if the future was cancelled (a subclass of {@code FutureFailed})
     * @throws Cancelled if the calling task is cancelled before the future finishes
     * @throws io.weft.NoRuntimeError if not called from a task
     */
    public T get() {
        await();
        return result();
    }

    /**
     * Waits until the future has finished (or was cancelled), without reading its outcome (AnyIO's
     * {@code Future.wait()}): returns normally whether it has a value, an exception or was
     * cancelled. A checkpoint, cancelled exactly as {@link #get()} is.
     *
     * @throws Cancelled if the calling task is cancelled before the future finishes
     * @throws io.weft.NoRuntimeError if not called from a task
     */
    public void await() {
        done.await(Task.current(), this);
    }

    // ---------------------------------------------------------------- reading

    /** Whether the future has finished: it has a value, an exception, or was cancelled. */
    public boolean done() {
        return outcome != null;
    }

    /** The current status. */
    public Status status() {
        Object o = outcome;
        if (o == null) {
            return Status.PENDING;
        } else if (o == CANCELLED) {
            return Status.CANCELLED;
        } else if (o instanceof Failure) {
            return Status.FAILED;
        }
        return Status.FINISHED;
    }

    /**
     * The value, without waiting. Not a checkpoint.
     *
     * @throws FutureNotFinished if the future has not finished
     * @throws FutureCancelled if the future was cancelled
     * @throws FutureFailed if the future was given an exception; the cause is that exception
     */
    @SuppressWarnings("unchecked")
    public T result() {
        Object o = outcome;
        if (o instanceof Value v) {
            return (T) v.value();
        } else if (o instanceof Failure f) {
            throw new FutureFailed("the future raised an exception", f.error());
        } else if (o == CANCELLED) {
            throw new FutureCancelled("the future was cancelled");
        }
        throw new FutureNotFinished("the future has not finished yet");
    }

    /**
     * The exception given to {@link #setException}, or null if the future finished with a value.
     * Without waiting; not a checkpoint.
     *
     * @throws FutureNotFinished if the future has not finished
     * @throws FutureCancelled if the future was cancelled
     */
    public Throwable exception() {
        Object o = outcome;
        if (o instanceof Value) {
            return null;
        } else if (o instanceof Failure f) {
            return f.error();
        } else if (o == CANCELLED) {
            throw new FutureCancelled("the future was cancelled");
        }
        throw new FutureNotFinished("the future has not finished yet");
    }

    /** A snapshot of the number of waiting tasks. */
    public FutureStatistics statistics() {
        return new FutureStatistics(done.waiting());
    }

    /** {@code Future[pending name='x']}: the status, and the name if there is one. */
    @Override
    public String toString() {
        String s = "Future[" + status().name().toLowerCase(Locale.ROOT);
        return (name == null ? s : s + " name='" + name + "'") + "]";
    }
}
