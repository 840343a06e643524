package io.weft.internal;

/**
 * A FIFO queue of {@link Waiter}s, linked through the waiters themselves so that adding and
 * removing allocate nothing and removal of a cancelled waiter is O(1).
 *
 * <p>All methods take the queue's monitor. A waiter is in at most one queue at a time.
 */
public final class WaitQueue {
    private Waiter head;
    private Waiter tail;
    private int size;

    /** Creates an empty queue. */
    public WaitQueue() {}

    /** Appends {@code w}. */
    public synchronized void add(Waiter w) {
        if (w.queue != null) {
            throw new IllegalStateException("waiter is already queued");
        }
        w.queue = this;
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    /** Removes {@code w} if it is in this queue; returns whether it was. */
    public synchronized boolean remove(Waiter w) {
        if (w.queue != this) {
            return false;
        }
        unlink(w);
        return true;
    }

    /** Removes and returns the first waiter, or null when empty. */
    public synchronized Waiter poll() {
        Waiter w = head;
        if (w != null) {
            unlink(w);
        }
        return w;
    }

    /** Number of queued waiters. */
    public synchronized int size() {
        return size;
    }

    private void unlink(Waiter w) {
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queue = null;
        size--;
    }
}
