package io.weft.examples;

import io.weft.BrokenResourceError;
import io.weft.EndOfStream;
import io.weft.IncompleteRead;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.TaskStatus;
import io.weft.Weft;
import io.weft.net.Net;
import io.weft.net.SocketListener;
import io.weft.net.SocketStream;
import io.weft.process.Processes;
import io.weft.signal.SignalReceiver;
import io.weft.signal.Signals;
import io.weft.stream.BufferedByteStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A TCP server that stops cleanly on {@code SIGTERM}: the signal cancels the task group that serves
 * the connections, so the listener and every open connection are closed by their own
 * try-with-resources and the program ends normally, instead of the JVM's default reaction to {@code
 * SIGTERM} (running shutdown hooks and halting while connections are mid-request).
 *
 * <p>The server answers each line with the line in capitals. To be runnable unattended, the program
 * plays the client too: it connects, is answered, and, with its connection still open, sends {@code
 * SIGTERM} to its own JVM; it then waits until the server closes the connection. {@code TERM} is
 * only sent once the server's receiver is open (the server reports ready after opening it).
 * Expected output: {@code Server listening}, {@code Client received: HELLO}, {@code SIGTERM
 * received: stopping the server}, {@code Connection closed by shutdown}, {@code Server stopped
 * cleanly}, {@code Exited normally}.
 */
public final class GracefulShutdown {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /**
     * The server: listens on a free port of loopback, serves each connection in a task of the
     * serving group until {@code SIGTERM} cancels that group, and reports its port once both the
     * listener and the signal receiver are open.
     */
    static void server(TaskStatus<Integer> status, PrintStream out) throws IOException {
        TaskGroup.run(serving -> {
            try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
                serving.<Void>start(ready -> stopOnTerm(serving, ready, out));
                out.println("Server listening");
                status.started(listener.localAddress().getPort());
                listener.serve(connection -> shout(connection, out), serving);
            }
        });
        out.println("Server stopped cleanly");
    }

    /** Cancels {@code serving} when the JVM receives {@code SIGTERM}. */
    static void stopOnTerm(TaskGroup serving, TaskStatus<Void> ready, PrintStream out) {
        try (SignalReceiver signals = Signals.open("TERM")) {
            ready.started(null);
            signals.receive();
            out.println("SIGTERM received: stopping the server");
            serving.cancelScope().cancel();
        }
    }

    /** Answers every line with the line in capitals, until the client closes or shutdown. */
    static void shout(SocketStream connection, PrintStream out) {
        try (BufferedByteStream in = new BufferedByteStream(connection)) {
            for (; ; ) {
                byte[] line;
                try {
                    line = in.receiveUntil(new byte[] {'\n'}, 1024);
                } catch (IncompleteRead | EndOfStream end) {
                    return;
                }
                String answer = new String(line, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
                in.send((answer + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            // Runs when the shutdown cancels this task mid-receive; the connection is closed.
            out.println("Connection closed by shutdown");
        }
    }

    /** Runs the server and a client that asks once, then sends SIGTERM with its connection open. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () ->
                        TaskGroup.run(tg -> {
                            int port = tg.start(status -> server(status, out));
                            try (BufferedByteStream c =
                                    new BufferedByteStream(Net.connectTcp("127.0.0.1", port))) {
                                c.send("hello\n".getBytes(StandardCharsets.UTF_8));
                                byte[] answer = c.receiveUntil(new byte[] {'\n'}, 1024);
                                out.println(
                                        "Client received: "
                                                + new String(answer, StandardCharsets.UTF_8));
                                long pid = ProcessHandle.current().pid();
                                Processes.run(List.of("kill", "-TERM", Long.toString(pid)));
                                try {
                                    c.receive(1024); // waits until the server closes
                                } catch (EndOfStream | BrokenResourceError closed) {
                                    // the server closed the connection: shutdown is under way
                                }
                            }
                        }));
        out.println("Exited normally");
    }
}
