package io.weft.examples.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.weft.TaskGroup;
import io.weft.net.ConnectedUdpSocket;
import io.weft.net.Datagram;
import io.weft.net.Net;
import io.weft.net.SocketAttribute;
import io.weft.net.SocketListener;
import io.weft.net.SocketStream;
import io.weft.net.TcpConnectOptions;
import io.weft.net.TcpListenerOptions;
import io.weft.net.TlsListener;
import io.weft.net.TlsStream;
import io.weft.net.UdpSocket;
import io.weft.net.UdpSocketOptions;
import io.weft.stream.MultiListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The code samples of docs/networking.md (see {@code DocSamples}); {@code NetworkingPageTest} runs
 * them on every backend, on loopback.
 */
public final class NetworkingPage {
    private NetworkingPage() {}

    /** An echo server and a client in one group. Closing the listener early ends its serve(). */
    @SuppressWarnings("try")
    public static void echo() throws IOException {
        // region echo
        try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
            int port = listener.localAddress().getPort();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> listener.serve(conn -> {          // one task per connection
                    try (conn) {
                        conn.send(conn.receive());                   // echo one chunk
                    }
                }));                                                 // returns once the listener closes
                try (SocketStream s = Net.connectTcp("127.0.0.1", port)) {
                    s.send("ping".getBytes(UTF_8));
                    System.out.println(new String(s.receive(), UTF_8));
                }
                listener.close();
            });
        }
        // endregion
    }

    /** Listeners on every IPv4 address, serving until cancelled. */
    public static void listenerOptions(int port) throws IOException {
        // region listener-options
        TcpListenerOptions options = TcpListenerOptions.defaults()
                .family(StandardProtocolFamily.INET)   // IPv4 only (INET6: IPv6 only; null: any)
                .backlog(128)                          // connections queued before accept
                .reusePort(true);                      // SO_REUSEPORT
        try (MultiListener<SocketStream> listeners = Net.createTcpListeners(null, port, options)) {
            listeners.serve(conn -> { try (conn) { conn.send(conn.receive()); } });
        }
        // endregion
    }

    /** A UNIX listener that only its owner and group may connect to. */
    public static void unixListener(Path socketPath) throws IOException {
        // region unix-listener
        SocketListener l = Net.createUnixListener(socketPath,
                PosixFilePermissions.fromString("rw-rw----"), 128);
        // endregion
        try (l) {
            System.out.println(
                    PosixFilePermissions.toString(
                            java.nio.file.Files.getPosixFilePermissions(socketPath)));
        }
    }

    /** A datagram and its answer. */
    public static void udp() throws IOException {
        // region udp
        UdpSocketOptions v4 = UdpSocketOptions.defaults().family(StandardProtocolFamily.INET);
        try (UdpSocket server = Net.createUdpSocket(null, 0, v4.reusePort(true))) {
            int port = server.extra(SocketAttribute.LOCAL_PORT);
            try (ConnectedUdpSocket client = Net.createConnectedUdpSocket("localhost", port, null, 0, v4)) {
                client.send("ping".getBytes(UTF_8));
                Datagram got = server.receive();
                server.send(new Datagram("pong".getBytes(UTF_8), got.address()));
                System.out.println(new String(client.receive(), UTF_8));
            }
        }
        // endregion
    }

    /**
     * Name resolution. Compiled but not run (NetworkingPageTest leaves it out): the first lookup
     * needs a name server, {@code .example} names never resolve, and the build has no network.
     */
    public static void nameResolution() throws IOException {
        // region name-resolution
        List<InetSocketAddress> addrs = Net.getaddrinfo("bücher.example", 443); // looks up xn--bcher-kva.example
        String name = Net.getnameinfo(InetAddress.getByName("127.0.0.1"));      // "localhost"
        Net.getaddrinfo("☃.example", 443);  // IllegalArgumentException: label "☃" has U+2603 SNOWMAN ...
        // endregion
    }

    /** A TLS echo server and its client. Closing the listener early ends its serve(). */
    @SuppressWarnings("try")
    public static void tls(SSLContext serverContext, SSLContext clientContext) throws IOException {
        // region tls
        // A TLS echo server on any listener, and a client for it.
        try (TlsListener server = new TlsListener(Net.createTcpListener("127.0.0.1", 0), serverContext)) {
            int port = server.extra(SocketAttribute.LOCAL_PORT);
            TaskGroup.run(tg -> {
                tg.startSoon(() -> server.serve(conn -> {         // handshaken, 30 s at most, in its task
                    try (conn) {
                        conn.send(conn.receive());
                    }
                }, tg));
                try (TlsStream s = Net.connectTls("127.0.0.1", port, clientContext,
                        TcpConnectOptions.defaults().tlsHostname("localhost").tlsAlpnProtocols("h2"))) {
                    s.send("ping".getBytes(UTF_8));
                    System.out.println(new String(s.receive(), UTF_8));
                }
                server.close();
            });
        }
        // endregion
    }

    /** A listener whose engines require a client certificate. */
    public static TlsListener mutualTls(SSLContext serverContext) throws IOException {
        // region mutual-tls
        TlsListener server = new TlsListener(Net.createTcpListener("127.0.0.1", 0), () -> {
            SSLEngine e = serverContext.createSSLEngine();
            e.setUseClientMode(false);
            e.setNeedClientAuth(true);                 // no certificate, no connection
            return e;
        }, true, TlsListener.DEFAULT_HANDSHAKE_TIMEOUT, TlsListener::handleHandshakeError);
        // endregion
        return server;
    }

    /**
     * Ends TLS on a stream whose peer ends it too, as a STARTTLS session does, and returns the
     * first plaintext chunk received after it.
     */
    public static byte[] unwrap(TlsStream tls) {
        // region unwrap
        TlsStream.Unwrapped plain = tls.unwrap();        // e.g. after a STARTTLS session ends
        handle(plain.leftover());
        byte[] more = plain.transport().receive();
        // endregion
        return more;
    }

    /** What the protocol does with the plaintext that came with the peer's close_notify. */
    static void handle(byte[] leftover) {
        System.out.println("leftover: " + new String(leftover, UTF_8));
    }
}
