package io.weft.sync;

import io.weft.TaskInfo;
import io.weft.WouldBlock;
import io.weft.internal.Task;
import io.weft.internal.Waiter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;

/**
 * Limits how many borrowers use something at once (AnyIO's {@code CapacityLimiter}): it has a
 * number of tokens, and each borrower holds at most one. A borrower is the calling task ({@link
 * #acquire()}) or any object on whose behalf a token is borrowed ({@link
 * #acquireOnBehalfOf(Object)}); borrowers are compared with {@code equals}.
 *
 * <pre>{@code
 * CapacityLimiter limiter = new CapacityLimiter(2);
 * TaskGroup.run(tg -> {
 *     for (int i = 0; i < 10; i++) {
 *         tg.startSoon(() -> {
 *             try (var _ = limiter.acquire()) {
 *                 useSharedResource();       // at most 2 tasks here at once
 *             }
 *         });
 *     }
 * });
 * }</pre>
 *
 * <p>The total is writable ({@link #totalTokens(int)}): raising it hands the new tokens to waiting
 * borrowers at once; lowering it takes no token back, new borrowers just wait until enough are
 * returned. A total of 0 is allowed (everyone waits), and so is an unbounded one ({@link
 * #unbounded()}, AnyIO's {@code math.inf}).
 *
 * <p>Thread-safe; the tasks of several runtimes may share one limiter. {@link
 * #acquireOnBehalfOfNowait}, {@link #releaseOnBehalfOf} and the {@code totalTokens} setters may be
 * called from any thread, also one that is not a Weft task.
 *
 * <h2>Checkpoints</h2>
 *
 * <ul>
 *   <li>{@link #acquire()} and {@link #acquireOnBehalfOf(Object)} are checkpoints: they throw
 *       {@link io.weft.Cancelled} first if the task is cancelled; if a token is free they take it
 *       and then let other tasks run without checking for cancellation again; otherwise they wait,
 *       and the wait can be cancelled. On the parallel backends, where a yield gives up the carrier
 *       only once the task's time slice is spent, that happens just before taking the token.
 *   <li>The {@code ...Nowait} methods, the {@code release...} methods, the {@code totalTokens}
 *       setters and the queries are not checkpoints and never block.
 * </ul>
 *
 * <p><b>Algorithm.</b> All state (the total, the borrowers in the order they got their tokens, and
 * the waiting borrowers in FIFO order, each with its {@link Waiter}) is guarded by one monitor. A
 * token that becomes free (a release, a raised total) goes straight to the first waiting borrower:
 * it is added to the borrowers <em>before</em> its waiter is resumed, so the token is reserved for
 * it and a {@code ...Nowait} call in between cannot take it (AnyIO #1170). A {@code ...Nowait} call
 * also fails while anyone waits, so nobody jumps the queue.
 *
 * <p><b>Invariants.</b> {@code borrowers.size() <= total} unless the total was lowered; a borrower
 * is never both borrowing and waiting; while a borrower waits, no token is free.
 *
 * <p><b>Linearisation points.</b> A borrow or release that need not wait: its critical section. A
 * handoff: the waiter's CAS in {@link Waiter#tryResume}. A waiter cancelled at the same moment
 * either wins that CAS with the cancellation, and the token goes to the next waiter (or stays
 * free), or loses it, and then returns holding the token and meets the cancellation at its next
 * checkpoint. A token is never lost.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>A token borrowed by {@link #acquire()} belongs to the task: release it in the same task
 *       (the {@link Held} it returns does). A token borrowed on behalf of an object is released on
 *       behalf of an <em>equal</em> object, from any task or thread.
 *   <li>Borrowers are keys: an object whose {@code equals} or {@code hashCode} changes while it
 *       borrows can never release its token.
 *   <li>One token per borrower: a task that needs two tokens at once (a recursive call) fails with
 *       {@link IllegalStateException}. Use a {@link Semaphore} for that.
 * </ul>
 */
public final class CapacityLimiter {
    private static final long UNBOUNDED = Long.MAX_VALUE;

    private static final String BORROWER_IS_NULL =
            "borrower is null: pass an object that stands for the holder (and release with the"
                    + " same one); acquire() borrows for the calling task";

    private final LinkedHashSet<Object> borrowers = new LinkedHashSet<>(); // also the monitor
    private final LinkedHashMap<Object, Waiter> waiting = new LinkedHashMap<>();
    private long total; // UNBOUNDED for infinity; guarded by the monitor

    /**
     * A limiter with {@code totalTokens} tokens.
     *
     * @throws IllegalArgumentException if {@code totalTokens} is negative
     */
    public CapacityLimiter(int totalTokens) {
        this.total = checkTotal(totalTokens);
    }

