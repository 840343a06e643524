package io.weft.net;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One UDP datagram and the address it came from or goes to (AnyIO's {@code (data, (host, port))}
 * tuples).
 *
 * @param data the payload
 * @param address the peer's address
 */
public record Datagram(byte[] data, InetSocketAddress address) {
    /** Checks that both parts are given. */
    public Datagram {
        Objects.requireNonNull(data, "data is null: pass new byte[0] for an empty datagram");
        Objects.requireNonNull(
                address,
                "address is null: a Datagram goes to or comes from an address; to talk to one peer"
                        + " only, use Net.createConnectedUdpSocket");
    }
}
