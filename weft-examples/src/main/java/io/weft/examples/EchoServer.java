package io.weft.examples;

import io.weft.EndOfStream;
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
import java.util.List;

/**
 * A server, the fifth program of docs/coming-from-kotlin-and-structured-task-scope.md: a TCP echo
 * server on a free port of loopback and its clients in one program; the server is shut down by
 * cancelling its task group.
 *
 * <p>The server task binds the listener, reports the port ({@code tg.start} returns it once the
 * listener is bound, so no client can connect too early) and serves each connection in a task of
 * its own. A first client sends two lines and reads their echoes. A second client sends {@code
 * ping}, reads the echo, and stays connected, so its handler is waiting in a receive; then the host
 * cancels the group. The listener's task and both handler tasks are cancelled, their
 * try-with-resources close the listener and the connections, and the group returns once all of them
 * have ended. The second client, still open, then reads the end of the stream.
 *
 * <p>Expected output:
 *
 * <pre>
 * client 1 got: hello
 * client 1 got: world
 * client 2 got: ping
 * server stopped: its task group has returned
 * client 2: the server closed the connection
 * </pre>
 */
public final class EchoServer {
    private EchoServer() {}

    private static final byte[] NEWLINE = {'\n'};

    /** Runs the program on the backend named by the optional argument. */
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    // The server listens on a free port of loopback, reports the port, and echoes every connection
    // in a task of its own (listener.serve starts each in a group of its own) until it is
    // cancelled; echo sends back every chunk it receives, until the client's end of the stream.
    // Both regions are shown in docs/coming-from-kotlin-and-structured-task-scope.md (program 5).
    // region server
    static void serve(TaskStatus<Integer> status) throws IOException {
        try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
            status.started(listener.localAddress().getPort());      // start() returns this port
            listener.serve(EchoServer::echo);                       // a task per connection
        }
    }

    static void echo(SocketStream connection) {
        try (connection) {
            for (byte[] chunk : connection) connection.send(chunk); // until the client's end of stream
        }
    }
    // endregion

    /** Sends {@code line} and a newline, and returns the line that comes back. */
    static String roundTrip(BufferedByteStream client, String line) {
        client.send((line + "\n").getBytes(StandardCharsets.UTF_8));
        return new String(client.receiveUntil(NEWLINE, 1024), StandardCharsets.UTF_8);
    }

    /** The server and both clients; the host cancels the server's group. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(options, () -> program(out));
    }

    static void program(PrintStream out) {
        // region shutdown
        BufferedByteStream client2 = TaskGroup.call(server -> {
            int port = server.start(status -> serve(status));           // the listener is bound now
            try (BufferedByteStream client1 = connect(port)) {
                for (String line : List.of("hello", "world")) {
                    out.println("client 1 got: " + roundTrip(client1, line));
                }
            }
            BufferedByteStream c = connect(port);                       // client 2 stays connected
            out.println("client 2 got: " + roundTrip(c, "ping"));
            server.cancel("shutting down");                             // the listener and every handler
            return c;
        });                                                             // every server task has ended here
        out.println("server stopped: its task group has returned");
        try (client2) {
            client2.receive();
            out.println("client 2 got more data, unexpectedly");
        } catch (EndOfStream closed) {                                  // the server closed it
            out.println("client 2: the server closed the connection");
        }
        // endregion
    }

    private static BufferedByteStream connect(int port) throws IOException {
        return new BufferedByteStream(Net.connectTcp("127.0.0.1", port));
    }
}
