package io.weft.internal.stream;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.WouldBlock;
import io.weft.internal.SpinLock;
import io.weft.internal.Task;
import io.weft.internal.Waiter;
import io.weft.internal.jfr.StreamBackpressureEvent;
import io.weft.internal.jfr.WeftEvents;

/**
 * The shared state of one memory object stream (the state behind {@code
 * io.weft.stream.MemoryObjectSendStream} and {@code MemoryObjectReceiveStream}): a bounded FIFO
 * buffer, a FIFO queue of parked senders (each with its item) and one of parked receivers, and the
 * counts of open clones of each end.
 *
 * <p><b>Algorithm.</b> Every operation takes the channel's lock (a {@link SpinLock}, which this
 * class extends) once, for a few field updates, and does everything that can be slow (unparking a
 * task, building an exception, the cleaner) after releasing it. A task that must wait links a
 * {@link Node} (a {@link Waiter} carrying the item of a sender) into its queue under the lock,
 * releases it, and parks. A counterpart that finds a waiting node <em>claims</em> it under the lock
 * ({@link Waiter#tryClaimFor}, or {@link Waiter#tryClaim()} with a buffer: the waiter's single
 * CAS), unlinks it and moves the item. If the node's task has not parked (a rendezvous waiter spins
 * briefly first, see {@link Node}), that CAS already ends its wait with what it is owed (the item,
 * or {@code SENT}); otherwise the counterpart resumes it after releasing the lock ({@link
 * Waiter#resumeClaimed}), which unparks the task. A node whose claim fails was cancelled first: the
 * counterpart unlinks it and offers its item to the next node, or to the buffer.
 *
 * <p><b>Invariants</b> (under the lock; "live" = linked and not cancelled):
 *
 * <ul>
 *   <li>{@code 0 <= count <= capacity}; items leave the buffer in the order they entered.
 *   <li>A live receiver is queued only while the buffer is empty and no live sender is queued; a
 *       live sender only while the buffer is full (for capacity 0: always full) and no live
 *       receiver is queued. So a receive that frees a slot refills it from the first live sender,
 *       and items of parked senders enter the buffer in the order the senders parked.
 *   <li>A claimed node is never linked. A linked node is live or cancelled; a cancelled node is
 *       unlinked by the first party to meet it: a counterpart whose claim failed, or its own task
 *       when it wakes.
 *   <li>{@code openSenders} (resp. {@code openReceivers}) is the number of send (receive) {@link
 *       MemoryChannelEnd}s not closed; it never rises again after reaching 0, because only an open
 *       end can be cloned.
 * </ul>
 *
 * <p><b>Linearisation points.</b> An operation that completes without waiting takes effect inside
 * its critical section. A parked sender's send takes effect when a receiver claims it (the item
 * then leaves the sender and enters the buffer or the receiver, in the same critical section); a
 * parked receiver's receive when a sender (or, refilling from the buffer, nobody: a receiver never
 * waits while items are buffered) claims it. A cancelled wait never takes effect: its claim was
 * lost by every counterpart, so its item was never moved (send) or nothing was handed to it
 * (receive). A wait claimed first returns normally even if its task was cancelled a moment later;
 * the cancellation then hits at the task's next checkpoint.
 *
 * <p><b>Why not lock-free.</b> Every operation touches at least two of the buffer, a queue and the
 * counts, and must decide atomically with a waiter's CAS; one short locked section is cheaper than
 * the extra CASes a lock-free pair of queues would need for that. Why a spin lock and not the
 * object's monitor: a producer and a consumer on two carriers meet on the lock at nearly every
 * item, and a contended monitor unmounts and parks the loser, where the section it waits for lasts
 * tens of nanoseconds (measured: the buffered and unbounded pairs took twice as long; ADR 0025).
 */
