package io.weft.net;

import io.weft.ClosedResourceError;
import io.weft.internal.net.Poller;
import io.weft.stream.TypedAttribute;
import io.weft.stream.UnreliableObjectStream;
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
    private final DatagramIo dgram;

    ConnectedUdpSocket(DatagramChannel channel, Poller poller) {
        this.dgram = new DatagramIo(channel, poller, this);
    }

    /**
     * Receives the next datagram's payload; see {@link UdpSocket#receive()}.
     *
     * @throws ClosedResourceError if the socket is closed, also while waiting
     * @throws io.weft.BusyResourceError if another task is receiving
     */
    @Override
    public byte[] receive() {
        // receive(), not read(): null tells "nothing yet" apart from an empty datagram.
        return dgram.receive(buf ->
                dgram.channel.receive(buf) == null
                        ? null
                        : Arrays.copyOf(buf.array(), buf.position()));
    }

    /**
     * Sends {@code data} to the peer as one datagram; see {@link UdpSocket#send}. An empty array
     * sends nothing (the JDK's {@code DatagramChannel.write} does not send empty datagrams).
     *
     * @throws ClosedResourceError if the socket is closed
     * @throws io.weft.BrokenResourceError if sending failed
     * @throws io.weft.BusyResourceError if another task is sending
     */
    @Override
    public void send(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        // write() of a datagram sends all of it or, with no room in the send buffer, nothing.
        dgram.send(data.length, () -> dgram.channel.write(buf));
    }

    /**
     * Closes the socket; a task in {@code receive} gets {@link ClosedResourceError}. Idempotent;
     * not a checkpoint.
     */
    @Override
    public void close() {
        dgram.close();
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return dgram.attributes();
    }

    @Override
    public String toString() {
        return "ConnectedUdpSocket[" + dgram.channel + "]";
    }
}
