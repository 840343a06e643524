package io.weft.signal;

import io.weft.NoRuntimeError;
import io.weft.internal.Task;
import io.weft.internal.signal.SignalHub;
import io.weft.internal.signal.SignalQueue;
import java.util.List;

/**
 * Receiving operating system signals (AnyIO's {@code open_signal_receiver}).
 *
 * <pre>{@code
 * try (SignalReceiver signals = Signals.open("TERM", "HUP")) {
 *     for (String sig : signals) {
 *         if (sig.equals("TERM")) return;
 *         System.out.println("Reloading configuration");
 *     }
 * }
 * }</pre>
 *
 * <p>Built on {@code sun.misc.Signal} (module {@code jdk.unsupported}); POSIX only. While a
 * receiver of a signal is open, Weft's handler replaces the JVM's (or the application's) handler of
 * that signal; for {@code INT} and {@code TERM} that means Ctrl-C and {@code kill} no longer end
 * the JVM until the receiver closes. See {@code docs/signals.md}.
 */
public final class Signals {
    private Signals() {}

    /**
     * Starts receiving the signals {@code names} and returns the receiver; close it (with
     * try-with-resources) to stop and restore the handlers the signals had before. Each name is a
     * signal's name with or without {@code SIG}, in any case ({@code "HUP"}, {@code "SIGHUP"},
     * {@code "hup"}); repeats count once. Every signal of these delivered to the JVM from now until
     * the receiver closes is received from it once (see {@link SignalReceiver}). Other receivers of
     * the same signals, in any runtime of this JVM, receive it too. A {@code HUP}, {@code INT} or
     * {@code TERM} that was ignored when the JVM started ({@code nohup}) stays ignored: the JVM
     * installs no handler for it, so it is never received. Not a checkpoint.
     *
     * @param names the signals to receive, at least one
     * @return an open receiver
     * @throws IllegalArgumentException naming the signal, if one is unknown on this platform or
     *     reserved by the JVM or the OS ({@code QUIT}, {@code KILL}, {@code STOP}, {@code SEGV},
     *     ...; with {@code -Xrs} also {@code HUP}, {@code INT}, {@code TERM}), or if {@code names}
     *     is empty; then no handler has been changed
     * @throws NullPointerException if a name is null
     * @throws NoRuntimeError if the caller is not a Weft task
     */
    public static SignalReceiver open(String... names) {
        Task.current(); // NoRuntimeError outside a runtime, before any handler changes
        List<String> canonical = SignalHub.canonical(names);
        SignalQueue queue = new SignalQueue();
        SignalHub.register(queue, canonical);
        return new SignalReceiver(queue, canonical);
    }
}