public final class MemoryChannel extends SpinLock {
    /** The capacity of an unbounded stream. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final Object[] EMPTY = {};
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int FIRST_ARRAY = 16;

    // What a resumed node gets instead of an item.
    private static final Object SENT = new Object(); // sender: the item was taken
    private static final Object END = new Object(); // receiver: every sender closed
    private static final Object BROKEN = new Object(); // sender: every receiver closed
    private static final Object CLOSED = new Object(); // either: its own end was closed

    // Outcomes of a critical section that does not return an item.
    private static final int OK = 0;
    private static final int ERR_CLOSED = 1;
    private static final int ERR_BROKEN = 2;
    private static final int ERR_END = 3;
    private static final int ERR_WOULD_BLOCK = 4;

    private final int capacity;

    // All guarded by this lock.
    private Object[] ring;
    private int head;
    private int count;
    private int openSenders;
    private int openReceivers;
    private final Queue senders;
    private final Queue receivers;

    /** A parked sender (with its item) or receiver. Links are guarded by the channel's lock. */
    private static final class Node extends Waiter {
        final MemoryChannelEnd end;
        Object item; // a sender's item, until a receiver takes it
        Node prev;
        Node next; // queue link while linked; wake-list link once claimed
        boolean linked; // in its queue
        Object wakeValue; // what to resume with, once claimed by close()

        Node(Task task, MemoryChannelEnd end, Object item, boolean rendezvous) {
            super(task, true);
            this.end = end;
            this.item = item;
            // Only a rendezvous waiter spins (Spin says when it may): there, every item is a
            // hand-off anyway, and one that the counterpart completes while this task is still on
            // its carrier costs one CAS instead of a park and an unpark. With a buffer, measured,
            // a waiter that spins turns every item into a hand-off (the counterpart finds it still
            // waiting and resumes it, one item at a time), where a parked one lets the counterpart
            // fill or drain the buffer in a batch before it wakes.
            if (rendezvous) {
                spinFirst();
            }
        }
    }

    /** A FIFO queue of nodes, linked through them. Guarded by the channel's lock. */
    private static final class Queue {
        // Whether claims end a still-spinning waiter's wait at once (see claimFirst).
        private final boolean rendezvous;
        private Node head;
        private Node tail;

        Queue(boolean rendezvous) {
            this.rendezvous = rendezvous;
        }

        void add(Node n) {
            n.linked = true;
            n.prev = tail;
            if (tail == null) {
                head = n;
            } else {
                tail.next = n;
            }
            tail = n;
        }

        void remove(Node n) {
            Node p = n.prev;
            Node x = n.next;
            if (p == null) {
                head = x;
            } else {
                p.next = x;
            }
            if (x == null) {
                tail = p;
            } else {
                x.prev = p;
            }
            n.prev = null;
            n.next = null;
            n.linked = false;
        }

        /**
         * Unlinks and claims the first live node for {@code value} (what it will be resumed with),
         * unlinking the cancelled ones before it; null if there is none. The caller calls {@code
         * resumeClaimed(value)} on the node after releasing the lock. Only a rendezvous node is
         * claimed with {@code tryClaimFor}: its task may be spinning, and then the claim ends its
         * wait at once; a buffered node's task parks at once, and there the plain claim measured a
         * little faster on one carrier.
         */
        Node claimFirst(Object value) {
            for (Node n; (n = head) != null; ) {
                remove(n);
                if (rendezvous ? n.tryClaimFor(value) : n.tryClaim()) {
                    return n;
                }
                // Lost: n's wait was cancelled first. Its task finds itself unlinked and throws
                // Cancelled: a sender keeps its item (not sent), a receiver consumed nothing. The
                // caller's item or slot goes to the next node instead.
            }
            return null;
        }

        /**
         * Unlinks every node that belongs to {@code only} (every node if null), claims each live
         * one for {@code value} and pushes it onto the wake list {@code wake}; returns the list.
         */
        Node claimAll(MemoryChannelEnd only, Object value, Node wake) {
            for (Node n = head, next; n != null; n = next) {
                next = n.next;
                if (only != null && n.end != only) {
                    continue;
                }
                remove(n);
                if (n.tryClaim()) {
                    n.wakeValue = value;
                    n.next = wake;
                    wake = n;
                }
                // Lost: n's wait was cancelled first; it throws Cancelled, and unlinking was all.
            }
            return wake;
        }

