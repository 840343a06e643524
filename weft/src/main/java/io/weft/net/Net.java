package io.weft.net;

import io.weft.ConnectionFailed;
import io.weft.internal.Task;
import io.weft.internal.WeftRuntime;
import io.weft.internal.net.ChannelIo;
import io.weft.internal.net.HappyEyeballs;
import io.weft.internal.net.Poller;
import io.weft.stream.MultiListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

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
 *
 * <p><b>What fails how</b> (docs/errors.md has the table): a failure the OS or the network reports
 * (refused, unreachable, no such host, address in use, out of file descriptors, a TLS handshake the
 * peer or the certificate check refused) is a checked {@link IOException}; a misuse (a port out of
 * range, a null, an address of the wrong family) is an {@link IllegalArgumentException}, {@link
 * IllegalStateException} or {@link NullPointerException} whose message says what to pass. Once a
 * socket is open, its own state is Weft's: a connection that broke is a {@link
 * io.weft.BrokenResourceError}, a socket closed by this side a {@link io.weft.ClosedResourceError}.
 */
public final class Net {
    /** The message for a null host to connect to or look up: Java's own null means loopback. */
    static final String HOST_IS_NULL =
            "host is null: pass a name or an address (\"localhost\" for this machine)";

    private Net() {}

    /**
     * Waits until {@code channel} (non-blocking, not closed) is readable, or for a server channel,
     * has a connection to accept. A cancellable checkpoint that does not touch the channel.
     *
     * @throws io.weft.ClosedResourceError if {@link #notifyClosing} was called for it, or it is
     *     closed
     * @throws io.weft.BusyResourceError if another task already waits for it to be readable
     * @throws IOException if the runtime's poller could not be started (the OS refused it a
     *     selector)
     */
    public static void waitReadable(SelectableChannel channel) throws IOException {
        Objects.requireNonNull(channel, "channel");
        Task t = Task.current();
        t.runtime.poller().await(t, channel, false, channel);
    }

    /**
     * Waits until {@code channel} is writable (or, while connecting, connected). See {@link
     * #waitReadable}.
     *
     * @throws io.weft.ClosedResourceError if {@link #notifyClosing} was called for it, or it is
     *     closed
     * @throws io.weft.BusyResourceError if another task already waits for it to be writable
     * @throws IOException if the runtime's poller could not be started
     */
    public static void waitWritable(SelectableChannel channel) throws IOException {
        Objects.requireNonNull(channel, "channel");
        Task t = Task.current();
        t.runtime.poller().await(t, channel, true, channel);
    }

    /**
     * Wakes the tasks waiting on {@code channel} with {@link io.weft.ClosedResourceError}, and
     * makes later waits fail so; call it before closing a channel other tasks may wait on. It does
     * not close the channel.
     */
    public static void notifyClosing(SelectableChannel channel) {
        Objects.requireNonNull(channel, "channel");
        Poller poller = WeftRuntime.current().pollerIfStarted();
        if (poller != null) { // without a poller, nobody waits on anything: nothing to wake
            poller.notifyClosing(channel);
        }
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
     * {@link TcpConnectOptions#localAddress local address} is resolved first, in a worker thread
     * too. A checkpoint. If this throws {@link io.weft.Cancelled}, no connection is left open.
     *
     * @throws IllegalArgumentException if {@code port} is outside 1..65535
     * @throws java.net.UnknownHostException if the name, or the local host name, does not resolve
     * @throws ConnectionFailed if every attempt failed (each attempt's error, such as a {@code
     *     ConnectException} for a refused connection, is suppressed in it; the first is the cause)
     * @throws IOException if the runtime's poller could not be started
     */
    public static SocketStream connectTcp(String host, int port, TcpConnectOptions options)
            throws IOException {
        Objects.requireNonNull(host, HOST_IS_NULL);
        Objects.requireNonNull(options, "options is null: pass TcpConnectOptions.defaults()");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP port number out of range: " + port);
        }
        Task t = Task.current();
        t.checkpoint();
        // As AnyIO: the local host is resolved before the remote one, and an address needs no
        // resolver (a bind to an unresolved address would fail in every attempt instead).
        InetSocketAddress local =
                options.localHost() == null
                        ? null
                        : new InetSocketAddress(
                                Resolver.first(options.localHost(), null), options.localPort());
        InetAddress[] resolved = Resolver.all(host);
        Poller poller = t.runtime.poller();
        return HappyEyeballs.race(
                Resolver.interleave(resolved),
                options.happyEyeballsDelay(),
                a -> connect(poller, new InetSocketAddress(a, port), local),
                host + ":" + port);
    }

