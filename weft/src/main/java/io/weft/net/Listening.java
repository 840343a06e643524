package io.weft.net;

import io.weft.internal.Task;
import io.weft.internal.net.Poller;
import io.weft.internal.net.SamePortBinder;
import io.weft.stream.MultiListener;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * How {@link Net}'s listeners are made: one TCP listening socket (SO_REUSEADDR, optionally
 * SO_REUSEPORT, the backlog), several on one port ({@link SamePortBinder}), and a UNIX listener
 * (stale socket file removed, mode set). Each method closes what it opened if it fails.
 */
final class Listening {
    private Listening() {}

    /** How many rounds {@link Net#createTcpListeners} tries for one free port on every address. */
    static final int SAME_PORT_ATTEMPTS = 10;

    /** One listening socket on {@code address}:{@code port}. */
    static SocketListener listenTcp(
            Poller poller, InetAddress address, int port, TcpListenerOptions options)
            throws IOException {
        ServerSocketChannel ch =
                ServerSocketChannel.open(
                        address instanceof Inet6Address
                                ? StandardProtocolFamily.INET6
                                : StandardProtocolFamily.INET);
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (options.reusePort()) {
                if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new UnsupportedOperationException(
                            "SO_REUSEPORT (TcpListenerOptions.reusePort) is not supported here");
                }
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.bind(new InetSocketAddress(address, port), options.backlog());
            ok = true;
            return new SocketListener(ch, poller);
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    /** One listener per address, all on one port (see {@link SamePortBinder}). */
    static MultiListener<SocketStream> listenAll(
            List<InetAddress> addresses, int port, TcpListenerOptions options) throws IOException {
        Poller poller = Task.current().runtime.poller();
        return new MultiListener<>(
                SamePortBinder.bindAll(
                        addresses,
                        port,
                        SAME_PORT_ATTEMPTS,
                        (a, p) -> listenTcp(poller, a, p, options),
                        l -> l.localAddress().getPort(),
                        SocketListener::close));
    }

    /** A UNIX listener at {@code path}; see {@link Net#createUnixListener(Path, Set, int)}. */
    static SocketListener listenUnix(
            Poller poller, Path path, Set<PosixFilePermission> perms, int queue)
            throws IOException {
        removeStaleSocket(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        boolean ok = false;
        boolean bound = false;
        try {
            ch.configureBlocking(false);
            ch.bind(UnixDomainSocketAddress.of(path), queue);
            bound = true;
            if (perms != null) {
                Files.setPosixFilePermissions(path, perms);
            }
            ok = true;
            return new SocketListener(ch, poller);
        } finally {
            if (!ok) {
                ch.close();
                if (bound) {
                    Files.deleteIfExists(path); // the file this call made
                }
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
}
