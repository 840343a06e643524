package io.weft.examples;

import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.ExceptionGroup;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.io.PrintStream;

/**
 * Scenario S14, exception groups: "Task groups now wrap single exceptions in groups" on AnyIO's
 * migration page (migration.rst) and the failure rules of its tasks page (tasks.rst).
 *
 * <p>Expected output (the two member lines of part 2 in either order):
 *
 * <pre>
 * 1. unhandled errors in a TaskGroup (1 sub-exception)
 *    member: java.lang.IllegalArgumentException: bad argument
 *    collapsed: java.lang.IllegalArgumentException: bad argument
 * 2. unhandled errors in a TaskGroup (2 sub-exceptions)
 *    member: java.lang.IllegalArgumentException: child 1 failed while cancelled
 *    member: java.lang.IllegalStateException: child 2 failed while cancelled
 * 3. TaskGroup.run threw a single Cancelled, not an ExceptionGroup
 *    the outer scope swallowed it: cancelledCaught = true
 * 4. handled: [java.lang.IllegalArgumentException: bad value]
 *    propagated: [java.lang.IllegalStateException: bad state]
 * </pre>
 */
public final class ExceptionGroups {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /**
     * What a task group throws: always an {@link ExceptionGroup} when something failed, even a
     * single task; every failure, also those raised while the group was being cancelled; a single
     * {@link Cancelled} when the only reason to stop was an enclosing scope's cancellation. {@link
     * ExceptionGroup#except} plays Python's {@code except*}.
     */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    oneFailure(out);
                    failuresWhileCancelled(out);
                    onlyAnOuterCancellation(out);
                    exceptStar(out);
                });
    }

    /** One failing task: the group still throws a group (AnyIO 4), holding exactly that failure. */
    static void oneFailure(PrintStream out) {
        try {
            TaskGroup.run(tg ->
                    tg.startSoon(() -> {
                        throw new IllegalArgumentException("bad argument");
                    }));
        } catch (ExceptionGroup eg) {
            out.println("1. " + eg.getMessage());
            eg.exceptions().forEach(e -> out.println("   member: " + e));
            // The migration guide's helper for code that wants the single exception back.
            out.println("   collapsed: " + ExceptionGroup.collapse(eg));
        }
    }

    /** Two tasks fail while handling the group's cancellation: one group holds both. */
    static void failuresWhileCancelled(PrintStream out) {
        try {
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        failWhenCancelled(
                                new IllegalArgumentException("child 1 failed while cancelled")));
                tg.startSoon(() ->
                        failWhenCancelled(
                                new IllegalStateException("child 2 failed while cancelled")));
                tg.cancelScope().cancel();
            });
        } catch (ExceptionGroup eg) {
            out.println("2. " + eg.getMessage());
            // The members are in the order the failures happened: here either.
            eg.exceptions().forEach(e -> out.println("   member: " + e));
        }
    }

    static void failWhenCancelled(RuntimeException failure) {
        try {
            Weft.sleepForever();
        } catch (Cancelled c) {
            throw failure; // a failure during cleanup replaces the cancellation
        }
    }

    /**
     * Nothing fails, but an enclosing scope is cancelled: a single Cancelled, for it to swallow.
     */
    static void onlyAnOuterCancellation(PrintStream out) {
        CancelScope outer = new CancelScope();
        outer.run(o -> {
            try {
                TaskGroup.run(tg -> {
                    tg.startSoon(Weft::sleepForever);
                    tg.startSoon(Weft::sleepForever);
                    o.cancel();
                });
            } catch (Cancelled c) {
                out.println("3. TaskGroup.run threw a single Cancelled, not an ExceptionGroup");
                throw c; // the outer scope swallows it
            }
        });
        out.println(
                "   the outer scope swallowed it: cancelledCaught = " + outer.cancelledCaught());
    }

    /** Python's except*: handle the IllegalArgumentExceptions, let the rest propagate. */
    static void exceptStar(PrintStream out) {
        try {
            try {
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        throw new IllegalArgumentException("bad value");
                    });
                    tg.startSoon(() -> {
                        throw new IllegalStateException("bad state");
                    });
                });
            } catch (ExceptionGroup eg) {
                eg.except(
                                IllegalArgumentException.class,
                                matched -> out.println("4. handled: " + matched.exceptions()))
                        .rethrow(); // what no handler took propagates, still as a group
            }
        } catch (ExceptionGroup rest) {
            out.println("   propagated: " + rest.exceptions());
        }
    }
}
