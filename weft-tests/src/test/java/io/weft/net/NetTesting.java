package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.TypedAttributeLookupError;
import io.weft.stream.TypedAttribute;
import io.weft.stream.TypedAttributeProvider;
import io.weft.sync.Event;
import io.weft.testing.StreamPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the socket tests share: the loopback addresses to run on, TCP and UNIX pairs and listeners
 * (each closed after the body that uses it), socket-file directories, the bodies the TCP and UNIX
 * stream tests have in common, byte helpers.
 */
final class NetTesting {
    /** Whether this machine can bind the IPv6 loopback (AnyIO's {@code has_ipv6}). */
    static final boolean IPV6 = canBind("::1");

    private NetTesting() {}

    /**
     * The loopback address of each family this machine has: AnyIO's {@code family} fixture (ipv4,
     * and ipv6 where available).
     */
    static List<String> loopbacks() {
        return IPV6 ? List.of("127.0.0.1", "::1") : List.of("127.0.0.1");
    }

    /** Whether {@code host} resolves to an IPv6 address on this machine. */
    static boolean hostHasIpv6(String host) {
        try {
            for (java.net.InetAddress a : java.net.InetAddress.getAllByName(host)) {
                if (a instanceof java.net.Inet6Address) {
                    return true;
                }
            }
            return false;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean canBind(String host) {
        try (ServerSocketChannel ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress(host, 0));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A connected pair on {@code host}: (client, accepted server side). */
    static StreamPair<SocketStream, SocketStream> tcpPair(String host) throws IOException {
        try (SocketListener listener = Net.createTcpListener(host, 0)) {
            int port = listener.localAddress().getPort();
            return TaskGroup.call(tg -> {
                TaskHandle<SocketStream> server = tg.startSoon(listener::accept);
                SocketStream client = Net.connectTcp(host, port);
                return new StreamPair<>(client, server.join());
            });
        }
    }

    /** A connected UNIX pair through a socket file at {@code path}, removed after the accept. */
    static StreamPair<SocketStream, SocketStream> unixPair(Path path) throws IOException {
        try (SocketListener listener = Net.createUnixListener(path)) {
            return TaskGroup.call(tg -> {
                TaskHandle<SocketStream> server = tg.startSoon(listener::accept);
                SocketStream client = Net.connectUnix(path);
                return new StreamPair<>(client, server.join());
            });
        } finally {
            Files.deleteIfExists(path);
        }
    }

    /** A body using both ends of a pair. */
    @FunctionalInterface
    interface PairBody {
        /** Runs with the client end and the accepted server end. */
        void run(SocketStream client, SocketStream server) throws Exception;
    }

    /** Runs {@code body} with {@code pair}'s ends, then closes both (the body may close either). */
    static void withPair(StreamPair<SocketStream, SocketStream> pair, PairBody body)
            throws Exception {
        try {
            body.run(pair.first(), pair.second());
        } finally {
            pair.first().close();
            pair.second().close();
        }
    }

    /** Runs {@code body} with a fresh TCP pair on 127.0.0.1, then closes both ends. */
    static void withTcpPair(PairBody body) throws Exception {
        withPair(tcpPair("127.0.0.1"), body);
    }

    /** A body given the loopback host of a pair and its ends. */
    @FunctionalInterface
    interface HostPairBody {
        /** Runs with the host, the client end and the accepted server end. */
        void run(String host, SocketStream client, SocketStream server) throws Exception;
    }

    /** Runs {@code body} once per {@link #loopbacks} host, with a fresh TCP pair on it. */
    static void withTcpPairPerFamily(HostPairBody body) throws Exception {
        for (String host : loopbacks()) {
            withPair(tcpPair(host), (client, server) -> body.run(host, client, server));
        }
    }

    /** A body given a fresh directory. */
    @FunctionalInterface
    interface InDir {
        /** Runs with the directory. */
        void run(Path dir) throws Exception;
    }

    /** A fresh directory for socket files (short, as UNIX socket paths must be), removed after. */
    static void inTempDir(InDir body) throws Exception {
        Path dir = Files.createTempDirectory("weft-unix");
        try {
            body.run(dir);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** {@link #withPair} on a UNIX pair through {@code socket} in a fresh directory. */
    static void withUnixPair(PairBody body) throws Exception {
        inTempDir(dir -> withPair(unixPair(dir.resolve("socket")), body));
    }

    /** A body given a UNIX listener and its socket file. */
    @FunctionalInterface
    interface UnixListenerBody {
        /** Runs with the socket file's path and the listener on it. */
        void run(Path path, SocketListener listener) throws Exception;
    }

    /** Runs {@code body} with a UNIX listener on {@code socket} in a fresh directory. */
    static void withUnixListener(UnixListenerBody body) throws Exception {
        inTempDir(dir -> {
            Path path = dir.resolve("socket");
            try (SocketListener listener = Net.createUnixListener(path)) {
                body.run(path, listener);
            }
        });
    }

    /** The send_eof exchange: client sends and ends; server, in tg, must answer reversed. */
    static void assertEofAnsweredReversed(TaskGroup tg, SocketStream client, SocketStream server) {
        tg.startSoon(() -> {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            for (byte[] chunk : server) { // until the client's EOF
                request.writeBytes(chunk);
            }
            server.send(reversed(request.toByteArray()));
            server.close();
        });
        client.send(b("hello, "));
        client.send(b("world\n"));
        client.sendEof();
        assertThat(s(client.receive())).isEqualTo("\ndlrow ,olleh");
    }

    /** What client's iteration yields while server sends "bl", then (once it is read) "ah". */
    static List<String> iterateTwoSends(SocketStream client, SocketStream server) {
        Event gotFirst = new Event();
        List<String> chunks = new ArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                server.send(b("bl"));
                gotFirst.await(); // so "ah" cannot join "bl" (AnyIO sleeps 50 ms instead)
                server.send(b("ah"));
                server.close();
            });
            for (byte[] chunk : client) {
                chunks.add(s(chunk));
                gotFirst.set();
            }
        });
        return chunks;
    }

    /** Starts a task in {@code tg} that sends to {@code stream} until it blocks on full buffers. */
    static void startFillingSendBuffers(TaskGroup tg, SocketStream stream) {
        tg.startSoon(() -> {
            for (int i = 0; i < 1_000_000; i++) { // blocks once the buffers are full
                stream.send(new byte[4096]);
            }
        });
    }

    /** Asserts that {@code provider} has none of {@code attributes} (each lookup fails). */
    static void assertLacks(TypedAttributeProvider provider, TypedAttribute<?>... attributes) {
        for (TypedAttribute<?> attribute : attributes) {
            assertThatThrownBy(() -> provider.extra(attribute))
                    .isInstanceOf(TypedAttributeLookupError.class);
        }
    }

    /** A port nobody listens on on {@code host} (one that was free a moment ago). */
    static int freePort(String host) throws IOException {
        try (ServerSocketChannel ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress(host, 0));
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
    }

    /** {@code s} in UTF-8. */
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code b} decoded as UTF-8. */
    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A copy of {@code in}, last byte first. */
    static byte[] reversed(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }
}
