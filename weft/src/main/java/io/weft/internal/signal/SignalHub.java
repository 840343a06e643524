package io.weft.internal.signal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The JVM-wide table of the signals Weft handles: one JVM handler per signal, installed when the
 * first receiver of that signal opens, fanning each delivery out to every open receiver's {@link
 * SignalQueue}, and replaced by the handler it displaced when the last receiver closes.
 *
 * <p><b>Algorithm.</b> {@link #register} and {@link #unregister} run under one JVM-wide lock, so
 * installing and restoring never interleave and the table always says which handler Weft displaced
 * for each signal. The JVM runs a handler on a new platform thread per delivery ({@code "SIGHUP
 * handler"}); it reads a snapshot of the installation's receivers (a copy-on-write list) without
 * the lock and calls {@link SignalQueue#deliver} on each.
 *
 * <p><b>Invariants.</b> A signal has an installation exactly while at least one open receiver
 * listens for it; that installation's handler is the one the JVM runs unless other code replaced it
 * meanwhile. A receiver is added to every installation it asked for or to none ({@link #register}
 * undoes a partial registration before it throws).
 *
 * <p><b>Installing.</b> {@code sun.misc.Signal.handle} throws for a signal the JVM or the OS
 * reserves. For {@code HUP}, {@code INT} and {@code TERM} ignored since the JVM's start ({@code
 * nohup}, a background job of a shell without job control) HotSpot reports success and installs
 * nothing, keeping the signal ignored as whoever started the process asked; the receiver is then
 * registered all the same and never gets that signal (restoring later changes nothing either).
 *
 * <p><b>Restoring.</b> When the last receiver of a signal closes, the displaced handler is put
 * back. If the JVM's current handler is no longer Weft's (other code called {@code
 * sun.misc.Signal.handle} while the receiver was open), that code's handler is left in place rather
 * than overwritten by an older one.
 */
public final class SignalHub {
    private static final Object LOCK = new Object();
    private static final Map<String, Installation> INSTALLED = new HashMap<>(); // guarded by LOCK

    private static final class Installation {
        final Object signal; // sun.misc.Signal
        final Object handler; // Weft's sun.misc.SignalHandler
        final CopyOnWriteArrayList<SignalQueue> queues = new CopyOnWriteArrayList<>();
        Object previous; // the handler Weft displaced

        Installation(Object signal) {
            this.signal = signal;
            this.handler = SunMiscSignals.handler(this::fanOut);
        }

        private void fanOut(String name) {
            for (SignalQueue q : queues) {
                q.deliver(name);
            }
        }
    }

    private SignalHub() {}

    /**
     * The canonical names of {@code names} (upper case, without {@code SIG}), without repeats, in
     * their first order.
     *
     * @throws IllegalArgumentException naming the first name the platform does not know, or if
     *     {@code names} is empty
     */
    public static List<String> canonical(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("Signals.open needs at least one signal name");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null) {
                throw new NullPointerException("signal name is null");
            }
            String n = name.strip().toUpperCase(Locale.ROOT);
            if (n.startsWith("SIG")) {
                n = n.substring(3);
            }
            try {
                SunMiscSignals.signal(n);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown signal '" + name + "': this platform has no SIG" + n, e);
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    /**
     * Makes {@code queue} receive the signals {@code names} (canonical names), installing Weft's
     * handler for each signal no other receiver listens to yet.
     *
     * @throws IllegalArgumentException naming the first signal the JVM or the OS reserves; {@code
     *     queue} then receives none of them
     */
    public static void register(SignalQueue queue, List<String> names) {
        synchronized (LOCK) {
            List<String> done = new ArrayList<>();
            for (String n : names) {
                Installation inst = INSTALLED.get(n);
                if (inst == null) {
                    inst = new Installation(SunMiscSignals.signal(n));
                    try {
                        inst.previous = SunMiscSignals.handle(inst.signal, inst.handler);
                    } catch (IllegalArgumentException e) {
                        unregisterLocked(queue, done);
                        throw new IllegalArgumentException(
                                "SIG" + n + " cannot be received: the JVM or the OS reserves it",
                                e);
                    }
                    INSTALLED.put(n, inst);
                }
                inst.queues.add(queue);
                done.add(n);
            }
        }
    }

    /**
     * Stops {@code queue} receiving {@code names}; restores the displaced handler of each signal
     * that no receiver listens to any more.
     */
    public static void unregister(SignalQueue queue, List<String> names) {
        synchronized (LOCK) {
            unregisterLocked(queue, names);
        }
    }

    private static void unregisterLocked(SignalQueue queue, List<String> names) {
        for (String n : names) {
            Installation inst = INSTALLED.get(n);
            if (inst == null || !inst.queues.remove(queue) || !inst.queues.isEmpty()) {
                continue;
            }
            INSTALLED.remove(n);
            Object current = SunMiscSignals.handle(inst.signal, inst.previous);
            if (current != inst.handler) {
                // Other code replaced Weft's handler while it was installed: keep theirs.
                SunMiscSignals.handle(inst.signal, current);
            }
        }
    }

    /** How many receivers listen to the signal {@code name} (canonical); for tests. */
    public static int receivers(String name) {
        synchronized (LOCK) {
            Installation inst = INSTALLED.get(name);
            return inst == null ? 0 : inst.queues.size();
        }
    }
}
