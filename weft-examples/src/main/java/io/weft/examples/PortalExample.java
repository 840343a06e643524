package io.weft.examples;

import io.weft.Cancelled;
import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.thread.BlockingPortal;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain {@code main} thread uses Weft through a portal: it starts a runtime in a thread of its
 * own, runs three tasks in it, cancels one of them through its {@code CompletableFuture}, and
 * closes the portal with nothing left running (AnyIO's {@code start_blocking_portal}).
 *
 * <p>Expected output: {@code a = alpha}, {@code b = beta}, {@code slow cancelled: true}, {@code
 * slow task saw Cancelled: true}, {@code portal threads left: 0}.
 */
public final class PortalExample {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** Runs the example on a runtime with {@code options}, printing to {@code out}. */
    public static void run(RunOptions options, PrintStream out) {
        AtomicBoolean slowSawCancelled = new AtomicBoolean();
        try (BlockingPortal portal = BlockingPortal.start(options, "weft-portal-example")) {
            CompletableFuture<String> a =
                    portal.startTaskSoon("fetch-a", () -> fetch("alpha", 100));
            CompletableFuture<String> b = portal.startTaskSoon("fetch-b", () -> fetch("beta", 200));
            CompletableFuture<String> slow =
                    portal.startTaskSoon(
                            "slow",
                            () -> {
                                try {
                                    return fetch("never", 3_600_000);
                                } catch (Cancelled c) {
                                    slowSawCancelled.set(true);
                                    throw c;
                                }
                            });
            out.println("a = " + a.join()); // a plain thread waits for a Weft task
            out.println("b = " + b.join());
            slow.cancel(true); // cancels the task's scope: its sleep ends with Cancelled
            out.println("slow cancelled: " + slow.isCancelled());
        } // close(): waits for the remaining task (the cancelled one) and ends the runtime
        out.println("slow task saw Cancelled: " + slowSawCancelled.get());
        long left =
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("weft-portal-example"))
                        .count();
        out.println("portal threads left: " + left);
    }

    private static String fetch(String what, long millis) {
        Weft.sleep(Duration.ofMillis(millis));
        return what;
    }
}
