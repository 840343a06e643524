package io.weft.examples;

import io.weft.CancelScope;
import io.weft.ExceptionGroup;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Timeouts, the second program of docs/coming-from-kotlin-and-structured-task-scope.md: the forms a
 * time limit takes in Weft, each beside what a Kotlin or {@code StructuredTaskScope} user would
 * write.
 *
 * <ol>
 *   <li>{@code failAfter} returns the body's value (Kotlin's {@code withTimeout});
 *   <li>or throws {@link TimeoutException} at the deadline;
 *   <li>{@code moveOnAfter} moves on and says so; a {@link CancelScope} with a deadline gives the
 *       value or null (Kotlin's {@code withTimeoutOrNull});
 *   <li>time limits nest: an outer deadline that fires first goes through an inner {@code
 *       failAfter}, which then throws no {@code TimeoutException};
 *   <li>a task ended by its {@code failAfter} fails its group, like any exception;
 *   <li>cleanup after a timeout may wait, under a shield (Kotlin's {@code NonCancellable}).
 * </ol>
 *
 * <p>The slow work is a {@link Weft#sleep} of 10 s, far past the 500 ms limits, so the program runs
 * on virtual time too (its test runs it on a {@code MockClock}). Expected output:
 *
 * <pre>
 * 1. failAfter returned: page /fast
 * 2. failAfter threw java.util.concurrent.TimeoutException: /slow took longer than 500 ms
 * 3. moveOnAfter: cancelledCaught = true
 *    CancelScope.call with a deadline returned: null
 * 4. the outer deadline fired: outer cancelledCaught = true, inner TimeoutException = false
 * 5. the group failed: [java.util.concurrent.TimeoutException: deadline exceeded]
 * 6. cleanup slept 100 ms under a shield after the timeout
 *    moveOnAfter: cancelledCaught = true
 * </pre>
 */
public final class TimeLimits {
    private TimeLimits() {}

    private static final Duration LIMIT = Duration.ofMillis(500);
    private static final Duration FAST = Duration.ofMillis(100);
    private static final Duration SLOW = Duration.ofSeconds(10);

    /** Runs the program on the backend named by the optional argument. */
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** Fetches {@code path}: waits {@code latency} (a checkpoint), then returns the page. */
    static String fetch(String path, Duration latency) {
        Weft.sleep(latency);
        return "page " + path;
    }

    /** The six parts, one after the other, in one runtime. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(options, () -> parts(out));
    }

    /**
     * The six parts (the Weft block of docs/coming-from-kotlin-and-structured-task-scope.md, part
     * 2). In part 4 the outer deadline of 500 ms fires first, its cancellation goes through the
     * inner scope, and only the outer scope catches it: the inner {@code failAfter} throws {@code
     * TimeoutException} only for its own deadline. In part 5 the task ended by its {@code
     * failAfter} fails, so the group cancels its other task and throws (Kotlin's {@code
     * TimeoutCancellationException} would end only that coroutine, as a cancellation, and its
     * parent would go on). In part 6 the cleanup in a {@code finally} after the deadline would
     * throw {@code Cancelled} again at its first checkpoint (cancellation is level-triggered); in a
     * shielded scope, with a limit of its own, it can wait.
     */
    static void parts(PrintStream out) {
        // region time-limits
        try {
            String page = Weft.failAfter(LIMIT, () -> fetch("/fast", FAST));                      // 1
            out.println("1. failAfter returned: " + page);
            Weft.failAfter(LIMIT, "/slow took longer than 500 ms", () -> fetch("/slow", SLOW));    // 2
            out.println("never printed: the deadline ends the fetch");
        } catch (TimeoutException e) {        // java.util.concurrent.TimeoutException: checked
            out.println("2. failAfter threw " + e);
        }

        CancelScope scope = Weft.moveOnAfter(LIMIT, () -> fetch("/slow", SLOW));                   // 3
        out.println("3. moveOnAfter: cancelledCaught = " + scope.cancelledCaught());               // true
        String orNull = new CancelScope().deadline(Weft.now() + LIMIT.toNanos())
                .call(() -> fetch("/slow", SLOW));
        out.println("   CancelScope.call with a deadline returned: " + orNull);                    // null

        boolean[] innerTimedOut = {false};
        CancelScope outer = Weft.moveOnAfter(LIMIT, () -> {                                        // 4
            try { Weft.failAfter(Duration.ofSeconds(5), () -> fetch("/slow", SLOW)); }
            catch (TimeoutException e) { innerTimedOut[0] = true; }   // not reached: the inner deadline did not fire
        });
        out.println("4. the outer deadline fired: outer cancelledCaught = " + outer.cancelledCaught()
                + ", inner TimeoutException = " + innerTimedOut[0]);

        try {
            TaskGroup.run(tg -> {                                                                  // 5
                tg.startSoon(() -> Weft.failAfter(LIMIT, () -> fetch("/slow", SLOW)));  // fails the group:
                tg.startSoon(() -> fetch("/other", SLOW));                             // this one is cancelled
            });
        } catch (ExceptionGroup failed) {
            out.println("5. the group failed: " + failed.exceptions());  // [TimeoutException: deadline exceeded]
        }

        CancelScope cleanup = Weft.moveOnAfter(LIMIT, () -> {                                      // 6
            try { fetch("/slow", SLOW); }
            finally {
                Weft.moveOnAfterShielded(Duration.ofSeconds(1), () -> {   // a shield with a limit of its own
                    Weft.sleep(FAST);                                     // say goodbye to the server
                    out.println("6. cleanup slept 100 ms under a shield after the timeout");
                });
            }
        });
        out.println("   moveOnAfter: cancelledCaught = " + cleanup.cancelledCaught());
        // endregion
    }
}
