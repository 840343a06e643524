package io.weft.bench;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.net.Net;
import io.weft.net.SocketListener;
import io.weft.net.SocketStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * {@value #CONNECTIONS} concurrent connections over loopback TCP, each doing {@value #ROUNDS}
 * 64-byte request/response round trips against an echo server, all at once; the score is per round
 * trip. Weft's listener serves each connection in its own task; the baseline gives each connection
 * a virtual thread on each side with blocking {@code SocketChannel}s. Each invocation also opens
 * and closes the {@value #CONNECTIONS} connections, spread over the round trips.
 */
public class TcpManyConnectionsBench extends OnVirtualThread {
    static final int CONNECTIONS = 1000;
    static final int ROUNDS = 20;
    static final int SIZE = 64;

    /** Weft: {@code serve} with an echo handler, one client task per connection. */
    @Benchmark
    @OperationsPerInvocation(CONNECTIONS * ROUNDS)
    public long weft() throws IOException {
        return Weft.run(() -> {
            AtomicLong total = new AtomicLong();
            try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
                int port = listener.localAddress().getPort();
                TaskGroup.run(server -> {
                    server.startSoon(() ->
                            listener.serve(
                                    s -> TcpEcho.echo(s, ByteBuffer.allocate(SIZE)), server));
                    TaskGroup.run(clients -> {
                        for (int i = 0; i < CONNECTIONS; i++) {
                            clients.startSoon(() -> {
                                try (SocketStream c = Net.connectTcp("127.0.0.1", port)) {
                                    total.addAndGet(
                                            TcpEcho.roundTrips(
                                                    c,
                                                    ByteBuffer.allocate(SIZE),
                                                    ByteBuffer.allocate(SIZE),
                                                    ROUNDS));
                                }
                            });
                        }
                    });
                    server.cancelScope().cancel();
                });
            }
            return total.get();
        });
    }

    /** Blocking channels, a virtual thread per connection on each side. */
    @Benchmark
    @OperationsPerInvocation(CONNECTIONS * ROUNDS)
    public long baseline_blockingVirtualThreads() throws IOException, InterruptedException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0), 65536);
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            List<Thread> handlers = new ArrayList<>(CONNECTIONS);
            Thread acceptor =
                    Thread.ofVirtual()
                            .start(() -> {
                                try {
                                    for (int i = 0; i < CONNECTIONS; i++) {
                                        SocketChannel s = server.accept();
                                        handlers.add(
                                                Thread.ofVirtual()
                                                        .start(() ->
                                                                TcpEcho.blockingEcho(
                                                                        s,
                                                                        ByteBuffer.allocate(
                                                                                SIZE))));
                                    }
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
            AtomicLong total = new AtomicLong();
            List<Thread> clients = new ArrayList<>(CONNECTIONS);
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(
                        Thread.ofVirtual()
                                .start(() -> {
                                    try (SocketChannel c =
                                            SocketChannel.open(
                                                    new InetSocketAddress("127.0.0.1", port))) {
                                        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                                        ByteBuffer msg = ByteBuffer.allocate(SIZE);
                                        ByteBuffer in = ByteBuffer.allocate(SIZE);
                                        long got = 0;
                                        for (int r = 0; r < ROUNDS; r++) {
                                            msg.clear();
                                            while (msg.hasRemaining()) {
                                                c.write(msg);
                                            }
                                            in.clear();
                                            while (in.hasRemaining()) {
                                                got += c.read(in);
                                            }
                                        }
                                        total.addAndGet(got);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                }));
            }
            for (Thread c : clients) {
                c.join();
            }
            acceptor.join();
            for (Thread h : handlers) {
                h.join();
            }
            return total.get();
        }
    }
}
