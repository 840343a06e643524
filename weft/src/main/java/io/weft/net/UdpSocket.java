package io.weft.net;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.internal.net.Poller;
import io.weft.stream.TypedAttribute;
import io.weft.stream.UnreliableObjectStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
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
        this.dgram = new DatagramIo(channel, poller, this);
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
     * @throws IllegalArgumentException if the datagram's address is unresolved
     */
    @Override
    public void send(Datagram datagram) {
        if (datagram.address().isUnresolved()) {
            throw new IllegalArgumentException(
                    "the datagram's address "
                            + datagram.address()
                            + " is unresolved: resolve it with Net.getaddrinfo, or use sendTo(data,"
                            + " host, port)");
        }
        sendTo(datagram.data(), datagram.address());
    }

    /**
     * Sends {@code data} to {@code host}:{@code port}. A name is resolved first, in a worker thread
     * (cancellable), to its first address of this socket's family (an IPv6 socket reaches IPv4
     * too), on every call: to send many datagrams to one peer, resolve once with {@link
     * Net#getaddrinfo} and {@link #send(Datagram)}. See {@link #send(Datagram)}.
     *
     * @throws IllegalArgumentException if {@code port} is outside 0..65535, or {@code host} is an
     *     IPv6 address and this an IPv4 socket
     * @throws java.net.UnknownHostException if {@code host} does not resolve (to an address of the
     *     family)
     */
    public void sendTo(byte[] data, String host, int port) throws IOException {
        Objects.requireNonNull(data, "data is null: pass new byte[0] for an empty datagram");
        Objects.requireNonNull(host, Net.HOST_IS_NULL);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("UDP port number out of range: " + port);
        }
        // An IPv4 socket cannot send to an IPv6 address; an IPv6 one sends to both.
        boolean v4 = localAddress().getAddress() instanceof Inet4Address;
        InetSocketAddress to =
                new InetSocketAddress(
                        Resolver.first(host, v4 ? StandardProtocolFamily.INET : null), port);
        sendTo(data, to);
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
