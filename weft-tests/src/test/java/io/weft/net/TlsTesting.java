package io.weft.net;

import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.TaskGroupBody;
import io.weft.TaskHandle;
import io.weft.stream.ByteStream;
import io.weft.stream.Listener;
import io.weft.stream.MemoryObjectStream;
import io.weft.testing.StreamPair;
import io.weft.testing.TestCertificate;
import java.io.IOException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * What the TLS tests share: {@link TestCertificate#localhost()} (made once per test JVM, nothing is
 * committed), SSL contexts for a server holding it and for clients trusting it, handshaking a pair
 * of raw streams, and a TLS listener on a loopback port.
 */
final class TlsTesting {
    private TlsTesting() {}

    /** Wraps one end of a raw pair. */
    @FunctionalInterface
    interface Wrap {
        TlsStream wrap(ByteStream raw) throws Exception;
    }

    /** Handshakes both ends at once, the server's in a task of its own: (client, server). */
    static StreamPair<TlsStream, TlsStream> handshake(
            ByteStream clientRaw, Wrap clientSide, ByteStream serverRaw, Wrap serverSide) {
        return TaskGroup.call(tg -> {
            TaskHandle<TlsStream> s = tg.startSoon(() -> serverSide.wrap(serverRaw));
            TlsStream c = clientSide.wrap(clientRaw);
            return new StreamPair<>(c, s.join());
        });
    }

    /** A TLS listener over a TCP one on a free 127.0.0.1 port, that port, its handshake errors. */
    record Server(TlsListener listener, int port, MemoryObjectStream<Throwable> errors) {
        /** Default timeout; handshake errors go to errors, after the default handler if logged. */
        static Server open(SSLContext context, boolean logged) throws IOException {
            return open(context, logged, TlsListener.DEFAULT_HANDSHAKE_TIMEOUT, tcp -> tcp);
        }

        /** As {@link #open(SSLContext, boolean)}, over {@code inner(tcp)}, with {@code timeout}. */
        static Server open(
                SSLContext context,
                boolean logged,
                Duration timeout,
                Function<SocketListener, Listener<? extends ByteStream>> inner)
                throws IOException {
            SocketListener tcp = Net.createTcpListener("127.0.0.1", 0);
            int port = tcp.localAddress().getPort();
            var errors = MemoryObjectStream.<Throwable>unbounded();
            TlsListener.HandshakeErrorHandler onError =
                    (e, raw) -> {
                        if (logged) {
                            TlsListener.handleHandshakeError(e, raw);
                        }
                        errors.sendStream().send(e);
                    };
            return new Server(
                    new TlsListener(inner.apply(tcp), context, true, timeout, onError),
                    port,
                    errors);
        }

        /** Runs body in a task group that also serves with handler; closes the listener after. */
        void serveWhile(Listener.Handler<? super TlsStream> handler, TaskGroupBody body) {
            try {
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> listener.serve(handler, tg));
                    body.run(tg);
                    listener.close();
                });
            } finally {
                listener.close();
            }
        }

        /** {@link #serveWhile} with {@link TlsTesting#echo}. */
        void echoWhile(TaskGroupBody body) {
            serveWhile(TlsTesting::echo, body);
        }

        /** The next handshake error, waiting for one. */
        Throwable nextError() {
            return errors.receiveStream().receive();
        }
    }

    /** A connection handler that echoes until the end, then closes. */
    static void echo(TlsStream conn) {
        try (conn) {
            for (byte[] chunk : conn) {
                conn.send(chunk);
            }
        }
    }

    /** A good client connects to a TLS echo server on {@code port} and is answered. */
    static void assertServed(int port) throws Exception {
        try (TlsStream s = Net.connectTls("127.0.0.1", port, client("TLS"))) {
            s.send("ping".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            org.assertj.core.api.Assertions.assertThat(
                            new String(s.receive(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("a good client after the bad one")
                    .isEqualTo("ping");
        }
    }

    /** Receives from {@code stream} until it ends, at most {@code maxChunks} chunks. */
    static byte[] receiveAll(ByteStream stream, int maxChunks) {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < maxChunks; i++) {
            try {
                got.writeBytes(stream.receive());
            } catch (EndOfStream end) {
                return got.toByteArray();
            }
        }
        throw new AssertionError("the stream did not end within " + maxChunks + " chunks");
    }

    /** The key store with the certificate, made on first use. */
    static KeyStore store() {
        return TestCertificate.localhost().keyStore();
    }

    /** A server context holding the key. */
    static SSLContext server() {
        return TestCertificate.localhost().serverContext();
    }

    /** A client context trusting the certificate, for {@code protocol} ("TLS", "TLSv1.2", ...). */
    static SSLContext client(String protocol) {
        return TestCertificate.localhost().clientContext(protocol);
    }
}
