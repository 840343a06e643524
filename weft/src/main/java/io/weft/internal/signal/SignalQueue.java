package io.weft.internal.signal;

import io.weft.internal.Task;
import io.weft.internal.WaitQueue;
import io.weft.internal.Waiter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The signals one receiver has been sent and not yet received, and the tasks waiting for them.
 *
 * <p><b>Algorithm.</b> {@link #deliver} runs on the JVM's signal handler thread. Under this queue's
 * monitor it polls the waiting tasks in FIFO order and claims the first whose wait has not ended
 * ({@link Waiter#tryClaim}); if none is left it appends the signal to {@code pending}. It wakes the
 * claimed task outside the monitor ({@link Waiter#resumeClaimed}): the runtime's one wake-up path,
 * so the SERIAL backend sees the signal as one more resumed waiter and stays reproducible. {@link
 * #take} takes the oldest pending signal under the same monitor, or queues a waiter and parks.
 *
 * <p><b>Invariants.</b> {@code pending} is non-empty only while no task is waiting (a signal goes
 * to a waiter when there is one), so signals are received in the order they were delivered. Once
 * {@code closed} is set nothing is appended and nothing is queued.
 *
 * <p><b>Linearisation point.</b> A receive that waits completes at the CAS of its waiter that the
 * deliverer wins ({@code tryClaim}); one that finds a signal pending completes at the {@code poll}
 * under the monitor. A cancellation that wins the CAS first ends the wait as cancelled: the
 * deliverer loses, the waiter has received nothing, and the signal goes to the next waiter or to
 * {@code pending}, so a cancelled receive loses no signal.
 */
public final class SignalQueue {
    /**
     * What {@link #take} returns once the queue is closed: a string of its own, compared by
     * identity, so it can be resumed through a {@code Waiter} like a signal's name and never equals
     * one.
     */
    public static final String CLOSED = new String("<closed>");

    private final ArrayDeque<String> pending = new ArrayDeque<>(); // guarded by this
    private final WaitQueue waiters = new WaitQueue(); // added to and polled under this
    private boolean closed; // guarded by this

    /** An open, empty queue. */
    public SignalQueue() {}

    /**
     * Hands the signal {@code name} to the longest-waiting task, or keeps it for the next receive.
     * Drops it if the queue is closed. Never blocks; callable from any thread.
     */
    void deliver(String name) {
        Waiter w;
        synchronized (this) {
            if (closed) {
                return; // closed: the signal was sent after the receiver stopped listening
            }
            for (; ; ) {
                w = waiters.poll();
                if (w == null) {
                    pending.add(name);
                    return;
                }
                if (w.tryClaim()) {
                    break;
                }
                // Lost the CAS: that receive was cancelled and has received nothing; it removes
                // itself (already polled here). Offer the signal to the next waiter.
            }
        }
        w.resumeClaimed(name);
    }

    /**
     * Takes the oldest signal, waiting for one if none is pending. A checkpoint for {@code t}, the
     * calling task: throws {@code Cancelled} if it is cancelled, and then has taken nothing.
     *
     * @param on the public object the task waits on (the {@code SignalReceiver}), for dumps
     * @return the signal's name, or {@link #CLOSED} if the queue is or becomes closed
     */
    public String take(Task t, Object on) {
        t.checkCancelled();
        String s;
        Waiter w = null;
        synchronized (this) {
            if (closed) {
                return CLOSED;
            }
            s = pending.poll();
            if (s == null) {
                w = new Waiter(t, true);
                waiters.add(w);
            }
        }
        if (s != null) {
            t.yieldPoint(); // a schedule point too, as every Weft receive; a signal taken is kept
            return s;
        }
        if (w.await(on) == Waiter.CANCELLED) {
            waiters.remove(w);
            throw t.cancelledNow();
        }
        return (String) w.value();
    }

    /**
     * Closes the queue: drops the pending signals and ends every waiting receive with {@link
     * #CLOSED}. Returns false if it was already closed. Never blocks.
     */
    public boolean close() {
        List<Waiter> woken = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            pending.clear();
            for (Waiter w; (w = waiters.poll()) != null; ) {
                woken.add(w);
            }
        }
        for (Waiter w : woken) {
            // A loser was cancelled first; it throws Cancelled instead, which is as good.
            w.tryResume(CLOSED);
        }
        return true;
    }

    /** Whether the queue is closed. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** How many signals are pending (a snapshot). */
    public synchronized int pending() {
        return pending.size();
    }

    /** How many tasks are waiting (a snapshot). */
    public int waiting() {
        return waiters.size();
    }
}
