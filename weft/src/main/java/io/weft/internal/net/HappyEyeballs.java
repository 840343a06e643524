package io.weft.internal.net;

import io.weft.Cancelled;
import io.weft.ConnectionFailed;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Happy Eyeballs (RFC 8305, the stateless form AnyIO uses): connection attempts to a list of
 * addresses, each started after a delay or as soon as the one before it failed, all running at
 * once; the first to succeed wins and the others are cancelled, or closed if they succeed too.
 *
 * <p>The winner is decided by one CAS on {@code winner} (null → its connection): the loser closes
 * the connection it made. The group is cancelled by the winner, so attempts still connecting stop
 * (and close what they opened) and the host stops waiting to start the next one.
 */
public final class HappyEyeballs {
    /** One connection attempt. */
    @FunctionalInterface
    public interface Attempt<A, R> {
        /** Connects to {@code address}. */
        R connect(A address) throws Exception;
    }

    private HappyEyeballs() {}

    /**
     * Races attempts to {@code addresses}, in order, {@code delay} apart (or sooner when one
     * fails), and returns the first connection made. Called in a task; a checkpoint.
     *
     * @throws ConnectionFailed if every attempt failed; their errors, in the attempts' order, are
     *     suppressed in it
     */
    public static <A, R extends AutoCloseable> R race(
            List<A> addresses, Duration delay, Attempt<A, R> attempt, String what)
            throws ConnectionFailed {
        if (addresses.size() == 1) { // nothing to race: no group, no attempt task
            try {
                return attempt.connect(addresses.get(0));
            } catch (Cancelled c) {
                throw c;
            } catch (Throwable e) {
                throw new ConnectionFailed(
                        "all connection attempts to " + what + " failed", List.of(e));
            }
        }
        AtomicReference<R> winner = new AtomicReference<>();
        Throwable[] errors = new Throwable[addresses.size()];
        try {
            raceIn(addresses, delay, attempt, winner, errors);
        } catch (Throwable e) {
            R won = winner.get();
            if (won != null) { // the caller was cancelled just as an attempt won: do not leak it
                try {
                    won.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        R r = winner.get();
        if (r != null) {
            return r;
        }
        List<Throwable> failed = new ArrayList<>();
        for (Throwable e : errors) {
            if (e != null) {
                failed.add(e);
            }
        }
        throw new ConnectionFailed("all connection attempts to " + what + " failed", failed);
    }

    private static <A, R extends AutoCloseable> void raceIn(
            List<A> addresses,
            Duration delay,
            Attempt<A, R> attempt,
            AtomicReference<R> winner,
            Throwable[] errors) {
        int n = addresses.size();
        TaskGroup.run(tg -> {
            for (int i = 0; i < n && winner.get() == null; i++) {
                int index = i;
                Event done = new Event();
                tg.startSoon(
                        "connect " + addresses.get(i),
                        () -> {
                            try {
                                R r = attempt.connect(addresses.get(index));
                                // CAS null → r. The loser made a second connection: it closes it.
                                if (winner.compareAndSet(null, r)) {
                                    tg.cancel("another connection attempt succeeded");
                                } else {
                                    r.close();
                                }
                            } catch (Cancelled c) {
                                throw c;
                            } catch (Throwable e) {
                                errors[index] = e;
                            } finally {
                                done.set();
                            }
                        });
                if (i < n - 1) {
                    Weft.moveOnAfter(
                            delay, s -> done.await()); // the next after the delay or a failure
                }
            }
        });
    }
}
