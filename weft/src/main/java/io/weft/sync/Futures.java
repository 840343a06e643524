package io.weft.sync;

import io.weft.Cancelled;
import io.weft.internal.Latch;
import io.weft.internal.Task;
import io.weft.internal.sync.CompletionLatches;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waiting for a JDK {@link CompletableFuture} in a task: the bridge from code that returns one (an
 * HTTP client, a database driver, an executor) to Weft's cancellation.
 *
 * <pre>{@code
 * HttpResponse<String> r = Futures.await(client.sendAsync(request, BodyHandlers.ofString()));
 * }</pre>
 *
 * <p>{@link #await} is {@link CompletableFuture#join()} that a cancel scope can end: it returns or
 * throws what {@code join()} would, and if the calling task is cancelled first it throws {@link
 * Cancelled} and leaves the future alone (it may still complete, for other waiters). {@link
 * #awaitAndCancel} also cancels the future when the wait is cancelled, for a future whose only
 * purpose was this wait. The other direction, a task's outcome as a {@code CompletableFuture}, is
 * {@link io.weft.TaskHandle#toCompletableFuture()}.
 *
 * <p>Waiting registers one callback per future, however many tasks wait for it and however many
 * waits are given up: a wait that is cancelled leaves nothing behind on the future.
 *
 * <p><b>Pitfalls.</b> Calling {@code join()} or {@code get()} in a task instead blocks the task's
 * thread: a cancel scope can end that only by interrupting it ({@code get()} throws {@code
 * InterruptedException}; {@code join()} cannot be interrupted at all), and on the SERIAL backend it
 * blocks every task of the runtime. The name clashes with {@link Future}, Weft's own one-shot slot:
 * this class is for the JDK's futures.
 */
public final class Futures {
    private Futures() {}

    /**
     * Waits until {@code future} completes and returns its value, as {@code join()} would. A
     * checkpoint, even when the future is already complete. If this throws {@link Cancelled}, the
     * wait ended before the future did, and the future was left as it was.
     *
     * @throws CompletionException if the future completed exceptionally; the cause is its exception
     * @throws CancellationException if the future was cancelled
     * @throws Cancelled if the calling task is cancelled first
     * @throws io.weft.NoRuntimeError if called outside a Weft task
     * @throws NullPointerException if {@code future} is null
     */
    public static <T> T await(CompletableFuture<T> future) {
        Objects.requireNonNull(future, "future");
        Task t = Task.current();
        if (future.isDone()) {
            t.checkCancelled();
            t.yieldPoint();
        } else {
            Latch latch = CompletionLatches.of(future);
            latch.await(t, future);
        }
        return future.join();
    }

    /**
     * As {@link #await}, and if the wait is cancelled, cancels {@code future} too ({@code
     * cancel(true)}) before throwing the {@link Cancelled}: for a future whose only purpose was
     * this wait, so that the work behind it stops. What cancelling the future does to that work is
     * up to whoever made it (a {@code CompletableFuture} from {@code supplyAsync} does not
     * interrupt its computation; the JDK's HTTP client does cancel the exchange).
     *
     * @throws CompletionException if the future completed exceptionally; the cause is its exception
     * @throws CancellationException if the future was cancelled by someone else
     * @throws Cancelled if the calling task is cancelled first (the future is then cancelled)
     * @throws io.weft.NoRuntimeError if called outside a Weft task
     * @throws NullPointerException if {@code future} is null
     */
    public static <T> T awaitAndCancel(CompletableFuture<T> future) {
        try {
            return await(future);
        } catch (Cancelled c) {
            future.cancel(true);
            throw c;
        }
    }
}
