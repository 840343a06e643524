package io.weft.net;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.internal.net.Poller;
import io.weft.stream.TypedAttribute;
import io.weft.stream.UnreliableObjectStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
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
    private final DatagramIo dgram;

    UdpSocket(DatagramChannel channel, Poller poller) {
        this.dgram = new DatagramIo(channel, poller);
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
        return dgram.receive(buf -> {
            SocketAddress from = dgram.channel.receive(buf);
            return from == null
                    ? null
                    : new Datagram(
                            Arrays.copyOf(buf.array(), buf.position()), (InetSocketAddress) from);
        });
    }

    /**
     * Sends {@code datagram} to its address (an empty one too). A checkpoint first. If this throws
     * {@link io.weft.Cancelled}, the datagram was not sent.
     *
     * @throws ClosedResourceError if the socket is closed
     * @throws BrokenResourceError if sending failed (the {@link IOException} is the cause)
     * @throws io.weft.BusyResourceError if another task is sending
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
        ByteBuffer buf = ByteBuffer.wrap(data);
        dgram.send(data.length, () -> dgram.channel.send(buf, to));
    }

    /**
     * Closes the socket; a task in {@code receive} gets {@link ClosedResourceError}. Idempotent;
     * not a checkpoint.
     */
    @Override
    public void close() {
        dgram.close();
    }

    /**
     * The local address the socket is bound to.
     *
     * @throws ClosedResourceError if the socket is closed
     */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) dgram.channel.getLocalAddress();
        } catch (IOException e) {
            throw dgram.io.closedError();
        }
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return dgram.attributes();
    }

    @Override
    public String toString() {
        return "UdpSocket[" + dgram.channel + "]";
    }
}
