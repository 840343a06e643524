package io.weft.internal;

/**
 * A one-shot gate that tasks wait at until it opens, and that stays open: what {@code Event} and
 * {@code Future} are built on.
 *
 * <p><b>Algorithm.</b> Waiters queue in FIFO order under the queue's monitor, after checking under
 * the same monitor that the latch is still closed. {@link #open} sets {@code open} under that
 * monitor, so no waiter queues after it, and then drains the queue outside it, resuming each
 * waiter. The linearisation point of a wait that returns normally is the resume that won the
 * waiter's CAS (or the check that found the latch open); a waiter whose cancellation won first
 * throws {@code Cancelled}, takes itself out of the queue, and has not observed the opening.
 */
public final class Latch {
    private final WaitQueue waiters = new WaitQueue();
    private volatile boolean open;

    /** A closed latch. */
    public Latch() {}

    /** Whether the latch is open. */
    public boolean isOpen() {
        return open;
    }

    /**
     * Opens the latch and wakes every waiting task; returns whether this call opened it. Not a
     * checkpoint; never blocks; callable from any thread.
     */
    public boolean open() {
        if (open) {
            return false;
        }
        synchronized (waiters) {
            if (open) {
                return false; // lost to another opener, which drains
            }
            open = true;
        }
        // Once `open` is true no waiter is queued, so draining outside the monitor misses none. A
        // tryResume that loses met a waiter whose cancellation came first: it removes itself.
        for (Waiter w; (w = waiters.poll()) != null; ) {
            w.tryResume(null);
        }
        return true;
    }

    /**
     * Waits until the latch is open. A checkpoint for {@code t} (the calling task), even when the
     * latch is already open: it throws {@code Cancelled} first if {@code t} is cancelled. If this
     * throws {@code Cancelled}, this wait did not observe the latch open.
     *
     * @param on the public object the task waits on (the {@code Event}, the future), for dumps
     */
    public void await(Task t, Object on) {
        t.checkCancelled();
        if (open) {
            t.yieldPoint();
            return;
        }
        Waiter w = new Waiter(t, true);
        synchronized (waiters) {
            if (open) {
                w = null;
            } else {
                waiters.add(w);
            }
        }
        if (w == null) {
            t.yieldPoint();
            return;
        }
        if (w.await(on) == Waiter.CANCELLED) {
            waiters.remove(w);
            throw t.cancelledNow();
        }
    }

    /** The number of tasks waiting (a snapshot). */
    public int waiting() {
        return waiters.size();
    }
}
