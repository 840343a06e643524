package io.weft.net;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.internal.Poller;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.stream.TypedAttribute;
import io.weft.stream.UnreliableObjectStream;
import io.weft.sync.ResourceGuard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An unconnected UDP socket (AnyIO's {@code UDPSocket}): receives datagrams from anyone and sends
 * to any address. Made by {@link Net#createUdpSocket}. Iterating receives datagrams until the
 * socket is closed.
 *
 * <p>Waits are Weft waits on the runtime's poller: cancelling a {@code receive} loses no datagram.
 * One task receives and one sends at a time ({@link io.weft.BusyResourceError}); closing wakes a
 * blocked {@code receive} with {@link ClosedResourceError}. Datagrams longer than 65,536 bytes are
 * cut there, as the OS cuts them to the buffer.
 */
public final class UdpSocket implements UnreliableObjectStream<Datagram> {
    private static final int MAX_DATAGRAM = 65536;

    private final DatagramChannel channel;
    private final Poller poller;
    private final ResourceGuard reading = new ResourceGuard("reading from");
    private final ResourceGuard writing = new ResourceGuard("writing to");
    private volatile boolean closed;

    UdpSocket(DatagramChannel channel, Poller poller) {
        this.channel = channel;
        this.poller = poller;
    }

    /**
     * Receives the next datagram, waiting for one. A checkpoint first. If this throws {@link
     * io.weft.Cancelled}, no datagram was taken.
     *
     * @throws ClosedResourceError if the socket is closed, also while waiting
     * @throws io.weft.BusyResourceError if another task is receiving
     */
    @Override
    public Datagram receive() {
        Task t = Task.current();
        t.checkpoint();
        checkOpen();
        ResourceGuard.Use use = reading.use();
        try {
            ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
            for (; ; ) {
                SocketAddress from = (SocketAddress) io(t, () -> channel.receive(buf));
                if (from != null) {
                    return new Datagram(
                            Arrays.copyOf(buf.array(), buf.position()), (InetSocketAddress) from);
                }
                poller.await(t, channel, false);
            }
        } finally {
            use.close();
        }
    }

    /**
     * Sends {@code datagram} to its address. A checkpoint first.
     *
     * @throws ClosedResourceError if the socket is closed
     * @throws BrokenResourceError if sending failed (the {@link IOException} is the cause)
     */
    @Override
    public void send(Datagram datagram) {
        sendTo(datagram.data(), datagram.address());
    }

    /** Sends {@code data} to {@code host}:{@code port}. See {@link #send(Datagram)}. */
    public void sendTo(byte[] data, String host, int port) {
        sendTo(data, new InetSocketAddress(host, port));
    }

    private void sendTo(byte[] data, InetSocketAddress to) {
        Task t = Task.current();
        t.checkpoint();
        checkOpen();
        ResourceGuard.Use use = writing.use();
        try {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while ((Integer) io(t, () -> channel.send(buf, to)) == 0) {
                poller.await(t, channel, true); // no room in the send buffer yet
            }
        } finally {
            use.close();
        }
    }

    /**
     * Closes the socket; a task in {@code receive} gets {@link ClosedResourceError}. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        poller.close(channel);
    }

    /** The local address the socket is bound to. */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new ClosedResourceError("this UDP socket is closed");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedResourceError("this UDP socket is closed");
        }
    }

    @FunctionalInterface
    interface ChannelCall {
        Object run() throws IOException;
    }

    /** Runs a channel operation where no interrupt can land, mapping its errors. */
    static Object io(Task t, ChannelCall op) {
        try {
            return t.withoutInterrupts(op::run);
        } catch (ClosedChannelException e) {
            throw new ClosedResourceError("the socket is closed");
        } catch (IOException e) {
            throw new BrokenResourceError("the socket failed: " + e.getMessage(), e);
        } catch (Throwable e) {
            throw Secrets.sneakyThrow(e);
        }
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return SocketAttributes.of(channel);
    }

    @Override
    public String toString() {
        return "UdpSocket[" + channel + "]";
    }
}
