package io.weft.examples.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.weft.Backend;
import io.weft.ExceptionGroup;
import io.weft.RunOptions;
import io.weft.StartedTaskHandle;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.net.Net;
import io.weft.net.SocketListener;
import io.weft.net.SocketStream;
import io.weft.stream.Listener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The code samples of docs/tasks.md. Each {@code // region} is shown on the page as it is (see
 * {@code DocSamples}); {@code TasksPageTest} runs every method, inside a runtime on every backend
 * except {@link #runningARuntime}, which starts its own.
 */
public final class TasksPage {
    private TasksPage() {}

    static void serve() {
        System.out.println("serving in " + Weft.currentTask().name());
    }

    /** Starts two runtimes, one after the other. Call it outside any runtime. */
    public static void runningARuntime() {
        // region run
        int answer = Weft.run(() -> 42);
        Weft.run(RunOptions.defaults().backend(Backend.PLATFORM).rootTaskName("server"), () -> serve());
        // endregion
        System.out.println("answer: " + answer);
    }

    /** Five tasks of a second each, at once. */
    public static void taskGroups() {
        // region task-group
        TaskGroup.run(tg -> {
            for (int n = 0; n < 5; n++) {
                int num = n;
                tg.startSoon(() -> {
                    System.out.println("Task " + num + " running");
                    Weft.sleep(Duration.ofSeconds(1));
                    System.out.println("Task " + num + " finished");
                });
            }
        });
        System.out.println("All tasks finished!");
        // endregion
    }

    /** Echoes one chunk per connection. */
    static void echo(SocketStream connection) {
        try (connection) {
            connection.send(connection.receive());
        }
    }

    /** A service started with {@code start}: the caller connects once the listener is bound. */
    public static void start() {
        Listener.Handler<SocketStream> handler = TasksPage::echo;
        TaskGroup.run(tg -> {
            // region start
            int port = tg.start(status -> {
                try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
                    status.started(listener.localAddress().getPort());   // start() returns this value
                    listener.serve(handler);
                }
            });
            // the listener is bound: connecting now cannot race it
            try (SocketStream c = Net.connectTcp("127.0.0.1", port)) {
                c.send("hello".getBytes(UTF_8));
                System.out.println(new String(c.receive(), UTF_8));
            }
            // endregion
            tg.cancel();
        });
    }

    static String fetch(String url) {
        Weft.sleep(Duration.ofMillis(10));
        return "page " + url;
    }

    /** Waiting for one task, cancelling another. */
    public static void taskHandles() {
        String url = "/index.html";
        TaskGroup.run(tg -> {
            // region handles
            TaskHandle<String> page = tg.startSoon(() -> fetch(url));
            TaskHandle<Void> ticker = tg.startSoon(() -> Weft.sleepForever());
            System.out.println(page.join());   // waits for that task only (a checkpoint)
            ticker.cancel();                   // cancels that task only; the group goes on
            // endregion
        });
    }

    /** Serves {@code connections} connections, then returns how many bytes they sent. */
    static long serveCounting(SocketListener listener, int connections) throws IOException {
        long bytes = 0;
        for (int i = 0; i < connections; i++) {
            try (SocketStream c = listener.accept()) {
                for (byte[] chunk : c) {
                    bytes += chunk.length;
                }
            }
        }
        return bytes;
    }

    static void connectTo(int port) throws IOException {
        try (SocketStream c = Net.connectTcp("127.0.0.1", port)) {
            c.send("ping".getBytes(UTF_8));
        }
    }

    /** A started task with a result. */
    public static void startForResult() {
        TaskGroup.run(tg -> {
            // region start-for-result
            StartedTaskHandle<Integer, Long> server = tg.startForResult(status -> {
                try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
                    status.started(listener.localAddress().getPort());
                    return serveCounting(listener, 2);       // two connections, then their bytes
                }
            });
            connectTo(server.startValue());
            connectTo(server.startValue());
            System.out.println(server.join() + " bytes");   // 8 bytes
            // endregion
        });
    }

    static int fetch(int n) {
        Weft.sleep(Duration.ofMillis(10 * n));
        return n * 100;
    }

    /** Code written for an executor, whose tasks are the group's. */
    public static void asExecutor(LegacyLibrary legacyLibrary) {
        // region executor
        TaskGroup.run(tg -> {
            ExecutorService pool = tg.asExecutor();            // same instance on every call
            List<Future<Integer>> all = pool.invokeAll(List.of(() -> fetch(1), () -> fetch(2)));
            legacyLibrary.useExecutor(pool);                   // its submissions become tasks too
            System.out.println(all.get(0).get() + " " + all.get(1).get());
        });                                                    // waits for every submitted task
        // endregion
    }

    /** A library that submits work to the executor it is given. */
    public static final class LegacyLibrary {
        /** Submits one job that prints. */
        public void useExecutor(ExecutorService executor) {
            executor.execute(
                    () -> System.out.println("legacy job in " + Weft.currentTask().name()));
        }
    }

    static int parse(String s) {
        return Integer.parseInt(s);
    }

    /** Two inputs, one bad: the group's ExceptionGroup, handled by type. */
    public static void exceptionGroups() {
        String a = "12";
        String b = "twelve";
        // region exception-groups
        try {
            TaskGroup.run(tg -> { tg.startSoon(() -> parse(a)); tg.startSoon(() -> parse(b)); });
        } catch (ExceptionGroup eg) {
            eg.except(NumberFormatException.class, bad -> System.out.println("bad input: " + bad.leaves()))
              .rethrow();                        // anything else propagates, still as a group
        }
        // endregion
    }
}