        /** The number of linked nodes whose wait is not cancelled. */
        int live() {
            int count = 0;
            for (Node n = head; n != null; n = n.next) {
                if (!n.isDone()) {
                    count++;
                }
            }
            return count;
        }
    }

    /** What {@link #statistics} builds its snapshot with. */
    public interface StatisticsFactory<S> {
        /** Builds a snapshot from the six counts. */
        S create(
                int currentBufferUsed,
                int maxBufferSize,
                int openSendStreams,
                int openReceiveStreams,
                int tasksWaitingSend,
                int tasksWaitingReceive);
    }

    private MemoryChannel(int capacity) {
        this.capacity = capacity;
        this.senders = new Queue(capacity == 0);
        this.receivers = new Queue(capacity == 0);
        this.ring = capacity == 0 ? EMPTY : new Object[Math.min(capacity, FIRST_ARRAY)];
        this.openSenders = 1;
        this.openReceivers = 1;
    }

    /**
     * A new channel with {@code capacity} (0: rendezvous; {@link #UNBOUNDED}) and its first send
     * end and receive end, {@code [send, receive]}. The ends still need {@link
     * MemoryChannelEnd#bind}.
     *
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static MemoryChannelEnd[] create(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException(
                    "the buffer capacity must not be negative, but was " + capacity);
        }
        MemoryChannel c = new MemoryChannel(capacity);
        return new MemoryChannelEnd[] {
            new MemoryChannelEnd(c, true), new MemoryChannelEnd(c, false)
        };
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code item} through {@code e}, waiting for room or a receiver; a checkpoint first. If
     * this throws {@code Cancelled}, the item was not sent.
     */
    public void send(MemoryChannelEnd e, Object item, Object stream) {
        Task t = Task.current();
        t.checkpoint();
        Node r = null;
        Node w = null;
        int err = OK;
        lock();
        try {
            if (e.closed) {
                err = ERR_CLOSED;
            } else if (openReceivers == 0) {
                err = ERR_BROKEN;
            } else if ((r = receivers.claimFirst(item)) == null) {
                if (count < capacity) {
                    push(item);
                } else {
                    w = new Node(t, e, item, capacity == 0);
                    senders.add(w);
                }
            }
        } finally {
            unlock();
        }
        if (r != null) {
            r.resumeClaimed(item);
        } else if (w != null) {
            awaitSend(t, w, stream);
        } else if (err != OK) {
            throw error(err, e);
        }
    }

    /** Sends {@code item} through {@code e} if that needs no waiting; never a checkpoint. */
    public void sendNowait(MemoryChannelEnd e, Object item) {
        Node r = null;
        int err = OK;
        lock();
        try {
            if (e.closed) {
                err = ERR_CLOSED;
            } else if (openReceivers == 0) {
                err = ERR_BROKEN;
            } else if ((r = receivers.claimFirst(item)) == null) {
                if (count < capacity) {
                    push(item);
                } else {
                    err = ERR_WOULD_BLOCK;
                }
            }
        } finally {
            unlock();
        }
        if (r != null) {
            r.resumeClaimed(item);
        } else if (err != OK) {
            throw error(err, e);
        }
    }

    private void awaitSend(Task t, Node w, Object stream) {
        StreamBackpressureEvent event =
                WeftEvents.ON ? StreamBackpressureEvent.beginIfEnabled() : null;
        if (event != null) {
            event.itemClass = w.item.getClass().getName(); // before a receiver takes the item
        }
        int how = w.await(stream);
        if (event != null) {
            emitBackpressure(event, t, w, how);
        }
        if (how == Waiter.RESUMED) {
            Object v = w.value();
            if (v != SENT) {
                throw error(v == BROKEN ? ERR_BROKEN : ERR_CLOSED, w.end);
            }
            return;
        }
        // CANCELLED (the only other way a node's wait ends): nobody claimed it, so its item was
        // never moved. It may still be linked if no counterpart met it yet.
        lock();
        try {
            if (w.linked) {
                senders.remove(w);
            }
        } finally {
            unlock();
        }
        throw t.cancelledNow();
    }