    /**
     * A limiter with {@code totalTokens} tokens, which must be {@link Double#POSITIVE_INFINITY}: an
     * unbounded limiter, as {@link #unbounded()} (AnyIO's {@code CapacityLimiter(math.inf)}). For a
     * finite total pass an {@code int}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public CapacityLimiter(double totalTokens) {
        this.total = checkTotal(totalTokens);
    }

    /** A limiter without a limit: every borrower gets a token at once. */
    public static CapacityLimiter unbounded() {
        return new CapacityLimiter(Double.POSITIVE_INFINITY);
    }

    // ---------------------------------------------------------------- tokens

    /**
     * The total number of tokens; {@link Double#POSITIVE_INFINITY} if unbounded. Not a checkpoint.
     */
    public double totalTokens() {
        synchronized (borrowers) {
            return total == UNBOUNDED ? Double.POSITIVE_INFINITY : total;
        }
    }

    /**
     * Sets the total number of tokens. Raising it hands the new tokens to waiting borrowers at
     * once, first come first served; lowering it takes no token back. Not a checkpoint; callable
     * from any thread.
     *
     * @throws IllegalArgumentException if {@code totalTokens} is negative
     */
    public void totalTokens(int totalTokens) {
        setTotal(checkTotal(totalTokens));
    }

    /**
     * Sets the total to {@code totalTokens}, which must be {@link Double#POSITIVE_INFINITY}: makes
     * the limiter unbounded and gives every waiting borrower a token.
     *
     * @throws IllegalArgumentException for any other value (pass an {@code int} for a finite total)
     */
    public void totalTokens(double totalTokens) {
        setTotal(checkTotal(totalTokens));
    }

    /** The number of tokens borrowed now. Not a checkpoint. */
    public int borrowedTokens() {
        synchronized (borrowers) {
            return borrowers.size();
        }
    }

    /**
     * The number of tokens free now: the total minus those borrowed (negative after the total was
     * lowered below the number borrowed); {@link Double#POSITIVE_INFINITY} if unbounded.
     */
    public double availableTokens() {
        synchronized (borrowers) {
            return total == UNBOUNDED
                    ? Double.POSITIVE_INFINITY
                    : (double) (total - borrowers.size());
        }
    }

    // ---------------------------------------------------------------- borrowing

    /**
     * Borrows a token for the calling task, waiting until one is free, and returns a {@link Held}
     * whose {@code close()} gives it back. A checkpoint. If this throws {@link io.weft.Cancelled},
     * the task borrowed nothing.
     *
     * @throws io.weft.Cancelled if the task is cancelled before it gets a token
     * @throws IllegalStateException if the task already holds one of this limiter's tokens
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public Held acquire() {
        Task t = Task.current();
        return acquire(t, TaskInfos.of(t));
    }

    /**
     * Borrows a token for the calling task if one is free, without waiting. Not a checkpoint.
     *
     * @throws WouldBlock if no token is free, or other borrowers are waiting
     * @throws IllegalStateException if the task already holds one of this limiter's tokens
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public void acquireNowait() {
        acquireOnBehalfOfNowait(TaskInfos.of(Task.current()));
    }

    /**
     * Borrows a token on behalf of {@code borrower}, waiting (in the calling task) until one is
     * free, and returns a {@link Held} whose {@code close()} gives it back on the borrower's
     * behalf. A checkpoint. If this throws {@link io.weft.Cancelled}, nothing was borrowed.
     *
     * @throws io.weft.Cancelled if the calling task is cancelled before it gets a token
     * @throws IllegalStateException if {@code borrower} already holds one of this limiter's tokens
     *     or is already waiting for one
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public Held acquireOnBehalfOf(Object borrower) {
        Objects.requireNonNull(borrower, BORROWER_IS_NULL);
        return acquire(Task.current(), borrower);
    }

    /**
     * Borrows a token on behalf of {@code borrower} if one is free, without waiting. Not a
     * checkpoint; callable from any thread.
     *
     * @throws WouldBlock if no token is free, or other borrowers are waiting
     * @throws IllegalStateException if {@code borrower} already holds one of this limiter's tokens
     */
    public void acquireOnBehalfOfNowait(Object borrower) {
        Objects.requireNonNull(borrower, BORROWER_IS_NULL);
        synchronized (borrowers) {
            if (!tryBorrowLocked(borrower)) {
                throw new WouldBlock(
                        waiting.isEmpty()
                                ? "all " + total + " tokens of the limiter are borrowed"
                                : waiting.size()
                                        + " borrowers are waiting for the limiter's tokens");
            }
        }
    }

