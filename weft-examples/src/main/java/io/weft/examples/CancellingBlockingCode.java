package io.weft.examples;

import io.weft.CancelScope;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Event;
import io.weft.thread.FromThread;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Cancelling blocking code, the fourth program of
 * docs/coming-from-kotlin-and-structured-task-scope.md: what a cancellation does to code that
 * blocks outside Weft, in the three places such code can run.
 *
 * <ol>
 *   <li>In the task itself: a task blocked in a JDK call ({@code BlockingQueue.take()}) is
 *       interrupted when its scope is cancelled, here by a deadline; the {@code
 *       InterruptedException} counts as the cancellation, the scope swallows it, and the interrupt
 *       flag is cleared when the task leaves the scope. (Kotlin needs {@code runInterruptible} for
 *       this.)
 *   <li>In a worker thread ({@code ToThread.runSync}), by default: the worker is never interrupted
 *       and its caller waits for it; a long computation asks {@code FromThread.checkCancelled()}
 *       (Kotlin's {@code ensureActive()}), which throws the caller's cancellation in the worker.
 *   <li>In a worker thread with {@code abandonOnCancel(true)}: the caller stops waiting at once;
 *       the function runs on in its thread and its result is dropped.
 * </ol>
 *
 * <p>Part 1 needs a real deadline: a task blocked outside Weft is not parked in a Weft wait, so
 * virtual time would never jump. The deadlines are 100 ms, and the output does not depend on how
 * long anything takes. Expected output:
 *
 * <pre>
 * 1. take() was interrupted at the deadline: cancelledCaught = true
 *    interrupt flag after the scope: false
 * 2. worker: stopped at FromThread.checkCancelled()
 *    the caller's runSync threw Cancelled, and the group swallowed it
 * 3. abandoned at the deadline: cancelledCaught = true, the worker is still blocked
 *    the abandoned function has returned since; its result was dropped
 * </pre>
 */
public final class CancellingBlockingCode {
    private CancellingBlockingCode() {}

    private static final Duration LIMIT = Duration.ofMillis(100);

    /** Runs the program on the backend named by the optional argument. */
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** The three parts, one after the other, in one runtime. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(options, () -> parts(out));
    }

    /**
     * The three parts (the Weft block of docs/coming-from-kotlin-and-structured-task-scope.md, part
     * 4).
     *
     * <ol>
     *   <li>The task itself waits in {@code BlockingQueue.take()}, which nothing will ever satisfy.
     *       At the deadline Weft interrupts the task; the {@code InterruptedException} leaves the
     *       body while the scope is cancelled, so it is that cancellation and the scope swallows
     *       it.
     *   <li>A computation in a worker thread polls {@code FromThread.checkCancelled()}. Once it
     *       runs, the host cancels the group; the worker's next check throws {@code Cancelled},
     *       which {@code runSync} rethrows in the calling task, and the group, whose cancellation
     *       it is, swallows it.
     *   <li>A worker call that ignores cancellation (it waits in {@code CompletableFuture.join()},
     *       which no interrupt ends, as a legacy client might wait on a socket) with {@code
     *       abandonOnCancel(true)}: at the deadline the caller throws {@code Cancelled} at once,
     *       and {@code moveOnAfter} swallows it; the function runs on in its thread. Then the
     *       program lets it finish, and waits for that through an {@link Event}.
     * </ol>
     */
    static void parts(PrintStream out) {
        // region blocking
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();            // nothing is ever put
        CancelScope scope;
        try {
            scope = Weft.moveOnAfter(LIMIT, () -> queue.take());              // 1. in the task itself
        } catch (InterruptedException notFromWeft) {                          // an interrupt Weft did not send
            throw new IllegalStateException(notFromWeft);
        }
        out.println("1. take() was interrupted at the deadline: cancelledCaught = "
                + scope.cancelledCaught());                                   // true
        out.println("   interrupt flag after the scope: "
                + Thread.currentThread().isInterrupted());                    // false: Weft cleared it

        Event running = new Event();
        TaskGroup.run(tg -> {                                                 // 2. in a worker thread
            tg.startSoon(() -> ToThread.runSync(() -> {
                running.set();                                                // Event.set works from any thread
                try {
                    long sum = 0;
                    for (long i = 0; i < Long.MAX_VALUE; i++) {
                        FromThread.checkCancelled();                          // Kotlin: ensureActive()
                        sum += i;
                    }
                    out.println("never printed: " + sum);
                } finally {
                    out.println("2. worker: stopped at FromThread.checkCancelled()");
                }
            }));
            running.await();
            tg.cancel("the result is no longer needed");
        });
        out.println("   the caller's runSync threw Cancelled, and the group swallowed it");

        CompletableFuture<Void> release = new CompletableFuture<>();
        Event returned = new Event();
        CancelScope abandoned = Weft.moveOnAfter(LIMIT, () -> ToThread.runSync(    // 3. abandoned
                ToThreadOptions.defaults().abandonOnCancel(true),
                () -> {
                    try { release.join(); return "a late result"; }          // deaf to interrupts
                    finally { returned.set(); }
                }));
        out.println("3. abandoned at the deadline: cancelledCaught = " + abandoned.cancelledCaught()
                + ", the worker is still blocked");
        release.complete(null);                                               // let it return now
        returned.await();
        out.println("   the abandoned function has returned since; its result was dropped");
        // endregion
    }
}
