package io.weft.bench;

import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.net.Net;
import io.weft.net.SocketListener;
import io.weft.net.SocketStream;
import io.weft.stream.ByteStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The two sides of the TCP echo benchmarks, the same shape on both: a listener on loopback, one
 * connection, an echo server task (or virtual thread) that sends back whatever it receives, and a
 * client that sends {@code count} messages of {@code size} bytes and reads each echo back in full
 * before sending the next.
 */
final class TcpEcho {
    private TcpEcho() {}

    /** Weft: listener, server task and client task in one {@code Weft.run}. */
    static long weft(int count, int size) throws IOException {
        return Weft.run(() -> {
            try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
                int port = listener.localAddress().getPort();
                return TaskGroup.call(tg -> {
                    tg.startSoon(() -> echo(listener.accept(), ByteBuffer.allocateDirect(1 << 16)));
                    try (SocketStream c = Net.connectTcp("127.0.0.1", port)) {
                        return roundTrips(
                                c,
                                ByteBuffer.allocateDirect(size),
                                ByteBuffer.allocateDirect(size),
                                count);
                    }
                });
            }
        });
    }

    /**
     * The echo server's side on Weft: sends back whatever {@code s} receives, through {@code buf},
     * until the peer closes; then closes {@code s}.
     */
    static void echo(ByteStream s, ByteBuffer buf) {
        try (s) {
            for (; ; ) {
                buf.clear();
                try {
                    s.receive(buf);
                } catch (EndOfStream end) {
                    return;
                }
                buf.flip();
                s.send(buf);
            }
        }
    }

    /**
     * The client's side on Weft: {@code count} times, sends all of {@code msg} and reads its echo
     * back in full into {@code in}; returns the bytes read.
     */
    static long roundTrips(ByteStream c, ByteBuffer msg, ByteBuffer in, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            msg.clear();
            c.send(msg);
            in.clear();
            while (in.hasRemaining()) {
                total += c.receive(in);
            }
        }
        return total;
    }

    /**
     * The baseline's echo server: a blocking channel that sends back whatever it reads, through
     * {@code buf}, until the peer closes; then closes it.
     */
    static void blockingEcho(SocketChannel s, ByteBuffer buf) {
        try (s) {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            while (s.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    s.write(buf);
                }
                buf.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The baseline: blocking {@code SocketChannel}s, the server on a virtual thread. */
    static long blocking(int count, int size) throws IOException, InterruptedException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            Thread echo =
                    Thread.ofVirtual()
                            .start(() -> {
                                try {
                                    blockingEcho(
                                            server.accept(), ByteBuffer.allocateDirect(1 << 16));
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
            long total = 0;
            try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ByteBuffer msg = ByteBuffer.allocateDirect(size);
                ByteBuffer in = ByteBuffer.allocateDirect(size);
                for (int i = 0; i < count; i++) {
                    msg.clear();
                    while (msg.hasRemaining()) {
                        c.write(msg);
                    }
                    in.clear();
                    while (in.hasRemaining()) {
                        total += c.read(in);
                    }
                }
            }
            echo.join();
            return total;
        }
    }
}
