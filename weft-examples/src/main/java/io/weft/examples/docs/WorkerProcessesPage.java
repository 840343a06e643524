package io.weft.examples.docs;

import io.weft.CancelScope;
import io.weft.Weft;
import io.weft.process.SerializableCallable;
import io.weft.process.ToProcess;
import io.weft.process.ToProcessOptions;
import io.weft.sync.CapacityLimiter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The code samples of docs/worker-processes.md (see {@code DocSamples}); {@code
 * WorkerProcessesPageTest} runs them. What runs in a worker JVM is a static method or a class of
 * this module, found there on the same class path.
 */
public final class WorkerProcessesPage {
    /** The number of primes below {@code n}, by trial division: CPU-bound work. */
    static long countPrimes(int n) {
        long count = 0;
        for (int i = 2; i < n; i++) {
            boolean prime = true;
            for (int d = 2; (long) d * d <= i; d++) {
                if (i % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }

    /** Counts primes in a worker JVM. Call it outside any runtime. */
    public static void primes() {
        // region primes
        Weft.run(() -> {
            long primes = ToProcess.runSync(() -> countPrimes(5_000_000));   // in another JVM
            System.out.println(primes);
        });
        // endregion
    }

    /** What {@link #render} draws. */
    public record Scene(String name) implements Serializable {}

    static void render(Scene scene, String out) throws IOException {
        Files.writeString(Path.of(out), "a picture of " + scene.name());
    }

    /** A function that throws what it throws, and one that returns nothing. */
    public static void functions(String path, Scene scene, String out) throws IOException {
        // region functions
        // path is a String: a java.nio.file.Path is not Serializable
        String text = ToProcess.runSync(() -> Files.readString(Path.of(path)));  // declares IOException
        ToProcess.runSync(() -> { render(scene, out); });                        // void: a SerializableRunnable
        // endregion
        System.out.println(text + ", " + Files.readString(Path.of(out)));
    }

    /** A named class as the function. */
    public static void namedClass() throws InterruptedException {
        // region named-class
        final class Hello implements SerializableCallable<String, InterruptedException> {
            private static final long serialVersionUID = 1L;

            @Override
            public String call() throws InterruptedException {
                Thread.sleep(100);
                return "Hello, world!";
            }
        }

        String greeting = ToProcess.runSync(new Hello());
        // endregion
        System.out.println(greeting);
    }

    /** The options. */
    public static ToProcessOptions options() {
        return
        // region options
        ToProcessOptions.defaults()                      // not cancellable, the default limiter
                .cancellable(true)                       // a cancellation kills the worker
                .limiter(new CapacityLimiter(2));        // at most two of these at once
        // endregion
    }

    /** A search that never ends by itself, in a worker JVM. */
    static long search(long space) {
        long best = 0;
        for (long i = 0; i < space; i++) {
            best = Math.max(best, (i * 31) % 1_000_003);
        }
        return best;
    }

    private long best = -1;

    /** A search cut short by a timeout, which kills its worker. */
    public void cancellable() {
        long space = Long.MAX_VALUE;
        // region cancellable
        CancelScope s = Weft.moveOnAfter(Duration.ofSeconds(1),
                scope -> best = ToProcess.runSync(ToProcessOptions.defaults().cancellable(true),
                        () -> search(space)));
        if (s.cancelledCaught()) { /* the search's worker was killed */ }
        // endregion
        System.out.println("cancelled: " + s.cancelledCaught() + ", best: " + best);
    }
}
