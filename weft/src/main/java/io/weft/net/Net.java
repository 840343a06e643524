package io.weft.net;

import io.weft.ConnectionFailed;
import io.weft.internal.HappyEyeballs;
import io.weft.internal.Poller;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.internal.WeftRuntime;
import io.weft.stream.MultiListener;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Networking: TCP connections and listeners over the runtime's own NIO poller, and readiness waits
 * for your own non-blocking channels (AnyIO's {@code connect_tcp}, {@code create_tcp_listener},
 * {@code wait_readable}, ...).
 *
 * <pre>{@code
 * try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
 *     int port = listener.localAddress().getPort();
 *     TaskGroup.run(tg -> {
 *         tg.startSoon(() -> listener.serve(conn -> { try (conn) { conn.send(conn.receive()); } }));
 *         try (SocketStream s = Net.connectTcp("127.0.0.1", port)) {
 *             s.send("ping".getBytes(UTF_8));
 *             System.out.println(new String(s.receive(), UTF_8));
 *         }
 *         tg.cancel();
 *     });
 * }
 * }</pre>
 *
 * <p>Every wait here is a Weft wait on readiness: cancelling it leaves the channel open and loses
 * no byte. All methods must be called from a Weft task.
 */
public final class Net {
    private Net() {}

    /**
     * Waits until {@code channel} (non-blocking, not closed) is readable, or for a server channel,
     * has a connection to accept. A cancellable checkpoint that does not touch the channel.
     *
     * @throws io.weft.ClosedResourceError if {@link #notifyClosing} was called for it
     * @throws io.weft.BusyResourceError if another task already waits for it to be readable
     */
    public static void waitReadable(SelectableChannel channel) {
        Objects.requireNonNull(channel, "channel");
        Task t = Task.current();
        t.runtime.poller().await(t, channel, false);
    }

    /**
     * Waits until {@code channel} is writable (or, while connecting, connected). See {@link
     * #waitReadable}.
     */
    public static void waitWritable(SelectableChannel channel) {
        Objects.requireNonNull(channel, "channel");
        Task t = Task.current();
        t.runtime.poller().await(t, channel, true);
    }

    /**
     * Wakes the tasks waiting on {@code channel} with {@link io.weft.ClosedResourceError}, and
     * makes later waits fail so; call it before closing a channel other tasks may wait on. It does
     * not close the channel.
     */
    public static void notifyClosing(SelectableChannel channel) {
        Objects.requireNonNull(channel, "channel");
        WeftRuntime.current().poller().notifyClosing(channel);
    }

    /** As {@link #connectTcp(String, int, TcpConnectOptions)} with the defaults. */
    public static SocketStream connectTcp(String host, int port) throws IOException {
        return connectTcp(host, port, TcpConnectOptions.defaults());
    }

