package io.weft.internal.net;

import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Binds one listener per address, all on one port (AnyIO's {@code create_tcp_listener} for a host
 * with several addresses, such as IPv4 and IPv6 {@code localhost}).
 *
 * <p><b>Algorithm.</b> With a fixed port every address is bound to it once; any failure closes what
 * was bound and is thrown. With port 0 the first address is bound to port 0, so the OS picks a port
 * free on it, and the others to that port. That port may be taken on a later address (by another
 * program, or a listener of the other family); then everything bound in the round is closed, the
 * address list is rotated by one (so another address picks the port next time, as AnyIO does) and
 * the whole set is tried again, at most {@code maxAttempts} rounds. Only "address already in use"
 * on a later address is retried: any other failure, or one on the first address, is thrown at once.
 *
 * <p>Invariant: when this returns or throws, every listener it bound and did not return is closed.
 */
public final class SamePortBinder {
    /** Binds one listener. */
    @FunctionalInterface
    public interface Binder<A, L> {
        /** Binds a listener to {@code address} and {@code port} (0: any free port). */
        L bind(A address, int port) throws IOException;
    }

    private SamePortBinder() {}

    /**
     * Binds a listener for each of {@code addresses} on {@code port}, or with port 0 on one port
     * the OS picked, retrying rounds as the class comment says; returns them in the order bound.
     *
     * @param portOf the port a bound listener got
     * @param close closes a listener (its failure is suppressed in the error thrown)
     * @throws IOException the failure of a round that is not retried
     * @throws BindException if {@code maxAttempts} rounds all found their port taken (each round's
     *     failure is suppressed in it)
     */
    public static <A, L> List<L> bindAll(
            List<A> addresses,
            int port,
            int maxAttempts,
            Binder<A, L> binder,
            ToIntFunction<L> portOf,
            Closer<L> close)
            throws IOException {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no address to bind");
        }
        List<A> order = new ArrayList<>(addresses);
        List<BindException> taken = new ArrayList<>();
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            List<L> bound = new ArrayList<>();
            int samePort = port;
            try {
                for (A a : order) {
                    L l = binder.bind(a, samePort);
                    bound.add(l);
                    if (samePort == 0) {
                        samePort = portOf.applyAsInt(l);
                    }
                }
                return bound;
            } catch (IOException | RuntimeException | Error e) {
                closeAll(bound, close, e);
                boolean retry =
                        port == 0 && !bound.isEmpty() && e instanceof BindException be && inUse(be);
                if (!retry) {
                    throw e;
                }
                taken.add((BindException) e);
                order.add(order.removeFirst());
            }
        }
        BindException e =
                new BindException(
                        "could not bind "
                                + addresses
                                + " on one free port: the port picked was taken on another of"
                                + " them in each of "
                                + maxAttempts
                                + " attempts");
        taken.forEach(e::addSuppressed);
        throw e;
    }

    /** Closes a listener. */
    @FunctionalInterface
    public interface Closer<L> {
        /** Closes {@code listener}. */
        void close(L listener) throws Exception;
    }

    private static <L> void closeAll(List<L> bound, Closer<L> close, Throwable into) {
        for (L l : bound) {
            try {
                close.close(l);
            } catch (Exception suppressed) {
                into.addSuppressed(suppressed);
            }
        }
    }

    /**
     * Whether a bind failed because the address and port are in use (EADDRINUSE). The JDK gives no
     * error code, only the OS's message ("Address already in use"); other bind failures (an address
     * that is not local: EADDRNOTAVAIL) must not be retried, since no port would help.
     */
    private static boolean inUse(BindException e) {
        String m = e.getMessage();
        return m != null && m.toLowerCase(Locale.ROOT).contains("in use");
    }
}
