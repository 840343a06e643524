package io.weft.examples.docs;

import io.weft.CancelScope;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;

/**
 * The code samples of docs/cancellation.md (see {@code DocSamples}); {@code CancellationPageTest}
 * runs them on every backend.
 */
public final class CancellationPage {
    private final Path file = Path.of("report.pdf");
    private final String url = "/index.html";
    private final long extra = Duration.ofSeconds(1).toNanos();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    /** A task cancels the scope another task's code runs in. */
    public static void cancelScopes() {
        TaskGroup.run(tg -> {
            // region cancel-scope
            CancelScope scope = new CancelScope();
            scope.run(s -> {
                tg.startSoon(() -> { Weft.sleep(Duration.ofSeconds(1)); s.cancel("enough"); });
                Weft.sleepForever();                   // ends when the scope is cancelled
            });
            System.out.println(scope.cancelledCaught());   // true
            // endregion
        });
    }

    void upload(Path file) {
        Weft.sleep(Duration.ofMillis(10));
        System.out.println("uploaded " + file);
    }

    String fetch(String url) {
        Weft.sleep(Duration.ofMillis(10));
        return "page " + url;
    }

    void flush() {
        System.out.println("flushed");
    }

    void work() {
        Weft.sleep(Duration.ofMillis(10));
    }

    String poll(BlockingQueue<String> queue) throws InterruptedException {
        return queue.take(); // nothing comes: the timeout interrupts the take
    }

    /** The shapes a timeout's body takes. */
    public void timeouts() throws TimeoutException, InterruptedException {
        // region timeout-shapes
        Weft.failAfter(Duration.ofSeconds(5), () -> upload(file));            // void body
        String page = Weft.failAfter(Duration.ofSeconds(5), () -> fetch(url)); // its value is returned
        Weft.failAfter(Duration.ofSeconds(5), this::flush);                    // method reference
        Weft.failAfter(Duration.ofSeconds(5), s -> {                           // the scope, to move the
            s.deadline(s.deadline() + extra);                                  // deadline or cancel it
            work();
        });
        CancelScope scope = Weft.moveOnAfter(Duration.ofMillis(200), () -> poll(queue));
        // endregion
        System.out.println(page + ", moved on: " + scope.cancelledCaught());
    }

    /** A connection whose polite close takes a while. */
    public static final class Connection {
        /** Says goodbye to the peer: a wait, so it needs a shield in a cancelled task. */
        public void closePolitely() {
            Weft.sleep(Duration.ofMillis(100));
            System.out.println("closed politely");
        }
    }

    /** Cleanup that waits, in a task whose work is cancelled. */
    public void shielding(Connection connection) {
        // region shield
        try {
            work();
        } finally {
            Weft.moveOnAfterShielded(Duration.ofSeconds(5), s -> connection.closePolitely());
        }
        // endregion
    }
}
