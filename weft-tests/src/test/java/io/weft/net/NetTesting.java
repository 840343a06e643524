package io.weft.net;

import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.testing.StreamPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the socket tests share: the loopback addresses to run on, pairs, byte helpers. */
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

    /** A port nobody listens on on {@code host} (one that was free a moment ago). */
    static int freePort(String host) throws IOException {
        try (ServerSocketChannel ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress(host, 0));
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static byte[] reversed(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }
}
