package io.weft.net;

import io.weft.internal.Task;
import io.weft.internal.net.ChannelIo;
import io.weft.internal.net.Poller;
import io.weft.stream.TypedAttribute;
import io.weft.sync.ResourceGuard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@link UdpSocket} and {@link ConnectedUdpSocket} share: the receive and send loops over a
 * non-blocking {@link DatagramChannel}, their guards, and closing. Each loop is a checkpoint, a
 * closed check, a {@link ResourceGuard} claim, and then attempts at the channel operation with a
 * Weft wait for readiness between them, so a cancelled wait takes no datagram and sends none.
 */
final class DatagramIo {
    /** The largest datagram received whole; longer ones are cut here, as the OS cuts them. */
    static final int MAX_DATAGRAM = 65536;

    /** One attempt to receive into {@code buf}: the result, or null if nothing has arrived. */
    @FunctionalInterface
    interface Receive<T> {
        T attempt(ByteBuffer buf) throws IOException;
    }

    final DatagramChannel channel;
    private final Poller poller;
    private final Object owner; // the public socket, which dumps show a waiting task waiting on
    private final ResourceGuard reading = new ResourceGuard("reading from");
    private final ResourceGuard writing = new ResourceGuard("writing to");
    final ChannelIo io = new ChannelIo("UDP socket", "the socket failed");

    DatagramIo(DatagramChannel channel, Poller poller, Object owner) {
        this.channel = channel;
        this.poller = poller;
        this.owner = owner;
    }

    /** Receives one datagram with {@code op}, waiting until one has arrived. */
    <T> T receive(Receive<T> op) {
        Task t = Task.current();
        t.checkpoint();
        io.checkOpen();
        ResourceGuard.Use use = reading.use();
        try {
            ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
            for (; ; ) {
                T got = io.call(t, () -> op.attempt(buf));
                if (got != null) {
                    return got;
                }
                poller.await(t, channel, false, owner);
            }
        } finally {
            use.close();
        }
    }

    /**
     * Sends one datagram of {@code length} bytes with {@code op} (which returns the bytes it sent:
     * all of them, or 0 when the send buffer has no room), waiting for room. An empty datagram is
     * attempted once: its 0 cannot tell "sent" from "no room".
     */
    void send(int length, ChannelIo.Op<Integer> op) {
        Task t = Task.current();
        t.checkpoint();
        io.checkOpen();
        ResourceGuard.Use use = writing.use();
        try {
            while (io.call(t, op) == 0 && length > 0) {
                poller.await(t, channel, true, owner);
            }
        } finally {
            use.close();
        }
    }

    void close() {
        if (io.markClosed()) {
            poller.close(channel);
        }
    }

    Map<TypedAttribute<?>, Supplier<?>> attributes() {
        return SocketAttributes.of(channel);
    }
}
