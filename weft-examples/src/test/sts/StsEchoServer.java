import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;

/**
 * An echo server with the JDK's StructuredTaskScope, beside EchoServer (program 5 of
 * docs/coming-from-kotlin-and-structured-task-scope.md). The accept loop follows the one in
 * Joiner.awaitAll()'s documentation. StructuredTaskScope is a preview API in Java 25:
 * StructuredTaskScopeSamplesTest compiles this file with --enable-preview and runs it. Expected
 * output:
 *
 * <pre>
 * client 1 got: hello
 * client 1 got: world
 * client 2 got: ping
 * server stopped: its scopes have closed
 * client 2: the server closed the connection
 * </pre>
 */
public class StsEchoServer {
    /** The second client, left connected while the server shuts down. */
    static Socket idle;

    @SuppressWarnings("try") // listener.close() inside its try: the shutdown
    // region server
    static void serveAndTalk() throws IOException, InterruptedException {
        try (var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var scope = StructuredTaskScope.open(Joiner.<Void>awaitAll())) {
            scope.fork(() -> { acceptLoop(listener); return null; });  // bound before the fork
            talkTo(listener.getLocalPort());
            listener.close();            // no cancel(): closing the socket makes accept() throw
            scope.join();                // awaitAll ignores the loop's SocketException
        }
    }

    static void acceptLoop(ServerSocket listener) throws IOException, InterruptedException {
        try (var handlers = StructuredTaskScope.open(Joiner.<Void>awaitAll())) {
            while (true) {
                Socket conn = listener.accept();
                handlers.fork(() -> echo(conn));   // only this thread, the owner, may fork
            }
        }   // left by accept()'s exception: close() interrupts every handler (a virtual thread's
            // interrupted socket read closes the socket) and waits; having never joined, it also
            // adds an IllegalStateException ("Owner did not join after forking") to the exception
    }
    // endregion

    /** Sends back every line, until the client's end of the stream or an interrupt. */
    static void echo(Socket conn) {
        try (conn;
                var in = reader(conn);
                var out = writer(conn)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
            }
        } catch (IOException e) {
            // the connection was closed under the read: the handler ends
        }
    }

    /** Client 1 sends two lines and reads their echoes; client 2 pings and stays connected. */
    static void talkTo(int port) throws IOException {
        try (var client1 = new Socket(InetAddress.getLoopbackAddress(), port);
                var in = reader(client1);
                var out = writer(client1)) {
            for (String line : List.of("hello", "world")) {
                out.println(line);
                System.out.println("client 1 got: " + in.readLine());
            }
        }
        idle = new Socket(InetAddress.getLoopbackAddress(), port);
        writer(idle).println("ping");
        System.out.println("client 2 got: " + reader(idle).readLine());
    }

    static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    static PrintWriter writer(Socket s) throws IOException {
        return new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        serveAndTalk();
        System.out.println("server stopped: its scopes have closed");
        try (Socket client2 = idle) {
            System.out.println(
                    client2.getInputStream().read() == -1
                            ? "client 2: the server closed the connection"
                            : "client 2 got more data, unexpectedly");
        }
    }
}