    private void emitBackpressure(StreamBackpressureEvent e, Task t, Node w, int how) {
        e.end();
        if (e.shouldCommit()) {
            t.describe(e);
            e.streamId = System.identityHashCode(this);
            e.capacity = capacity;
            Object v = w.value();
            e.outcome =
                    how != Waiter.RESUMED
                            ? "CANCELLED"
                            : v == SENT ? "SENT" : v == BROKEN ? "BROKEN" : "CLOSED";
            e.commit();
        }
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Receives the next item through {@code e}, waiting for one; a checkpoint first. If this throws
     * {@code Cancelled}, nothing was consumed.
     */
    public Object receive(MemoryChannelEnd e, Object stream) {
        Task t = Task.current();
        t.checkpoint();
        Node s = null;
        Node w = null;
        Object item = null;
        int err = OK;
        lock();
        try {
            if (e.closed) {
                err = ERR_CLOSED;
            } else if (count > 0) {
                item = pop();
                if ((s = senders.claimFirst(SENT)) != null) {
                    push(s.item); // the slot just freed; the buffer stays in FIFO order
                    s.item = null;
                }
            } else if ((s = senders.claimFirst(SENT)) != null) {
                item = s.item; // rendezvous
                s.item = null;
            } else if (openSenders == 0) {
                err = ERR_END;
            } else {
                w = new Node(t, e, null, capacity == 0);
                receivers.add(w);
            }
        } finally {
            unlock();
        }
        if (s != null) {
            s.resumeClaimed(SENT);
        }
        if (w != null) {
            return awaitReceive(t, w, stream);
        } else if (err != OK) {
            throw error(err, e);
        }
        return item;
    }

    /** Receives the next item through {@code e} if that needs no waiting; never a checkpoint. */
    public Object receiveNowait(MemoryChannelEnd e) {
        Node s = null;
        Object item = null;
        int err = OK;
        lock();
        try {
            if (e.closed) {
                err = ERR_CLOSED;
            } else if (count > 0) {
                item = pop();
                if ((s = senders.claimFirst(SENT)) != null) {
                    push(s.item);
                    s.item = null;
                }
            } else if ((s = senders.claimFirst(SENT)) != null) {
                item = s.item;
                s.item = null;
            } else {
                err = openSenders == 0 ? ERR_END : ERR_WOULD_BLOCK;
            }
        } finally {
            unlock();
        }
        if (s != null) {
            s.resumeClaimed(SENT);
        }
        if (err != OK) {
            throw error(err, e);
        }
        return item;
    }

    private Object awaitReceive(Task t, Node w, Object stream) {
        if (w.await(stream) == Waiter.RESUMED) {
            Object v = w.value();
            if (v == END) {
                throw error(ERR_END, w.end);
            } else if (v == CLOSED) {
                throw error(ERR_CLOSED, w.end);
            }
            return v;
        }
        // CANCELLED: nobody claimed it, so nothing was handed to it.
        lock();
        try {
            if (w.linked) {
                receivers.remove(w);
            }
        } finally {
            unlock();
        }
        throw t.cancelledNow();
    }

    // ---------------------------------------------------------------- clones and closing

    /**
     * A new end of the same kind as {@code e}, counted as open.
     *
     * @throws ClosedResourceError if {@code e} is closed
     */
    public MemoryChannelEnd cloneEnd(MemoryChannelEnd e) {
        lock();
        try {
            if (!e.closed) {
                if (e.sender) {
                    openSenders++;
                } else {
                    openReceivers++;
                }
                return new MemoryChannelEnd(this, e.sender);
            }
        } finally {
            unlock();
        }
        throw error(ERR_CLOSED, e);
    }

    /**
     * Closes {@code e}; idempotent, never blocks, never a checkpoint. Tasks parked in an operation
     * on {@code e} itself fail with {@link ClosedResourceError}; if {@code e} was the last open end
     * of its kind, the other kind's parked tasks fail too: senders with {@link
     * BrokenResourceError}, receivers with {@link EndOfStream}.
     */
    public void close(MemoryChannelEnd e) {
        Node wake = null;
        lock();
        try {
            if (e.closed) {
                return;
            }
            e.closed = true;
            if (e.sender) {
                wake = senders.claimAll(e, CLOSED, null);
                if (--openSenders == 0) {
                    wake = receivers.claimAll(null, END, wake);
                }
            } else {
                wake = receivers.claimAll(e, CLOSED, null);
                if (--openReceivers == 0) {
                    wake = senders.claimAll(null, BROKEN, wake);
                }
            }
        } finally {
            unlock();
        }
        while (wake != null) {
            Node n = wake;
            wake = n.next;
            n.next = null;
            n.resumeClaimed(n.wakeValue);
        }
        if (e.cleanable != null) {
            e.cleanable.clean(); // unregisters; its action sees the end closed and says nothing
        }
    }

    // ---------------------------------------------------------------- statistics

    /**
     * A snapshot of the counts, taken atomically; tasks whose wait was cancelled but who have not
     * woken yet are not counted as waiting.
     */
    public <S> S statistics(StatisticsFactory<S> f) {
        int used;
        int os;
        int or;
        int ws;
        int wr;
        lock();
        try {
            used = count;
            os = openSenders;
            or = openReceivers;
            ws = senders.live();
            wr = receivers.live();
        } finally {
            unlock();
        }
        return f.create(used, capacity, os, or, ws, wr);
    }

    /** The capacity (0: rendezvous; {@link #UNBOUNDED}). */
    public int capacity() {
        return capacity;
    }

    // ---------------------------------------------------------------- buffer (under the lock)

    private void push(Object x) {
        Object[] a = ring;
        if (count == a.length) {
            a = grow();
        }
        int i = head + count;
        if (i >= a.length) {
            i -= a.length;
        }
        a[i] = x;
        count++;
    }

    private Object pop() {
        Object[] a = ring;
        Object x = a[head];
        a[head] = null;
        head = head + 1 == a.length ? 0 : head + 1;
        count--;
        return x;
    }

    private Object[] grow() {
        Object[] a = ring;
        if (a.length >= MAX_ARRAY) {
            throw new OutOfMemoryError("memory object stream buffer too large");
        }
        int n = (int) Math.min(Math.min((long) capacity, MAX_ARRAY), 2L * a.length);
        Object[] b = new Object[Math.max(n, a.length + 1)];
        for (int i = 0; i < count; i++) {
            int j = head + i;
            b[i] = a[j >= a.length ? j - a.length : j];
        }
        head = 0;
        ring = b;
        return b;
    }

    // ---------------------------------------------------------------- errors (outside the lock)

    private static RuntimeException error(int err, MemoryChannelEnd e) {
        String end = e.sender ? "send" : "receive";
        return switch (err) {
            case ERR_CLOSED ->
                    new ClosedResourceError(
                            "this memory object "
                                    + end
                                    + " stream ("
                                    + e.name
                                    + ") was closed; a closed clone cannot be used");
            case ERR_BROKEN ->
                    new BrokenResourceError(
                            "every receive stream of this memory object stream was closed;"
                                    + " nobody can receive the item");
            case ERR_END ->
                    new EndOfStream(
                            "every send stream of this memory object stream was closed and"
                                    + " its buffer is empty");
            default ->
                    new WouldBlock(
                            e.sender
                                    ? "the buffer is full and no task is waiting to receive"
                                    : "the buffer is empty and no task is waiting to send");
        };
    }
}
