package io.weft.examples.docs;

import io.weft.TaskGroup;
import io.weft.TaskLocal;
import io.weft.TaskStatus;
import io.weft.Weft;
import io.weft.stream.MemoryObjectSendStream;
import io.weft.stream.MemoryObjectStream;
import io.weft.sync.CapacityLimiter;
import io.weft.thread.BlockingPortal;
import io.weft.thread.FromThread;
import io.weft.thread.StartedTask;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The code samples of docs/threads.md (see {@code DocSamples}); {@code ThreadsPageTest} runs them
 * on every backend.
 */
public final class ThreadsPage {
    private ThreadsPage() {}

    /** A client with a blocking API. */
    public static final class LegacyClient {
        /** Sends, blocking the calling thread a moment. */
        public void send(String request) throws InterruptedException {
            Thread.sleep(10);
            System.out.println("sent " + request);
        }

        /** Reads lines, blocking the calling thread. */
        public List<String> lines() throws InterruptedException {
            Thread.sleep(10);
            return List.of("one", "two", "three");
        }
    }

    /** A database API that blocks. */
    public static final class Jdbc {
        /** Runs a query, blocking the calling thread a moment. */
        public List<String> query(String sql) throws InterruptedException {
            Thread.sleep(10);
            return List.of("row 1", "row 2");
        }
    }

    /** Blocking calls in worker threads. */
    public static void toThread(Path path, LegacyClient legacyClient, Jdbc jdbc)
            throws IOException, InterruptedException {
        String request = "GET /";
        String sql = "SELECT 1";
        // region to-thread
        byte[] data = ToThread.runSync(() -> Files.readAllBytes(path));     // checked exceptions pass
        ToThread.runSync(() -> legacyClient.send(request));                 // void code too

        CapacityLimiter db = new CapacityLimiter(4);
        ToThread.runSync(ToThreadOptions.defaults().limiter(db), () -> jdbc.query(sql));
        // endregion
        System.out.println(data.length + " bytes");
    }

    /** A worker thread sends lines to a stream that a task reads. */
    public static void fromThread(LegacyClient legacy) {
        var stream = MemoryObjectStream.<String>create(0);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (var rx = stream.receiveStream()) {
                    for (String line : rx) {
                        System.out.println("line " + line);
                    }
                }
            });
            try (MemoryObjectSendStream<String> lines = stream.sendStream()) {
                // region from-thread
                ToThread.runSync(() -> {
                    for (String line : legacy.lines()) {
                        FromThread.checkCancelled();             // stop early if the caller was cancelled
                        FromThread.run(() -> lines.send(line));  // a Weft wait, run in the runtime
                    }
                });
                // endregion
            }
        });
    }

    static int fetchCount() {
        Weft.sleep(Duration.ofMillis(10));
        System.out.println("counted 3");
        return 3;
    }

    static String slowLookup() {
        Weft.sleep(Duration.ofHours(1));
        return "never";
    }

    static void serve(TaskStatus<Integer> status) {
        status.started(8080);
        System.out.println("serving on 8080");
        Weft.sleep(Duration.ofMillis(50));
    }

    static void work() {
        System.out.println("work in " + Weft.currentTask().name());
    }

    /** A plain thread uses a runtime through a portal. Call it outside any runtime. */
    public static void portal() throws Exception {
        // region portal
        try (BlockingPortal portal = BlockingPortal.start()) {             // a runtime in a new thread
            int n = portal.call(() -> fetchCount());                        // a Weft task; blocks
            CompletableFuture<String> f = portal.startTaskSoon(() -> slowLookup());
            f.cancel(true);                                                 // cancels that task
            StartedTask<Integer, Void> server = portal.startTask(status -> serve(status)); // waits for started
            BlockingPortal.Resource<TaskGroup> group = use -> TaskGroup.run(tg -> use.accept(tg));
            portal.withResource(group, tg -> portal.call(() -> tg.startSoon(() -> work()))); // lends it
        }                                                                   // waits for the rest, ends
        // endregion
    }

    static void log(String message) {
        System.out.println("request " + message);
    }

    // region task-local
    static final TaskLocal<String> REQUEST_ID = new TaskLocal<>("requestId", "-");

    static void handle(String id) {
        REQUEST_ID.set(id);
        TaskGroup.run(tg -> tg.startSoon(() -> log(REQUEST_ID.get())));  // the child sees id
        ToThread.runSync(() -> log(REQUEST_ID.get()));                   // so does the worker
    }
    // endregion
}