    /**
     * Gives back the calling task's token; the first waiting borrower, if any, gets it at once. Not
     * a checkpoint.
     *
     * @throws IllegalStateException if the task holds none of this limiter's tokens
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public void release() {
        releaseOnBehalfOf(TaskInfos.of(Task.current()));
    }

    /**
     * Gives back the token {@code borrower} holds; the first waiting borrower, if any, gets it at
     * once. Not a checkpoint; callable from any thread.
     *
     * @throws IllegalStateException if {@code borrower} holds none of this limiter's tokens
     */
    public void releaseOnBehalfOf(Object borrower) {
        Objects.requireNonNull(borrower, BORROWER_IS_NULL);
        synchronized (borrowers) {
            if (!borrowers.remove(borrower)) {
                throw new IllegalStateException(
                        "this borrower isn't holding any of this CapacityLimiter's tokens: "
                                + describe(borrower));
            }
            grantLocked();
        }
    }

    /** A snapshot: tokens borrowed, the total, the borrowers and the number waiting. */
    public CapacityLimiterStatistics statistics() {
        synchronized (borrowers) {
            return new CapacityLimiterStatistics(
                    borrowers.size(),
                    total == UNBOUNDED ? Double.POSITIVE_INFINITY : total,
                    new ArrayList<>(borrowers),
                    waiting.size());
        }
    }

    @Override
    public String toString() {
        synchronized (borrowers) {
            return "CapacityLimiter[borrowed="
                    + borrowers.size()
                    + ", total="
                    + (total == UNBOUNDED ? "unbounded" : String.valueOf(total))
                    + ", waiting="
                    + waiting.size()
                    + "]";
        }
    }

    // ---------------------------------------------------------------- internals

    private Held acquire(Task t, Object borrower) {
        t.checkCancelled();
        t.yieldBeforeTaking();
        Waiter w;
        synchronized (borrowers) {
            if (tryBorrowLocked(borrower)) {
                w = null;
            } else {
                if (waiting.containsKey(borrower)) {
                    throw new IllegalStateException(
                            "this borrower is already waiting for one of this CapacityLimiter's"
                                    + " tokens: "
                                    + describe(borrower));
                }
                w = new Waiter(t, true);
                waiting.put(borrower, w);
            }
        }
        Held release = () -> releaseOnBehalfOf(borrower);
        if (w == null) {
            t.yieldAfterTaking();
            return release;
        }
        if (w.await(this) == Waiter.RESUMED) {
            return release; // a releaser made it a borrower before resuming the waiter
        }
        // CANCELLED: no releaser chose this waiter (one that took it lost tryResume, took the
        // borrower out again and offered the token to the next waiter).
        synchronized (borrowers) {
            waiting.remove(borrower, w);
        }
        throw t.cancelledNow();
    }

    private boolean tryBorrowLocked(Object borrower) {
        if (borrowers.contains(borrower)) {
            throw new IllegalStateException(
                    "this borrower is already holding one of this CapacityLimiter's tokens: "
                            + describe(borrower));
        }
        if (!waiting.isEmpty() || borrowers.size() >= total) {
            return false;
        }
        borrowers.add(borrower);
        return true;
    }

    private void setTotal(long newTotal) {
        synchronized (borrowers) {
            total = newTotal;
            grantLocked();
        }
    }

    /** Hands free tokens to the waiting borrowers, first come first served. */
    private void grantLocked() {
        Iterator<Map.Entry<Object, Waiter>> it = waiting.entrySet().iterator();
        while (borrowers.size() < total && it.hasNext()) {
            Map.Entry<Object, Waiter> e = it.next();
            it.remove();
            Object borrower = e.getKey();
            borrowers.add(borrower); // reserved before the waiter wakes
            if (!e.getValue().tryResume(null)) {
                // Lost: that waiter was cancelled first; it does not get the token.
                borrowers.remove(borrower);
            }
        }
    }

    private static long checkTotal(int totalTokens) {
        if (totalTokens < 0) {
            throw new IllegalArgumentException("totalTokens must be >= 0, but was " + totalTokens);
        }
        return totalTokens;
    }

    private static long checkTotal(double totalTokens) {
        if (totalTokens != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(
                    "totalTokens must be an int or Double.POSITIVE_INFINITY (unbounded), but was "
                            + totalTokens);
        }
        return UNBOUNDED;
    }

    private static String describe(Object borrower) {
        return borrower instanceof TaskInfo info
                ? "task '" + info.name() + "' (id " + info.id() + ")"
                : String.valueOf(borrower);
    }
}
