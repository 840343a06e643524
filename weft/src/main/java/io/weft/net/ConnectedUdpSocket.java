package io.weft.net;

import io.weft.ClosedResourceError;
import io.weft.internal.Poller;
import io.weft.internal.Task;
import io.weft.stream.TypedAttribute;
import io.weft.stream.UnreliableObjectStream;
import io.weft.sync.ResourceGuard;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A UDP socket connected to one peer (AnyIO's {@code ConnectedUDPSocket}): datagrams as byte
 * arrays, to and from that peer only. Made by {@link Net#createConnectedUdpSocket}. The rules are
 * {@link UdpSocket}'s; a datagram the peer refused (ICMP port unreachable) may surface as a {@link
 * io.weft.BrokenResourceError} on a later call.
 */
public final class ConnectedUdpSocket implements UnreliableObjectStream<byte[]> {
    private final DatagramChannel channel;
    private final Poller poller;
    private final ResourceGuard reading = new ResourceGuard("reading from");
    private final ResourceGuard writing = new ResourceGuard("writing to");
    private volatile boolean closed;

    ConnectedUdpSocket(DatagramChannel channel, Poller poller) {
        this.channel = channel;
        this.poller = poller;
    }

    /** Receives the next datagram's payload; see {@link UdpSocket#receive()}. */
    @Override
    public byte[] receive() {
        Task t = Task.current();
        t.checkpoint();
        checkOpen();
        ResourceGuard.Use use = reading.use();
        try {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            // receive(), not read(): null tells "nothing yet" apart from an empty datagram.
            while (UdpSocket.io(t, () -> channel.receive(buf)) == null) {
                poller.await(t, channel, false);
            }
            return Arrays.copyOf(buf.array(), buf.position());
        } finally {
            use.close();
        }
    }

    /**
     * Sends {@code data} to the peer as one datagram; see {@link UdpSocket#send}. An empty array
     * sends nothing (the JDK's {@code DatagramChannel.write} does not send empty datagrams).
     */
    @Override
    public void send(byte[] data) {
        Task t = Task.current();
        t.checkpoint();
        checkOpen();
        ResourceGuard.Use use = writing.use();
        try {
            ByteBuffer buf = ByteBuffer.wrap(data);
            // write() of a datagram sends all of it or, with no room in the send buffer, nothing.
            while ((Integer) UdpSocket.io(t, () -> channel.write(buf)) == 0 && data.length > 0) {
                poller.await(t, channel, true);
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

    private void checkOpen() {
        if (closed) {
            throw new ClosedResourceError("this UDP socket is closed");
        }
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return SocketAttributes.of(channel);
    }

    @Override
    public String toString() {
        return "ConnectedUdpSocket[" + channel + "]";
    }
}
