package io.weft.bench;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.net.Net;
import io.weft.net.SocketListener;
import io.weft.net.TlsStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * TLS echo throughput over loopback TCP in 64 KiB chunks: per chunk sent and read back, {@value #N}
 * chunks (16 MiB) per invocation on one connection. Weft's {@code TlsStream} over a {@code
 * SocketStream} beside the JDK's {@code SSLSocket} with the server on a virtual thread; both use
 * the same certificate ({@link BenchTls}), negotiate the JDK's default (TLS 1.3), check the
 * certificate chain but not the host name, and close with a close_notify. Each invocation also
 * makes the connection and its handshake, spread over the {@value #N} chunks.
 */
public class TlsThroughputBench extends OnVirtualThread {
    static final int N = 256;
    static final int SIZE = 1 << 16;

    /** Weft's TLS streams. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long weft() throws IOException {
        return Weft.run(() -> {
            try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
                int port = listener.localAddress().getPort();
                return TaskGroup.call(tg -> {
                    tg.startSoon(() ->
                            TcpEcho.echo(
                                    TlsStream.wrap(
                                            listener.accept(), BenchTls.SERVER, true, null, true),
                                    ByteBuffer.allocate(SIZE)));
                    try (TlsStream c =
                            TlsStream.wrap(
                                    Net.connectTcp("127.0.0.1", port),
                                    BenchTls.CLIENT,
                                    false,
                                    null,
                                    true)) {
                        return TcpEcho.roundTrips(
                                c, ByteBuffer.allocate(SIZE), ByteBuffer.allocate(SIZE), N);
                    }
                });
            }
        });
    }

    /** The JDK's blocking {@code SSLSocket}s, the server on a virtual thread. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_sslSocketVirtualThreads() throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket server =
                (SSLServerSocket)
                        BenchTls.SERVER
                                .getServerSocketFactory()
                                .createServerSocket(0, 50, loopback)) {
            Thread echo =
                    Thread.ofVirtual()
                            .start(() -> {
                                try (SSLSocket s = (SSLSocket) server.accept()) {
                                    s.setTcpNoDelay(true);
                                    InputStream in = s.getInputStream();
                                    OutputStream out = s.getOutputStream();
                                    byte[] buf = new byte[SIZE];
                                    for (int n; (n = in.read(buf)) >= 0; ) {
                                        out.write(buf, 0, n);
                                    }
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
            long total = 0;
            try (SSLSocket c =
                    (SSLSocket)
                            BenchTls.CLIENT
                                    .getSocketFactory()
                                    .createSocket(loopback, server.getLocalPort())) {
                c.setTcpNoDelay(true);
                InputStream in = c.getInputStream();
                OutputStream out = c.getOutputStream();
                byte[] msg = new byte[SIZE];
                byte[] buf = new byte[SIZE];
                for (int i = 0; i < N; i++) {
                    out.write(msg);
                    for (int got = 0; got < SIZE; ) {
                        int n = in.read(buf, got, SIZE - got);
                        got += n;
                        total += n;
                    }
                }
            }
            echo.join();
            return total;
        }
    }
}
