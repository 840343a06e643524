package io.weft.examples.docs;

import io.weft.BusyResourceError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.CapacityLimiter;
import io.weft.sync.Condition;
import io.weft.sync.Future;
import io.weft.sync.Futures;
import io.weft.sync.Lock;
import io.weft.sync.ResourceGuard;
import io.weft.sync.Semaphore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * The code samples of docs/synchronization.md (see {@code DocSamples}); {@code
 * SynchronizationPageTest} runs them on every backend.
 */
public final class SynchronizationPage {
    private int balance;

    /** Adds to the balance under a lock, then reads it under the lock. */
    public int lock(int amount) {
        // region lock
        Lock lock = new Lock();
        try (var _ = lock.acquire()) {           // waits if another task holds it
            balance += amount;
        }                                        // released here, however the block ends
        int b = lock.withLock(() -> balance);    // the same, as a lambda
        // endregion
        return b;
    }

    /** A consumer waits for an item that a producer adds and signals. */
    public static void condition() {
        // region condition
        Condition changed = new Condition();                  // or new Condition(existingLock)
        Deque<String> queue = new ArrayDeque<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {                              // a consumer
                try (var _ = changed.acquire()) {
                    changed.awaitFor(() -> !queue.isEmpty()); // releases the lock while it waits
                    System.out.println("got " + queue.poll());
                }
            });
            try (var _ = changed.acquire()) {                 // the producer
                queue.add("an item");
                changed.signal();                             // signal(n), signalAll()
            }
        });
        // endregion
    }

    static void useSharedResource() {
        Weft.sleep(Duration.ofMillis(10));
    }

    /** Two slots. */
    public static void semaphore() {
        // region semaphore
        Semaphore slots = new Semaphore(2);              // or new Semaphore(2, maxValue), fastAcquire
        try (var _ = slots.acquire()) {                  // waits while the value is 0
            useSharedResource();
        }
        // endregion
        System.out.println("value " + slots.value());
    }

    /** Tokens for the task and for an object, then more tokens. */
    public static void capacityLimiter(Object connection) {
        // region capacity-limiter
        CapacityLimiter limiter = new CapacityLimiter(2);   // CapacityLimiter.unbounded(), or 0
        try (var _ = limiter.acquire()) {                   // one token per borrower
            useSharedResource();
        }
        try (var _ = limiter.acquireOnBehalfOf(connection)) {
            useSharedResource();
        }
        limiter.totalTokens(4);                             // wakes waiters for the new tokens at once
        // endregion
        System.out.println("tokens " + limiter.availableTokens());
    }

    /** What {@link #loadConfig} loads. */
    public record Config(int port) {}

    static Config loadConfig() {
        Weft.sleep(Duration.ofMillis(50));
        return new Config(8080);
    }

    static void serve(Config config) {
        System.out.println("serving on " + config.port());
    }

    /** One loader, three waiters. */
    public static void future() {
        // region future
        Future<Config> config = new Future<>("config");
        TaskGroup.run(tg -> {
            tg.startSoon(() -> config.setResult(loadConfig()));     // or setException(e), or cancel()
            for (int i = 0; i < 3; i++) {
                tg.startSoon(() -> serve(config.get()));             // each waits for the same value
            }
        });
        // endregion
    }

    /** What {@link #build} builds. */
    public record Report(String title) {}

    static Report build() {
        Weft.sleep(Duration.ofMillis(10));
        return new Report("weekly");
    }

    /** A JDK future awaited in a task, and a task seen as a JDK future. */
    public static void completableFutures(HttpClient client, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        TaskGroup.run(tg -> {
            // region completable-futures
            HttpResponse<String> r = Futures.await(client.sendAsync(request, BodyHandlers.ofString()));
            CompletableFuture<Report> report = tg.startSoon(() -> build()).toCompletableFuture();
            // endregion
            System.out.println(r.body() + ", " + Futures.await(report).title());
        });
    }

    /** A stream that one task at a time may read. */
    public static final class GuardedStream {
        private byte[] readChunk() {
            Weft.sleep(Duration.ofMillis(100));
            return "chunk".getBytes(StandardCharsets.UTF_8);
        }

        // region resource-guard
        private final ResourceGuard receiveGuard = new ResourceGuard("reading from");

        public byte[] receive() {
            try (var _ = receiveGuard.use()) {   // another task's concurrent receive() throws
                return readChunk();              // "Another task is already reading from this resource"
            }
        }
        // endregion
    }

    /** Two tasks read one guarded stream at once: the second gets the error. */
    public static void resourceGuard() {
        GuardedStream stream = new GuardedStream();
        TaskGroup.run(tg -> {
            tg.startSoon(
                    () -> System.out.println(new String(stream.receive(), StandardCharsets.UTF_8)));
            Weft.waitAllTasksBlocked();
            try {
                stream.receive();
            } catch (BusyResourceError e) {
                System.out.println(e.getMessage());
            }
        });
    }
}
