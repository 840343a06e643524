package io.weft.net;

import io.weft.ClosedResourceError;
import io.weft.TaskGroup;
import io.weft.internal.Task;
import io.weft.internal.net.ChannelIo;
import io.weft.internal.net.Poller;
import io.weft.stream.Listener;
import io.weft.stream.TypedAttribute;
import io.weft.sync.ResourceGuard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A TCP or UNIX listener on one local address (AnyIO's {@code SocketListener}). Made by {@link
 * Net#createTcpListener}, {@link Net#createTcpListeners} or {@link Net#createUnixListener}.
 *
 * <p>{@link #accept()} waits in a Weft wait on the runtime's poller: cancelling it leaves the
 * listener open and loses no connection. One task accepts at a time ({@link
 * io.weft.BusyResourceError}); closing the listener wakes it with {@link ClosedResourceError}.
 * Accepted connections have TCP_NODELAY on.
 *
 * <p>If the OS refuses to accept (it is out of file descriptors, say), {@link #accept()} throws its
 * {@link IOException} and {@link #serve} ends with it, as in AnyIO; a connection the peer aborted
 * before it was accepted is skipped by the JDK itself.
 */
public final class SocketListener implements Listener<SocketStream> {
    private final ServerSocketChannel channel;
    private final Poller poller;
    private final ResourceGuard accepting = new ResourceGuard("accepting connections from");
    private final ChannelIo io = new ChannelIo("listener", "accepting a connection failed");

    SocketListener(ServerSocketChannel channel, Poller poller) {
        this.channel = channel;
        this.poller = poller;
    }

    /**
     * Waits for the next connection and returns it. A checkpoint first. If this throws {@link
     * io.weft.Cancelled}, no connection was taken.
     *
     * @throws ClosedResourceError if the listener is closed, also while waiting
     * @throws io.weft.BusyResourceError if another task is accepting
     * @throws IOException if the OS failed to accept (out of file descriptors or memory); the
     *     listener stays open
     */
    public SocketStream accept() throws IOException {
        Task t = Task.current();
        t.checkpoint();
        io.checkOpen();
        ResourceGuard.Use use = accepting.use();
        try {
            for (; ; ) {
                SocketChannel s = io.callChecked(t, channel::accept);
                if (s == null) {
                    poller.await(t, channel, false, this);
                } else if (configure(s)) {
                    return new SocketStream(s, poller);
                }
            }
        } finally {
            use.close();
        }
    }

    /**
     * Makes an accepted channel non-blocking, with TCP_NODELAY; false (the channel closed) if that
     * failed. Such a failure is this connection's, gone before it could be used (the peer reset
     * it), not the listener's: the caller takes the next one.
     */
    private static boolean configure(SocketChannel ch) {
        try {
            ch.configureBlocking(false);
            if (ch.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return true;
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // it failed already
            }
            return false;
        }
    }

    /**
     * Accepts connections and runs {@code handler} for each in a new task of {@code taskGroup}; the
     * handler owns the connection (and should close it). Returns once the listener is closed (by
     * another task); throws {@link io.weft.Cancelled} if the calling task is cancelled. A handler's
     * failure goes to the group, as any task's.
     *
     * @throws IOException if the OS failed to accept (see {@link #accept()}); serving ends, the
     *     listener stays open and the handlers already started go on in {@code taskGroup}
     */
    @Override
    public void serve(Handler<? super SocketStream> handler, TaskGroup taskGroup)
            throws IOException {
        for (; ; ) {
            SocketStream s;
            try {
                s = accept();
            } catch (ClosedResourceError e) {
                if (io.isClosed()) {
                    return; // closed: serving is over
                }
                throw e;
            }
            taskGroup.startSoon(() -> handler.handle(s));
        }
    }

    /** Stops listening; a task in {@code accept} gets {@link ClosedResourceError}. Idempotent. */
    @Override
    public void close() {
        if (io.markClosed()) {
            poller.close(channel);
        }
    }

    /**
     * The local IP address and port the listener is bound to.
     *
     * @throws ClosedResourceError if the listener is closed
     * @throws IllegalStateException if it is a UNIX listener (its {@link
     *     SocketAttribute#LOCAL_ADDRESS} is the path)
     */
    public InetSocketAddress localAddress() {
        java.net.SocketAddress a;
        try {
            a = channel.getLocalAddress();
        } catch (IOException e) {
            throw io.closedError();
        }
        if (a instanceof InetSocketAddress ip) {
            return ip;
        }
        throw new IllegalStateException(
                "a UNIX listener has no IP address; its LOCAL_ADDRESS attribute is " + a);
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return SocketAttributes.of(channel);
    }

    @Override
    public String toString() {
        return "SocketListener[" + channel + "]";
    }
}