    /**
     * As {@link #connectTls(String, int, SSLContext, TcpConnectOptions)} with the defaults: the
     * certificate is checked for {@code host}.
     */
    public static TlsStream connectTls(String host, int port, SSLContext context)
            throws IOException {
        return connectTls(host, port, context, TcpConnectOptions.defaults());
    }

    /**
     * Connects as {@link #connectTcp(String, int, TcpConnectOptions)} does, then does a TLS
     * handshake as the client (AnyIO's {@code connect_tcp(..., tls=True)}): the server's
     * certificate is checked for {@code host}, or {@link TcpConnectOptions#tlsHostname} if set,
     * which is also sent as SNI. A checkpoint. If the handshake fails or this is cancelled, the TCP
     * connection is closed.
     *
     * @throws SSLException if the handshake failed (an untrusted certificate, a name the
     *     certificate is not for, a server that does not speak TLS): the engine's own exception,
     *     usually a {@link javax.net.ssl.SSLHandshakeException}, as AnyIO raises the {@code
     *     ssl.SSLError}
     * @throws io.weft.BrokenResourceError if the server closed or reset the connection during the
     *     handshake
     * @throws ConnectionFailed if every connection attempt failed
     * @throws IllegalArgumentException if {@code port} is outside 1..65535
     * @throws java.net.UnknownHostException if the name does not resolve
     */
    public static TlsStream connectTls(
            String host, int port, SSLContext context, TcpConnectOptions options)
            throws IOException {
        // Before connecting: nothing to clean up.
        Objects.requireNonNull(context, TlsStream.CLIENT_CONTEXT_IS_NULL);
        SocketStream tcp = connectTcp(host, port, options);
        String name = options.tlsHostname() != null ? options.tlsHostname() : host;
        return TlsStream.wrap(
                tcp,
                context,
                false,
                name,
                options.tlsStandardCompatible(),
                options.tlsAlpnProtocols().toArray(String[]::new));
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
            boolean connected = ChannelIo.callRaw(t, () -> ch.connect(address));
            while (!connected) {
                poller.await(t, ch, true, ch); // the channel says where it connects
                connected = ChannelIo.callRaw(t, ch::finishConnect);
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
     * As {@link #createTcpListener(String, int, TcpListenerOptions)} with the defaults (any family,
     * the largest backlog, no SO_REUSEPORT).
     */
    public static SocketListener createTcpListener(String localHost, int localPort)
            throws IOException {
        return createTcpListener(localHost, localPort, TcpListenerOptions.defaults());
    }

    /**
     * Listens on {@code localHost}:{@code localPort} (0: any free port), with SO_REUSEADDR: one
     * listener, on the first address of {@code localHost} of the options' family (a name is
     * resolved in a worker thread; {@link #createTcpListeners} listens on all of them). A
     * checkpoint; if this throws {@link io.weft.Cancelled}, nothing is left listening.
     *
     * @throws IllegalArgumentException if {@code localPort} is outside 0..65535, or {@code
     *     localHost} is an address literal of another family than the options'
     * @throws NullPointerException if {@code localHost} is null (the message says what to pass to
     *     listen on every interface)
     * @throws java.net.UnknownHostException if the name has no address (of the family)
     * @throws UnsupportedOperationException if SO_REUSEPORT is asked for and the OS lacks it
     * @throws IOException if the address cannot be bound ({@code BindException})
     */
    public static SocketListener createTcpListener(
            String localHost, int localPort, TcpListenerOptions options) throws IOException {
        Objects.requireNonNull(
                localHost,
                "localHost is null: pass \"0.0.0.0\" or \"::\" to listen on every interface, or"
                        + " use createTcpListeners(null, port), which listens on every interface of"
                        + " each family");
        Objects.requireNonNull(options, "options is null: pass TcpListenerOptions.defaults()");
        if (localPort < 0 || localPort > 65535) {
            throw new IllegalArgumentException("TCP port number out of range: " + localPort);
        }
        Task t = Task.current();
        t.checkpoint();
        InetAddress address = Resolver.first(localHost, options.family());
        return Listening.listenTcp(t.runtime.poller(), address, localPort, options);
    }

    /**
     * Connects to the UNIX domain socket at {@code path}. A checkpoint; if this throws {@link
     * io.weft.Cancelled}, no connection is left open. The stream is a {@link SocketStream} like a
     * TCP one (NIO cannot pass file descriptors, so AnyIO's {@code send_fds} / {@code receive_fds}
     * have no counterpart and there is no separate UNIX stream type).
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
            boolean connected =
                    ChannelIo.callRaw(t, () -> ch.connect(UnixDomainSocketAddress.of(path)));
            while (!connected) {
                poller.await(t, ch, true, ch); // the channel says where it connects
                connected = ChannelIo.callRaw(t, ch::finishConnect);
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
     * As {@link #createUnixListener(Path, Set, int)} with the socket file's permissions left as the
     * OS made them and the largest backlog.
     */
    public static SocketListener createUnixListener(Path path) throws IOException {
        return createUnixListener(path, null, TcpListenerOptions.MAX_BACKLOG);
    }

    /**
     * Listens on a UNIX domain socket at {@code path} (AnyIO's {@code create_unix_listener}). A
     * stale socket file left there by an earlier listener is removed first (a file of another kind
     * is not: that is an error). {@code mode}, unless null, becomes the socket file's permissions
     * (who may connect); it is set just after binding, so a client may connect in between, as in
     * AnyIO. {@code backlog} is cut to {@value TcpListenerOptions#MAX_BACKLOG}. The socket file is
     * not removed when the listener closes. A checkpoint; if this throws {@link io.weft.Cancelled},
     * nothing is left listening.
     *
     * @throws IllegalArgumentException if {@code backlog} is less than 1
     * @throws java.nio.file.FileAlreadyExistsException if a file that is not a socket is there
     * @throws UnsupportedOperationException if {@code mode} is given and the file system has no
     *     POSIX permissions
     * @throws IOException if the path cannot be bound or its permissions set (then the socket is
     *     closed and its file removed)
     */
    public static SocketListener createUnixListener(
            Path path, Set<PosixFilePermission> mode, int backlog) throws IOException {
        Objects.requireNonNull(path, "path");
        int queue = TcpListenerOptions.checkBacklog(backlog);
        Set<PosixFilePermission> perms = mode == null ? null : EnumSet.copyOf(mode);
        Task t = Task.current();
        t.checkpoint();
        return Listening.listenUnix(t.runtime.poller(), path, perms, queue);
    }

    /**
     * As {@link #createUdpSocket(String, int, UdpSocketOptions)} with the defaults: the family is
     * the local host's.
     */
    public static UdpSocket createUdpSocket(String localHost, int localPort) throws IOException {
        Objects.requireNonNull(
                localHost,
                "localHost is null: pass \"0.0.0.0\" or \"::\" to bind every address, or give"
                        + " UdpSocketOptions.family(...) to bind that family's wildcard");
        return createUdpSocket(localHost, localPort, UdpSocketOptions.defaults());
    }

    /**
     * A UDP socket bound to {@code localHost}:{@code localPort} (0: any free port), or, with {@code
     * localHost} null, to that port on every interface of the options' family (AnyIO's {@code
     * create_udp_socket}). A host name is resolved in a worker thread, to its first address of the
     * family. A checkpoint; if this throws {@link io.weft.Cancelled}, no socket is left open.
     *
     * @throws IllegalArgumentException if {@code localPort} is outside 0..65535, if neither {@code
     *     localHost} nor a family is given (as AnyIO), or if {@code localHost} is an address of
     *     another family than the one given
     * @throws java.net.UnknownHostException if {@code localHost} has no address (of the family)
     * @throws UnsupportedOperationException if {@code reusePort} is asked for and the OS lacks it
     * @throws IOException if the address cannot be bound, or the runtime's poller not started
     */
    public static UdpSocket createUdpSocket(
            String localHost, int localPort, UdpSocketOptions options) throws IOException {
        Objects.requireNonNull(options, "options is null: pass UdpSocketOptions.defaults()");
        checkLocalPort(localPort);
        if (localHost == null && options.family() == null) {
            throw new IllegalArgumentException(
                    "either a local host or an address family must be given: pass \"0.0.0.0\" or"
                            + " \"::\" as localHost, or UdpSocketOptions.defaults().family(...)"
                            + " to bind that family's wildcard");
        }
        Task t = Task.current();
        t.checkpoint();
        InetAddress local =
                localHost == null
                        ? Datagrams.wildcard(options.family())
                        : Resolver.first(localHost, options.family());
        Poller poller = t.runtime.poller(); // first: if it fails, no socket is left open
        DatagramChannel ch =
                Datagrams.open(options.family(), new InetSocketAddress(local, localPort), options);
        return new UdpSocket(ch, poller);
    }

    /**
     * As {@link #createConnectedUdpSocket(String, int, String, int, UdpSocketOptions)} with the
     * defaults: {@code localHost} null binds the wildcard of the remote host's family.
     */
    public static ConnectedUdpSocket createConnectedUdpSocket(
            String remoteHost, int remotePort, String localHost, int localPort) throws IOException {
        return createConnectedUdpSocket(
                remoteHost, remotePort, localHost, localPort, UdpSocketOptions.defaults());
    }

    /**
     * A UDP socket connected to {@code remoteHost}:{@code remotePort}: it sends to that peer and
     * receives from it only (AnyIO's {@code create_connected_udp_socket}). It is bound to {@code
     * localHost}:{@code localPort}, or with {@code localHost} null to a port the OS picks. Names
     * are resolved in a worker thread, to their first address of the family (given, or else the
     * local host's). A checkpoint; if this throws {@link io.weft.Cancelled}, no socket is left
     * open.
     *
     * @throws IllegalArgumentException if a port is out of range, or a host is an address of
     *     another family than the one given
     * @throws java.net.UnknownHostException if a host has no address (of the family)
     * @throws UnsupportedOperationException if {@code reusePort} is asked for and the OS lacks it
     * @throws IOException if binding or connecting fails, or the runtime's poller cannot be started
     */
    public static ConnectedUdpSocket createConnectedUdpSocket(
            String remoteHost,
            int remotePort,
            String localHost,
            int localPort,
            UdpSocketOptions options)
            throws IOException {
        Objects.requireNonNull(
                remoteHost,
                "remoteHost is null: pass the peer's name or address (\"localhost\" for this"
                        + " machine)");
        Objects.requireNonNull(options, "options is null: pass UdpSocketOptions.defaults()");
        if (remotePort < 1 || remotePort > 65535) {
            throw new IllegalArgumentException("UDP port number out of range: " + remotePort);
        }
        checkLocalPort(localPort);
        Task t = Task.current();
        t.checkpoint();
        ProtocolFamily family = options.family();
        InetSocketAddress local = null;
        if (localHost != null) {
            InetAddress a = Resolver.first(localHost, family);
            family = Resolver.familyOf(a);
            local = new InetSocketAddress(a, localPort);
        }
        InetAddress remote = Resolver.first(remoteHost, family);
        if (local == null) {
            family = Resolver.familyOf(remote);
            local = new InetSocketAddress(Datagrams.wildcard(family), localPort);
        }
        Poller poller = t.runtime.poller();
        DatagramChannel ch = Datagrams.open(options.family(), local, options);
        boolean ok = false;
        try {
            InetSocketAddress peer = new InetSocketAddress(remote, remotePort);
            ChannelIo.callRaw(t, () -> ch.connect(peer)); // no interrupt may close it meanwhile
            ok = true;
            return new ConnectedUdpSocket(ch, poller);
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
     * @throws java.net.UnknownHostException if the name does not resolve (the resolver's own
     *     exception, not wrapped)
     * @throws IllegalArgumentException if {@code port} is outside 0..65535, or a non-ASCII name is
     *     not a valid IDNA 2008 name (the message names the label and the rule; AnyIO raises {@code
     *     idna.IDNAError}); nothing is looked up then
     */
    public static List<InetSocketAddress> getaddrinfo(String host, int port) throws IOException {
        Objects.requireNonNull(host, HOST_IS_NULL);
        checkLocalPort(port);
        return Resolver.getaddrinfo(host, port);
    }

    /**
     * The host name of {@code address} by reverse lookup (AnyIO's {@code getnameinfo}), in a worker
     * thread (cancellable); the address's text form if it has no name.
     */
    public static String getnameinfo(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return Resolver.getnameinfo(address);
    }

    /**
     * A connectable for {@code host}:{@code port} (AnyIO's {@code as_connectable} of a tuple).
     *
     * @throws IllegalArgumentException if {@code port} is outside 1..65535
     * @throws NullPointerException if {@code host} is null
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

    /** As {@link #createTcpListeners(String, int, TcpListenerOptions)} with the defaults. */
    public static MultiListener<SocketStream> createTcpListeners(String localHost, int localPort)
            throws IOException {
        return createTcpListeners(localHost, localPort, TcpListenerOptions.defaults());
    }

    /**
     * Listens on every address of {@code localHost} of the options' family on one port (AnyIO's
     * {@code create_tcp_listener}): one listener per address the name resolves to (in a worker
     * thread), all on {@code localPort}. With port 0 the first address gets a free port and the
     * others the same one; if that port is taken on another address, all are closed and the set is
     * bound again on another port (at most 10 rounds). With {@code localHost} null, one listener on
     * every interface: for any family the IPv6 wildcard, which on most systems also accepts IPv4,
     * or the IPv4 wildcard where IPv6 is missing; for {@code INET} the IPv4 wildcard; for {@code
     * INET6} the IPv6 wildcard, which accepts IPv4 too (NIO cannot set IPV6_V6ONLY). A checkpoint;
     * if this throws {@link io.weft.Cancelled}, nothing is left listening.
     *
     * @throws IllegalArgumentException if {@code localPort} is outside 0..65535, or {@code
     *     localHost} is an address literal of another family than the options'
     * @throws java.net.UnknownHostException if the name has no address (of the family)
     * @throws UnsupportedOperationException if SO_REUSEPORT is asked for and the OS lacks it
     * @throws IOException if an address cannot be bound (the listeners bound so far are closed); a
     *     {@code BindException} naming the addresses if port 0 found no port free on all of them
     */
    public static MultiListener<SocketStream> createTcpListeners(
            String localHost, int localPort, TcpListenerOptions options) throws IOException {
        Objects.requireNonNull(options, "options is null: pass TcpListenerOptions.defaults()");
        checkLocalPort(localPort);
        if (localHost == null) {
            ProtocolFamily family = options.family();
            if (family == StandardProtocolFamily.INET) {
                return new MultiListener<>(
                        List.of(createTcpListener("0.0.0.0", localPort, options)));
            }
            try {
                return new MultiListener<>(List.of(createTcpListener("::", localPort, options)));
            } catch (IOException
                    | UnsupportedOperationException
                    | UnsupportedAddressTypeException noIpv6) {
                if (family == StandardProtocolFamily.INET6) {
                    throw noIpv6;
                }
                return new MultiListener<>(
                        List.of(createTcpListener("0.0.0.0", localPort, options)));
            }
        }
        Task.current().checkpoint();
        return Listening.listenAll(
                Resolver.addresses(localHost, options.family()), localPort, options);
    }
}
