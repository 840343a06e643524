package io.weft.bench.scale;

import io.weft.BrokenResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.net.Net;
import io.weft.net.SocketListener;
import io.weft.net.SocketStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Round trips over many loopback TCP connections at once (series {@code connectionsRoundTrip}, ns
 * per round trip): n connections to one echo server, every one of them sending {@value #SIZE} bytes
 * and reading the echo back, all concurrently, beside blocking sockets on virtual threads.
 *
 * <p><b>Weft:</b> the server is {@code Net.createTcpListener} and {@code listener.serve} with a
 * task per connection that echoes; the clients are n tasks of one group, each with its own {@code
 * Net.connectTcp} stream. <b>Baseline:</b> a {@link ServerSocketChannel} whose acceptor virtual
 * thread starts a virtual thread per connection echoing on a blocking {@link SocketChannel}, and n
 * client virtual threads with blocking channels. The same shape as {@code TcpManyConnectionsBench},
 * at more connections and outside JMH.
 *
 * <p><b>Why the server is in another JVM.</b> Each connection costs a file descriptor at each end,
 * and the machine allows 20,000 per process: 10,000 connections do not fit in one JVM with both
 * ends. So per side the probe starts two fresh JVMs with this JVM's flags: the server ({@code
 * ScaleMain connectionsServer <side>}, which prints {@code PORT <p>} and exits when its standard
 * input closes or says {@code stop}), then the clients ({@code ScaleMain connectionsClient <side>
 * <n> <port>}, which print {@code SIDE connect=<ns> roundTrip=<ns>}). Fresh JVMs for each side, as
 * the other probes use one per point: Weft and the baseline both drive {@code SocketChannel}s, and
 * the second side in a JVM would run with the first one's JIT profile of them. Both children are
 * killed and reaped whatever happens ({@link #side}); each also exits by itself if this JVM dies,
 * since its standard input then closes.
 *
 * <p><b>What is timed.</b> First the n connections are opened, each with a connect and one round
 * trip, at most {@value #OPENING} at a time: the round trip proves that the server has accepted the
 * connection, so the listener's accept queue (at most {@code net.core.somaxconn}, 4,096 here) never
 * holds more than {@value #OPENING}; an overflowing queue drops handshakes, which the client's
 * kernel retries a second later, and that would be timed instead of Weft. That phase, per
 * connection, is the line's {@code weftConnect}/{@code baselineConnect}. Before it, {@value
 * #WARM_UP_CONNECTIONS} connections are opened the same way and closed again, in batches of at most
 * {@value #OPENING}: in a cold pair of JVMs the first connections cost several times as much (class
 * loading, the interpreter on both ends), and that would be most of the figure at n = 100. Then
 * every connection does warm-up rounds (about {@value #WARM_UP_ROUND_TRIPS} round trips in all, at
 * least 3 per connection), and {@value #REPS} timed phases of R rounds each, with R = {@value
 * #ROUND_TRIPS} / n (500 at n = 100, 5 at 10,000): in a phase, a fresh task (or virtual thread) per
 * connection does R round trips, each sending its message and reading the whole echo back before
 * the next, and the phase is timed from its first start to its last join. The figure is the median
 * phase's time / (n × R): at every n the inverse of the round trips the two JVMs complete per
 * second, all connections together. Starting and joining n tasks per phase is in the time, on both
 * sides; it is about a microsecond per task, against R round trips of several microseconds each. A
 * full collection precedes each timed phase.
 */
final class Connections {
    static final int SIZE = 64;
    private static final String HOST = "127.0.0.1";
    private static final int OPENING = 500;
    private static final int WARM_UP_CONNECTIONS = 1_000;
    private static final int ROUND_TRIPS = 50_000;
    private static final int WARM_UP_ROUND_TRIPS = 20_000;
    private static final int REPS = 3;
    private static final long CLIENT_TIMEOUT_SECONDS = 300;
    private static final long SERVER_EXIT_SECONDS = 30;

    private Connections() {}

    /** The probe: both sides at {@code n} connections, and the {@code SCALE} line. */
    static void roundTrips(int n) throws IOException, InterruptedException {
        double[] weft = side("weft", n);
        double[] baseline = side("baseline", n);
        Probe.report(
                "connectionsRoundTrip",
                n,
                weft[1],
                baseline[1],
                "ns",
                String.format(
                        Locale.ROOT,
                        "reps=%d rounds=%d weftConnect=%.1f baselineConnect=%.1f",
                        REPS,
                        rounds(n),
                        weft[0],
                        baseline[0]));
    }

    private static int rounds(int n) {
        return Math.max(1, ROUND_TRIPS / n);
    }

    /**
     * Runs one side in a fresh server JVM and a fresh client JVM; returns the open time per
     * connection and the median time per round trip, in nanoseconds. Neither child outlives this
     * call: the server is told to exit (its standard input is closed) and reaped, and on any
     * failure both are killed and reaped.
     */
    private static double[] side(String side, int n) throws IOException, InterruptedException {
        Process server = null;
        Process client = null;
        try {
            server =
                    new ProcessBuilder(Probe.childJvm(List.of(), "connectionsServer", side))
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            String first =
                    new BufferedReader(
                                    new InputStreamReader(
                                            server.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
            if (first == null || !first.startsWith("PORT ")) {
                throw new IllegalStateException(
                        "the " + side + " server did not say its port: " + first);
            }
            String port = first.substring("PORT ".length()).trim();
            client =
                    new ProcessBuilder(
                                    Probe.childJvm(
                                            List.of(),
                                            "connectionsClient",
                                            side,
                                            Integer.toString(n),
                                            port))
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            // Read the client's output beside the wait, so that a hung client times out instead
            // of blocking this read for ever.
            Process c = client;
            AtomicReference<String> out = new AtomicReference<>("");
            Thread reader =
                    Thread.ofVirtual()
                            .start(() -> {
                                try {
                                    out.set(
                                            new String(
                                                    c.getInputStream().readAllBytes(),
                                                    StandardCharsets.UTF_8));
                                } catch (IOException e) {
                                    out.set("(cannot read its output: " + e + ")");
                                }
                            });
            if (!client.waitFor(CLIENT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        String.format(
                                "the %s clients at n=%d took over %d s",
                                side, n, CLIENT_TIMEOUT_SECONDS));
            }
            reader.join();
            int exit = client.exitValue();
            double[] result = exit == 0 ? parseSide(out.get()) : null;
            if (result == null) {
                throw new IllegalStateException(
                        String.format(
                                "the %s clients at n=%d failed (exit %d): %s",
                                side, n, exit, out.get()));
            }
            server.getOutputStream().close(); // the server's signal to exit
            if (!server.waitFor(SERVER_EXIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the " + side + " server did not exit");
            }
            return result;
        } finally {
            reap(client);
            reap(server);
        }
    }

    private static double[] parseSide(String out) {
        for (String line : out.split("\n")) {
            if (line.startsWith("SIDE ")) {
                String[] f = line.trim().split(" ");
                return new double[] {
                    Double.parseDouble(f[1].substring("connect=".length())),
                    Double.parseDouble(f[2].substring("roundTrip=".length()))
                };
            }
        }
        return null;
    }

    /** Kills {@code p} if it is still running (something failed) and waits for its end. */
    private static void reap(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        if (p.isAlive()) {
            p.destroyForcibly();
        }
        p.waitFor();
    }

    /**
     * A child JVM's guard: a daemon thread that ends the process with {@code status} once standard
     * input closes or says {@code stop}. The parent closes it to stop a server; if the parent dies,
     * the pipe closes too, so no child is left behind.
     */
    private static void exitWhenStdinCloses(int status) {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    System.in, StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null
                                        && !line.trim().equals("stop")) {
                                    // anything else is ignored
                                }
                            } catch (IOException e) {
                                // a broken stdin means the parent is gone, as EOF does
                            }
                            System.exit(status);
                        },
                        "exit-when-stdin-closes");
        t.setDaemon(true);
        t.start();
    }

    private static void announce(int port) {
        System.out.println("PORT " + port);
        System.out.flush();
    }

    // ---- the server JVM ----

    /** The child {@code connectionsServer <weft|baseline>}: an echo server until stdin closes. */
    static void server(String side) throws Exception {
        exitWhenStdinCloses(0);
        switch (side) {
            case "weft" -> weftServer();
            case "baseline" -> blockingServer();
            default -> throw new IllegalArgumentException("no side " + side);
        }
    }

    private static void weftServer() throws IOException {
        Weft.run(() -> {
            try (SocketListener listener = Net.createTcpListener(HOST, 0)) {
                announce(listener.localAddress().getPort());
                TaskGroup.run(tg -> listener.serve(Connections::weftEcho, tg));
            }
        });
    }

    /**
     * Sends back whatever {@code s} receives until the peer closes. A broken connection (the client
     * JVM killed) ends only this connection: a handler's failure would end the whole server.
     */
    private static void weftEcho(SocketStream s) {
        ByteBuffer buf = ByteBuffer.allocate(SIZE);
        try (s) {
            for (; ; ) {
                buf.clear();
                s.receive(buf);
                buf.flip();
                s.send(buf);
            }
        } catch (EndOfStream | BrokenResourceError e) {
            // the client is done (or gone)
        }
    }

    private static void blockingServer() throws IOException, InterruptedException {
        ServerSocketChannel server = ServerSocketChannel.open();
        // As Weft's listener: the largest backlog (the kernel cuts it to somaxconn).
        server.bind(new InetSocketAddress(HOST, 0), 65536);
        announce(((InetSocketAddress) server.getLocalAddress()).getPort());
        // The acceptor is a virtual thread, as Weft's serving task is; this thread waits for the
        // stdin guard to end the process.
        Thread acceptor =
                Thread.ofVirtual()
                        .start(() -> {
                            try {
                                for (; ; ) {
                                    SocketChannel s = server.accept();
                                    Thread.ofVirtual().start(() -> blockingEcho(s));
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
        acceptor.join();
    }

    private static void blockingEcho(SocketChannel s) {
        ByteBuffer buf = ByteBuffer.allocate(SIZE);
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
            // the client is gone; only this connection ends, as on Weft's side
        }
    }

    // ---- the client JVM ----

    /**
     * The child {@code connectionsClient <weft|baseline> <n> <port>}: opens n connections, runs the
     * warm-up and timed phases, prints {@code SIDE connect=<ns per connection> roundTrip=<ns per
     * round trip, median phase>}.
     */
    static void client(String side, int n, int port) throws Exception {
        exitWhenStdinCloses(1);
        int rounds = rounds(n);
        int warmUp = Math.max(3, WARM_UP_ROUND_TRIPS / n);
        long[] t =
                switch (side) {
                    case "weft" -> weftClients(n, port, warmUp, rounds);
                    case "baseline" -> blockingClients(n, port, warmUp, rounds);
                    default -> throw new IllegalArgumentException("no side " + side);
                };
        long[] phases = Arrays.copyOfRange(t, 1, t.length);
        System.out.printf(
                Locale.ROOT,
                "SIDE connect=%.1f roundTrip=%.1f%n",
                (double) t[0] / n,
                (double) Probe.median(phases, phases.length) / ((long) n * rounds));
        System.out.flush();
    }

    /** Returns the open time, then each timed phase's time, in nanoseconds. */
    private static long[] weftClients(int n, int port, int warmUp, int rounds) throws Exception {
        long[] time = new long[1 + REPS];
        SocketStream[] conns = new SocketStream[n];
        ByteBuffer[] out = buffers(n);
        ByteBuffer[] in = buffers(n);
        Weft.run(() -> {
            try {
                for (int w = 0; w < WARM_UP_CONNECTIONS; w += Math.min(n, OPENING)) {
                    SocketStream[] some = new SocketStream[Math.min(n, OPENING)];
                    try {
                        weftOpen(some, port, out, in);
                    } finally {
                        closeAll(some);
                    }
                }
                long t0 = System.nanoTime();
                weftOpen(conns, port, out, in);
                time[0] = System.nanoTime() - t0;
                weftPhase(conns, out, in, warmUp);
                for (int r = 0; r < REPS; r++) {
                    System.gc();
                    time[1 + r] = weftPhase(conns, out, in, rounds);
                }
            } finally {
                closeAll(conns);
            }
        });
        return time;
    }

    /**
     * Fills {@code conns} with connections, each opened with a connect and one round trip, at most
     * {@value #OPENING} at a time (see the class comment).
     */
    private static void weftOpen(
            SocketStream[] conns, int port, ByteBuffer[] out, ByteBuffer[] in) {
        // Weft's own Semaphore (a checkpoint, parks the task); the baseline uses the JDK's.
        io.weft.sync.Semaphore opening = new io.weft.sync.Semaphore(OPENING);
        TaskGroup.run(tg -> {
            for (int i = 0; i < conns.length; i++) {
                int k = i;
                tg.startSoon(() -> {
                    try (var _ = opening.acquire()) {
                        conns[k] = Net.connectTcp(HOST, port);
                        weftRoundTrips(conns[k], out[k], in[k], 1);
                    }
                });
            }
        });
    }

    private static void closeAll(AutoCloseable[] conns) throws Exception {
        for (AutoCloseable c : conns) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static long weftPhase(
            SocketStream[] conns, ByteBuffer[] out, ByteBuffer[] in, int rounds) {
        long t0 = System.nanoTime();
        TaskGroup.run(tg -> {
            for (int i = 0; i < conns.length; i++) {
                int k = i;
                tg.startSoon(() -> weftRoundTrips(conns[k], out[k], in[k], rounds));
            }
        });
        return System.nanoTime() - t0;
    }

    private static void weftRoundTrips(SocketStream c, ByteBuffer msg, ByteBuffer in, int count) {
        for (int i = 0; i < count; i++) {
            msg.clear();
            c.send(msg);
            in.clear();
            while (in.hasRemaining()) {
                c.receive(in);
            }
        }
    }

    /** As {@link #weftClients}, with blocking channels and a virtual thread per connection. */
    private static long[] blockingClients(int n, int port, int warmUp, int rounds)
            throws Exception {
        long[] time = new long[1 + REPS];
        SocketChannel[] conns = new SocketChannel[n];
        ByteBuffer[] out = buffers(n);
        ByteBuffer[] in = buffers(n);
        InetSocketAddress server = new InetSocketAddress(HOST, port);
        try {
            for (int w = 0; w < WARM_UP_CONNECTIONS; w += Math.min(n, OPENING)) {
                SocketChannel[] some = new SocketChannel[Math.min(n, OPENING)];
                try {
                    blockingOpen(some, server, out, in);
                } finally {
                    closeAll(some);
                }
            }
            long t0 = System.nanoTime();
            blockingOpen(conns, server, out, in);
            time[0] = System.nanoTime() - t0;
            onEach(n, k -> blockingRoundTrips(conns[k], out[k], in[k], warmUp));
            for (int r = 0; r < REPS; r++) {
                System.gc();
                long p0 = System.nanoTime();
                onEach(n, k -> blockingRoundTrips(conns[k], out[k], in[k], rounds));
                time[1 + r] = System.nanoTime() - p0;
            }
        } finally {
            closeAll(conns);
        }
        return time;
    }

    /** As {@link #weftOpen}, with blocking channels and a virtual thread per connection. */
    private static void blockingOpen(
            SocketChannel[] conns, InetSocketAddress server, ByteBuffer[] out, ByteBuffer[] in)
            throws Exception {
        Semaphore opening = new Semaphore(OPENING);
        onEach(
                conns.length,
                k -> {
                    opening.acquire();
                    try {
                        SocketChannel c = SocketChannel.open(server);
                        conns[k] = c;
                        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        blockingRoundTrips(c, out[k], in[k], 1);
                    } finally {
                        opening.release();
                    }
                });
    }

    private interface ConnectionWork {
        void run(int k) throws Exception;
    }

    /**
     * Runs {@code work} for every connection, each in a virtual thread of its own, and joins them
     * all; rethrows the first failure.
     */
    private static void onEach(int n, ConnectionWork work) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            threads[i] =
                    Thread.ofVirtual()
                            .start(() -> {
                                try {
                                    work.run(k);
                                } catch (Exception e) {
                                    failure.compareAndSet(null, e);
                                }
                            });
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void blockingRoundTrips(
            SocketChannel c, ByteBuffer msg, ByteBuffer in, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            msg.clear();
            while (msg.hasRemaining()) {
                c.write(msg);
            }
            in.clear();
            while (in.hasRemaining()) {
                if (c.read(in) < 0) {
                    throw new IOException("the server closed the connection");
                }
            }
        }
    }

    private static ByteBuffer[] buffers(int n) {
        ByteBuffer[] b = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            b[i] = ByteBuffer.allocate(SIZE);
        }
        return b;
    }
}
