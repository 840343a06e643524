package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.TaskStatus;
import io.weft.Weft;
import io.weft.net.Net;
import io.weft.net.SocketListener;
import io.weft.net.SocketStream;
import io.weft.stream.BufferedByteStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Scenario S15, starting a service and waiting until it is ready: "Starting and initializing tasks"
 * on AnyIO's "Creating and managing tasks" page (tasks.rst).
 *
 * <p>{@code tg.start} runs the service in a new task and returns only once the service has called
 * {@code status.started(port)}, that is once its listener is bound, so the host can connect at once
 * without a race. The service answers each line with the line in capitals. Expected output: {@code
 * Service started}, then {@code Received: HELLO}, then {@code Service stopped}.
 *
 * <p>Pitfalls shown by its test: if the listener cannot bind, the error reaches the caller of
 * {@code start} (not the group, which goes on); if the service returns without calling {@code
 * started}, {@code start} fails with a clear error.
 */
public final class StartingAService {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /**
     * The service: listens on {@code port} of loopback (0: any free port), reports the port it got,
     * and serves each connection in a task of its own until it is cancelled.
     */
    public static void service(int port, TaskStatus<Integer> status) throws IOException {
        try (SocketListener listener = Net.createTcpListener("127.0.0.1", port)) {
            status.started(listener.localAddress().getPort());
            listener.serve(StartingAService::shout);
        }
    }

    /** Answers every line with the line in capitals, until the client closes its side. */
    static void shout(SocketStream connection) {
        try (BufferedByteStream in = new BufferedByteStream(connection)) {
            for (; ; ) {
                byte[] line;
                try {
                    line = in.receiveUntil(new byte[] {'\n'}, 1024);
                } catch (io.weft.IncompleteRead | io.weft.EndOfStream end) {
                    return;
                }
                String answer = new String(line, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
                in.send((answer + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Starts the service, talks to it once, and stops it by cancelling the group. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () ->
                        TaskGroup.run(tg -> {
                            int port = tg.start(status -> service(0, status));
                            out.println("Service started");
                            try (BufferedByteStream c =
                                    new BufferedByteStream(Net.connectTcp("127.0.0.1", port))) {
                                c.send("hello\n".getBytes(StandardCharsets.UTF_8));
                                byte[] answer = c.receiveUntil(new byte[] {'\n'}, 1024);
                                out.println(
                                        "Received: " + new String(answer, StandardCharsets.UTF_8));
                            }
                            tg.cancelScope().cancel();
                        }));
        out.println("Service stopped");
    }
}
