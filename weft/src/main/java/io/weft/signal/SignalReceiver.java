package io.weft.signal;

import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.internal.Task;
import io.weft.internal.signal.SignalHub;
import io.weft.internal.signal.SignalQueue;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The signals delivered to the JVM since {@link Signals#open} and not yet received, in the order
 * the JVM's handler threads passed them on, as names without {@code SIG} ({@code "HUP"}).
 *
 * <p><b>Buffering.</b> Every delivery is queued, repeats included (AnyIO's asyncio backend; Trio
 * coalesces a signal that is already pending into one), without bound: the operating system already
 * merges a signal sent again before the JVM saw the first, and the JVM runs one handler thread per
 * delivery, so a flood is bounded by how fast the JVM starts those threads. Signals still queued
 * when the receiver closes are dropped (Trio re-raises them).
 *
 * <p><b>Order.</b> The JVM hands each delivery to a new platform thread; two different signals
 * arriving within microseconds of each other may reach the receiver in either order. Signals sent
 * one after the other (each received, or each sender waited for) arrive in order.
 *
 * <p>Thread-safe: several tasks may receive from one receiver; each signal goes to one of them.
 * Iterating ({@code for (String sig : receiver)}) receives until the receiver is closed.
 */
public final class SignalReceiver implements AutoCloseable, Iterable<String> {
    private final SignalQueue queue;
    private final List<String> signals;

    SignalReceiver(SignalQueue queue, List<String> signals) {
        this.queue = queue;
        this.signals = signals;
    }

    /**
     * Waits for the next signal and returns its name. A checkpoint, even when a signal is already
     * queued; a cancelled receive has taken no signal (it stays queued for the next receive).
     *
     * @return the signal's name without {@code SIG}, for example {@code "TERM"}
     * @throws ClosedResourceError if the receiver is closed, or is closed while this waits
     * @throws Cancelled if the calling task is cancelled
     * @throws io.weft.NoRuntimeError if the caller is not a Weft task
     */
    public String receive() {
        String s = queue.take(Task.current(), this);
        if (s == SignalQueue.CLOSED) {
            throw new ClosedResourceError("this signal receiver is closed");
        }
        return s;
    }

    /**
     * An iterator over the signals as they arrive: {@code hasNext()} waits for the next signal (a
     * checkpoint, as {@link #receive()}) and returns false once the receiver is closed; a cancelled
     * {@code hasNext()} has taken no signal. Its methods must be called from Weft tasks.
     */
    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    String s = queue.take(Task.current(), this);
                    if (s == SignalQueue.CLOSED) {
                        return false;
                    }
                    next = s;
                }
                return true;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the signal receiver is closed");
                }
                String s = next;
                next = null;
                return s;
            }
        };
    }

    /** The signals this receiver receives, as canonical names ({@code "HUP"}), in open order. */
    public List<String> signals() {
        return signals;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return queue.isClosed();
    }

    /**
     * Stops receiving: drops the queued signals, ends every waiting {@link #receive()} with {@link
     * ClosedResourceError} (and every waiting iteration), and, for each signal no other receiver
     * listens to, puts back the handler it had before (for {@code INT}, {@code TERM} and {@code
     * HUP} usually the JVM's own, which ends the JVM). Idempotent. Not a checkpoint; never blocks,
     * so it is safe in cleanup of a cancelled task.
     */
    @Override
    public void close() {
        if (queue.close()) {
            SignalHub.unregister(queue, signals);
        }
    }

    @Override
    public String toString() {
        return "SignalReceiver"
                + signals
                + (isClosed() ? "[closed]" : "[pending=" + queue.pending() + "]");
    }
}