    /**
     * Connects to {@code host}:{@code port} with Happy Eyeballs (RFC 8305): the name is resolved in
     * a worker thread (cancellable); the addresses, IPv6 and IPv4 interleaved, are tried in
     * attempts started {@code happyEyeballsDelay} apart, or at once when the attempt before failed,
     * all running together; the first to connect wins and the others are cancelled or closed. A
     * checkpoint. If this throws {@link io.weft.Cancelled}, no connection is left open.
     *
     * @throws IllegalArgumentException if {@code port} is outside 1..65535
     * @throws java.net.UnknownHostException if the name does not resolve
     * @throws ConnectionFailed if every attempt failed (each attempt's error is suppressed in it)
     */
    public static SocketStream connectTcp(String host, int port, TcpConnectOptions options)
            throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP port number out of range: " + port);
        }
        Task t = Task.current();
        t.checkpoint();
        InetAddress[] resolved =
                ToThread.runSync(
                        ToThreadOptions.defaults().abandonOnCancel(true),
                        () -> InetAddress.getAllByName(host));
        InetSocketAddress local =
                options.localHost() == null
                        ? null
                        : new InetSocketAddress(options.localHost(), options.localPort());
        return HappyEyeballs.race(
                interleave(resolved),
                options.happyEyeballsDelay(),
                a -> connect(t.runtime.poller(), new InetSocketAddress(a, port), local),
                host + ":" + port);
    }

    /** One attempt, in the calling task (an attempt task of the race). */
    static SocketStream connect(Poller poller, InetSocketAddress address, InetSocketAddress local)
            throws IOException {
        Task t = Task.current();
        SocketChannel ch = SocketChannel.open();
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (local != null) {
                ch.bind(local);
            }
            boolean connected = (Boolean) io(t, () -> ch.connect(address));
            while (!connected) {
                poller.await(t, ch, true);
                connected = (Boolean) io(t, ch::finishConnect);
            }
            ok = true;
            return new SocketStream(ch, poller);
        } finally {
            if (!ok) {
                poller.forget(ch);
                ch.close();
            }
        }
    }

    /**
     * Listens on {@code localHost}:{@code localPort} (0: any free port), with SO_REUSEADDR. A
     * checkpoint.
     *
     * @throws IllegalArgumentException if {@code localPort} is outside 0..65535
     * @throws IOException if the address cannot be bound
     */
    public static SocketListener createTcpListener(String localHost, int localPort)
            throws IOException {
        Objects.requireNonNull(localHost, "localHost");
        if (localPort < 0 || localPort > 65535) {
            throw new IllegalArgumentException("TCP port number out of range: " + localPort);
        }
        Task t = Task.current();
        t.checkpoint();
        Poller poller = t.runtime.poller();
        ServerSocketChannel ch = ServerSocketChannel.open();
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            SocketListener.configure(ch);
            ch.bind(new InetSocketAddress(localHost, localPort), 65536);
            ok = true;
            return new SocketListener(ch, poller);
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    /**
     * Connects to the UNIX domain socket at {@code path}. A checkpoint. The stream is a {@link
     * SocketStream} like a TCP one (NIO cannot pass file descriptors, so AnyIO's {@code send_fds} /
     * {@code receive_fds} have no counterpart and there is no separate UNIX stream type).
     *
     * @throws IOException if nothing listens there (for example {@code ConnectException})
     */
    public static SocketStream connectUnix(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        Task t = Task.current();
        t.checkpoint();
        Poller poller = t.runtime.poller();
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            boolean connected = (Boolean) io(t, () -> ch.connect(UnixDomainSocketAddress.of(path)));
            while (!connected) {
                poller.await(t, ch, true);
                connected = (Boolean) io(t, ch::finishConnect);
            }
            ok = true;
            return new SocketStream(ch, poller);
        } finally {
            if (!ok) {
                poller.forget(ch);
                ch.close();
            }
        }
    }

    /**
     * Listens on a UNIX domain socket at {@code path}. A stale socket file left there by an earlier
     * listener is removed first (a file of another kind is not: that is an error). The socket file
     * is not removed when the listener closes. A checkpoint.
     *
     * @throws java.nio.file.FileAlreadyExistsException if a file that is not a socket is there
     * @throws IOException if the path cannot be bound
     */
    public static SocketListener createUnixListener(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        Task t = Task.current();
        t.checkpoint();
        Poller poller = t.runtime.poller();
        removeStaleSocket(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            ch.bind(UnixDomainSocketAddress.of(path), 65536);
            ok = true;
            return new SocketListener(ch, poller);
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK) {
            Files.delete(path);
        } else {
            throw new FileAlreadyExistsException(
                    path.toString(), null, "a file that is not a socket is in the way");
        }
    }

    /**
     * A UDP socket bound to {@code localHost}:{@code localPort} (0: any free port). A checkpoint.
     *
     * @throws IllegalArgumentException if {@code localPort} is outside 0..65535
     * @throws IOException if the address cannot be bound
     */
    public static UdpSocket createUdpSocket(String localHost, int localPort) throws IOException {
        Objects.requireNonNull(localHost, "localHost");
        checkLocalPort(localPort);
        Task t = Task.current();
        t.checkpoint();
        return new UdpSocket(bindUdp(localHost, localPort), t.runtime.poller());
    }

    /**
     * A UDP socket bound to {@code localHost}:{@code localPort} and connected to {@code
     * remoteHost}:{@code remotePort}: it sends to that peer and receives from it only. The remote
     * name is resolved in a worker thread. A checkpoint.
     *
     * @throws IllegalArgumentException if a port is out of range
     * @throws IOException if binding or connecting fails
     */
    public static ConnectedUdpSocket createConnectedUdpSocket(
            String remoteHost, int remotePort, String localHost, int localPort) throws IOException {
        Objects.requireNonNull(remoteHost, "remoteHost");
        Objects.requireNonNull(localHost, "localHost");
        if (remotePort < 1 || remotePort > 65535) {
            throw new IllegalArgumentException("UDP port number out of range: " + remotePort);
        }
        checkLocalPort(localPort);
        Task t = Task.current();
        t.checkpoint();
        InetAddress remote =
                ToThread.runSync(
                        ToThreadOptions.defaults().abandonOnCancel(true),
                        () -> InetAddress.getByName(remoteHost));
        DatagramChannel ch = bindUdp(localHost, localPort);
        boolean ok = false;
        try {
            ch.connect(new InetSocketAddress(remote, remotePort));
            ok = true;
            return new ConnectedUdpSocket(ch, t.runtime.poller());
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    private static void checkLocalPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port number out of range: " + port);
        }
    }

    private static DatagramChannel bindUdp(String localHost, int localPort) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            ch.bind(new InetSocketAddress(localHost, localPort));
            ok = true;
            return ch;
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    /**
     * Resolves {@code host} to the socket addresses for {@code port} (AnyIO's {@code getaddrinfo}),
     * in a worker thread: a checkpoint whose wait can be cancelled (a slow resolver is abandoned).
     * A name with a non-ASCII character is converted to its ASCII form first, by IDNA 2008 with UTS
     * #46 non-transitional mapping, as AnyIO does with {@code idna.encode(host, uts46=True)}:
     * {@code Bücher.example} is looked up as {@code xn--bcher-kva.example} and {@code faß.de} as
     * {@code xn--fa-hia.de} (IDNA 2003 would look up {@code fass.de}). An ASCII name is looked up
     * as it is, also as in AnyIO. The conversion approximates the Unicode tables with the JDK's
     * (docs/networking.md, "Name resolution", says where it can differ from AnyIO's).
     *
     * @throws java.net.UnknownHostException if the name does not resolve
     * @throws IllegalArgumentException if {@code port} is outside 0..65535, or a non-ASCII name is
     *     not a valid IDNA 2008 name (the message names the label and the rule; AnyIO raises {@code
     *     idna.IDNAError}); nothing is looked up then
     */
    public static List<InetSocketAddress> getaddrinfo(String host, int port) throws IOException {
        Objects.requireNonNull(host, "host");
        checkLocalPort(port);
        String ascii =
                host.chars().allMatch(c -> c < 0x80) ? host : io.weft.internal.Idna.toAscii(host);
        InetAddress[] all =
                ToThread.runSync(
                        ToThreadOptions.defaults().abandonOnCancel(true),
                        () -> InetAddress.getAllByName(ascii));
        List<InetSocketAddress> out = new ArrayList<>(all.length);
        for (InetAddress a : all) {
            out.add(new InetSocketAddress(a, port));
        }
        return List.copyOf(out);
    }

    /**
     * The host name of {@code address} by reverse lookup (AnyIO's {@code getnameinfo}), in a worker
     * thread (cancellable); the address's text form if it has no name.
     */
    public static String getnameinfo(InetAddress address) {
        Objects.requireNonNull(address, "address");
        InetAddress bare; // without the name it may have been made from: forces the lookup
        try {
            bare = InetAddress.getByAddress(address.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("an address's own bytes are a valid address", e);
        }
        return ToThread.runSync(
                ToThreadOptions.defaults().abandonOnCancel(true), () -> bare.getHostName());
    }

    /**
     * A connectable for {@code host}:{@code port} (AnyIO's {@code as_connectable} of a tuple).
     *
     * @throws IllegalArgumentException if {@code port} is outside 1..65535
     */
    public static TcpConnectable asConnectable(String host, int port) {
        return new TcpConnectable(host, port);
    }

    /**
     * A connectable for the UNIX domain socket at {@code path} (AnyIO's {@code as_connectable}).
     */
    public static UnixConnectable asConnectable(Path path) {
        return new UnixConnectable(path);
    }

    /**
     * Listens on every address of {@code localHost} on one port (AnyIO's {@code
     * create_tcp_listener}): one listener per address the name resolves to, all on the same port
     * (with port 0, the port the first one was given). With {@code localHost} null, one listener on
     * every interface: the IPv6 wildcard, which on most systems also accepts IPv4, or the IPv4
     * wildcard where IPv6 is missing. A checkpoint.
     *
     * @throws IllegalArgumentException if {@code localPort} is outside 0..65535
     * @throws IOException if an address cannot be bound (the listeners bound so far are closed)
     */
    public static MultiListener<SocketStream> createTcpListeners(String localHost, int localPort)
            throws IOException {
        checkLocalPort(localPort);
        if (localHost == null) {
            try {
                return new MultiListener<>(List.of(createTcpListener("::", localPort)));
            } catch (IOException | UnsupportedAddressTypeException noIpv6) {
                return new MultiListener<>(List.of(createTcpListener("0.0.0.0", localPort)));
            }
        }
        List<SocketListener> bound = new ArrayList<>();
        boolean ok = false;
        try {
            int port = localPort;
            for (InetSocketAddress a : getaddrinfo(localHost, localPort)) {
                SocketListener l = createTcpListener(a.getAddress().getHostAddress(), port);
                bound.add(l);
                port = l.localAddress().getPort(); // the others get the first one's port
            }
            ok = true;
            return new MultiListener<>(bound);
        } finally {
            if (!ok) {
                for (SocketListener l : bound) {
                    l.close();
                }
            }
        }
    }

    /** Makes an accepted channel a stream. */
    static SocketStream adopt(SocketChannel ch, Poller poller) {
        try {
            ch.configureBlocking(false);
            if (ch.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // it failed already
            }
            throw new UncheckedIOException("configuring an accepted connection failed", e);
        }
        return new SocketStream(ch, poller);
    }

    /** IPv6 first, then IPv4, alternating (RFC 8305's interleaving). */
    private static List<InetAddress> interleave(InetAddress[] all) {
        List<InetAddress> v6 = new ArrayList<>();
        List<InetAddress> v4 = new ArrayList<>();
        for (InetAddress a : all) {
            (a instanceof Inet6Address ? v6 : v4).add(a);
        }
        List<InetAddress> out = new ArrayList<>();
        for (int i = 0; i < Math.max(v6.size(), v4.size()); i++) {
            if (i < v6.size()) {
                out.add(v6.get(i));
            }
            if (i < v4.size()) {
                out.add(v4.get(i));
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface ChannelCall {
        Object run() throws IOException;
    }

    private static Object io(Task t, ChannelCall op) throws IOException {
        try {
            return t.withoutInterrupts(op::run);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw Secrets.sneakyThrow(e);
        }
    }
}
