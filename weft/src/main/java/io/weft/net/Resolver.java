package io.weft.net;

import io.weft.internal.idna.Idna;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How {@link Net} turns host names into addresses. An address literal is taken as it is (no
 * resolver, as AnyIO); a name is looked up in a worker thread whose wait can be cancelled (a slow
 * resolver is abandoned). A name that does not resolve is the resolver's own {@link
 * UnknownHostException}, thrown as it is: it is an {@link java.io.IOException}, which is what every
 * method here declares, so nothing wraps it.
 */
final class Resolver {
    private Resolver() {}

    /** {@code host} as an address if it is an IPv4 or IPv6 literal, else null. */
    static InetAddress literalOrNull(String host) {
        boolean maybe = !host.isEmpty();
        for (int i = 0; i < host.length() && maybe; i++) {
            char c = host.charAt(i);
            // A cheap filter first: a name like "localhost" must not pay for an exception.
            maybe =
                    c == '.'
                            || c == ':'
                            || c == '%'
                            || c == '['
                            || c == ']'
                            || Character.digit(c, 16) >= 0;
        }
        if (!maybe) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException notALiteral) {
            return null; // a name made of hex digits, such as "cafe"
        }
    }

    /** Every address of {@code host}: the literal itself, or the resolver's answer. */
    static InetAddress[] all(String host) throws UnknownHostException {
        InetAddress literal = literalOrNull(host);
        if (literal != null) {
            return new InetAddress[] {literal};
        }
        return ToThread.runSync(
                ToThreadOptions.defaults().abandonOnCancel(true),
                () -> InetAddress.getAllByName(host));
    }

    /** See {@link Net#getaddrinfo}; the port is checked there. */
    static List<InetSocketAddress> getaddrinfo(String host, int port) throws UnknownHostException {
        String ascii = host.chars().allMatch(c -> c < 0x80) ? host : Idna.toAscii(host);
        InetAddress[] all =
                ToThread.runSync(
                        ToThreadOptions.defaults().abandonOnCancel(true),
                        () -> InetAddress.getAllByName(ascii));
        List<InetSocketAddress> out = new ArrayList<>(all.length);
        for (InetAddress a : all) {
            out.add(new InetSocketAddress(a, port));
        }
        return List.copyOf(out);
    }

    /** See {@link Net#getnameinfo}. */
    static String getnameinfo(InetAddress address) {
        InetAddress bare; // without the name it may have been made from: forces the lookup
        try {
            bare = InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new AssertionError("an address's own bytes are a valid address", e);
        }
        return ToThread.runSync(
                ToThreadOptions.defaults().abandonOnCancel(true), () -> bare.getHostName());
    }

    /**
     * The addresses of {@code host} of {@code family} (null: any), in the resolver's order without
     * repeats. An address literal is taken as it is; a name is resolved as {@link Net#getaddrinfo}
     * does.
     *
     * @throws IllegalArgumentException if {@code host} is a literal of another family
     * @throws UnknownHostException if the name does not resolve, or has no address of the family
     */
    static List<InetAddress> addresses(String host, ProtocolFamily family)
            throws UnknownHostException {
        InetAddress literal = null;
        try {
            literal = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException notALiteral) {
            // a name (or a scoped IPv6 literal, which getAllByName parses without a lookup)
        }
        if (literal != null) {
            if (family != null && familyOf(literal) != family) {
                throw new IllegalArgumentException(
                        host + " is an " + familyOf(literal) + " address, not " + family);
            }
            return List.of(literal);
        }
        Set<InetAddress> found = new LinkedHashSet<>();
        for (InetSocketAddress a : getaddrinfo(host, 0)) {
            if (family == null || familyOf(a.getAddress()) == family) {
                found.add(a.getAddress());
            }
        }
        if (found.isEmpty()) {
            throw new UnknownHostException(host + " has no " + family + " address");
        }
        return List.copyOf(found);
    }

    /** The first of {@link #addresses}. */
    static InetAddress first(String host, ProtocolFamily family) throws UnknownHostException {
        return addresses(host, family).getFirst();
    }

    /** The family of {@code a}. */
    static ProtocolFamily familyOf(InetAddress a) {
        return a instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
    }

    /** IPv6 first, then IPv4, alternating (RFC 8305's interleaving). */
    static List<InetAddress> interleave(InetAddress[] all) {
        List<InetAddress> v6 = new ArrayList<>();
        List<InetAddress> v4 = new ArrayList<>();
        for (InetAddress a : all) {
            (a instanceof Inet6Address ? v6 : v4).add(a);
        }
        List<InetAddress> out = new ArrayList<>();
        for (int i = 0; i < Math.max(v6.size(), v4.size()); i++) {
            if (i < v6.size()) {
                out.add(v6.get(i));
            }
            if (i < v4.size()) {
                out.add(v4.get(i));
            }
        }
        return out;
    }
}
