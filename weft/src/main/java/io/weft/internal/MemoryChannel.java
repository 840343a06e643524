package io.weft.internal;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.WouldBlock;
import java.lang.ref.Cleaner;

/**
 * The shared state of one memory object stream (the state behind {@code
 * io.weft.stream.MemoryObjectSendStream} and {@code MemoryObjectReceiveStream}): a bounded FIFO
 * buffer, a FIFO queue of parked senders (each with its item) and one of parked receivers, and the
 * counts of open clones of each end.
 *
 * <p><b>Algorithm.</b> Every operation takes this object's monitor once, for a few field updates,
 * and does everything that can be slow (unparking a task, building an exception, the cleaner) after
 * releasing it. A task that must wait links a {@link Node} (a {@link Waiter} carrying the item of a
 * sender) into its queue under the monitor, releases it, and parks. A counterpart that finds a
 * parked node <em>claims</em> it under the monitor ({@link Waiter#tryClaim()}, the waiter's single
 * CAS), unlinks it and moves the item; only after releasing the monitor does it resume the node
 * ({@link Waiter#resumeClaimed}), which unparks the task. A node whose claim fails was cancelled
 * first: the counterpart unlinks it and offers its item to the next node, or to the buffer.
 *
 * <p><b>Invariants</b> (under the monitor; "live" = linked and not cancelled):
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
 *       End}s not closed; it never rises again after reaching 0, because only an open end can be
 *       cloned.
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
 * counts, and must decide atomically with a waiter's CAS; one short uncontended monitor section
 * (tens of nanoseconds) is cheaper than the extra CASes a lock-free queue pair would need for that,
 * and the monitor never parks a virtual thread while it is held only that briefly.
 */
public final class MemoryChannel {
    /** The capacity of an unbounded stream. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final System.Logger LOG = System.getLogger("io.weft");
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

    // All guarded by this monitor.
    private Object[] ring;
    private int head;
    private int count;
    private int openSenders;
    private int openReceivers;
    private Node senders;
    private Node sendersTail;
    private Node receivers;
    private Node receiversTail;

    /** A parked sender (with its item) or receiver. Links are guarded by the channel's monitor. */
    private static final class Node extends Waiter {
        final End end;
        Object item; // a sender's item, until a receiver takes it
        Node prev;
        Node next; // queue link while linked; wake-list link once claimed
        boolean linked;
        Object wakeValue; // what to resume with, once claimed by close()

        Node(Task task, End end, Object item) {
            super(task, true);
            this.end = end;
            this.item = item;
            spinFirst();
        }
    }

    /**
     * One clone of one end of the stream. Its {@code closed} flag is guarded by the channel's
     * monitor. It is also the action of the {@link Cleaner} registered for the public stream object
     * that owns it, and must therefore never refer to that object.
     */
    public static final class End implements Runnable {
        final MemoryChannel channel;
        final boolean sender;
        boolean closed;
        private String name;
        private Cleaner.Cleanable cleanable;

        End(MemoryChannel channel, boolean sender) {
            this.channel = channel;
            this.sender = sender;
        }

        /**
         * Registers {@code owner}, the public stream object holding this end, for the warning
         * printed if it is garbage-collected without being closed. Called once, by the owner's
         * constructor.
         */
        public void bind(Object owner) {
            name =
                    owner.getClass().getSimpleName()
                            + "@"
                            + Integer.toHexString(System.identityHashCode(owner));
            cleanable = Cleaners.CLEANER.register(owner, this);
        }

        /** The channel this end belongs to. */
        public MemoryChannel channel() {
            return channel;
        }

        /** Whether this end (this clone) is closed. */
        public boolean isClosed() {
            synchronized (channel) {
                return closed;
            }
        }

        /** The owner's name, for its {@code toString}. */
        public String name() {
            return name;
        }

        /**
         * The cleaner action: the owner became unreachable. {@link MemoryChannel#close} also runs
         * it (through {@code clean()}, to unregister), after marking the end closed.
         */
        @Override
        public void run() {
            if (!isClosed()) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "unclosed "
                                + name
                                + " was garbage-collected; close every memory object stream and"
                                + " every clone of one (try-with-resources), or its peers may wait"
                                + " forever");
            }
        }
    }

    /** The shared cleaner, created on first use. */
    private static final class Cleaners {
        static final Cleaner CLEANER =
                Cleaner.create(r -> {
                    Thread t = new Thread(r, "weft-cleaner");
                    t.setDaemon(true);
                    return t;
                });
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
        this.ring = capacity == 0 ? EMPTY : new Object[Math.min(capacity, FIRST_ARRAY)];
        this.openSenders = 1;
        this.openReceivers = 1;
    }

    /**
     * A new channel with {@code capacity} (0: rendezvous; {@link #UNBOUNDED}) and its first send
     * end and receive end, {@code [send, receive]}. The ends still need {@link End#bind}.
     *
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static End[] create(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException(
                    "the buffer capacity must not be negative, but was " + capacity);
        }
        MemoryChannel c = new MemoryChannel(capacity);
        return new End[] {new End(c, true), new End(c, false)};
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code item} through {@code e}, waiting for room or a receiver; a checkpoint first. If
     * this throws {@code Cancelled}, the item was not sent.
     */
    public void send(End e, Object item) {
        Task t = Task.current();
        t.checkpoint();
        Node r = null;
        Node w = null;
        int err = OK;
        synchronized (this) {
            if (e.closed) {
                err = ERR_CLOSED;
            } else if (openReceivers == 0) {
                err = ERR_BROKEN;
            } else if ((r = claimReceiver()) == null) {
                if (count < capacity) {
                    push(item);
                } else {
                    w = new Node(t, e, item);
                    linkSender(w);
                }
            }
        }
        if (r != null) {
            r.resumeClaimed(item);
        } else if (w != null) {
            awaitSend(t, w);
        } else if (err != OK) {
            throw error(err, e);
        }
    }

    /** Sends {@code item} through {@code e} if that needs no waiting; never a checkpoint. */
    public void sendNowait(End e, Object item) {
        Node r = null;
        int err = OK;
        synchronized (this) {
            if (e.closed) {
                err = ERR_CLOSED;
            } else if (openReceivers == 0) {
                err = ERR_BROKEN;
            } else if ((r = claimReceiver()) == null) {
                if (count < capacity) {
                    push(item);
                } else {
                    err = ERR_WOULD_BLOCK;
                }
            }
        }
        if (r != null) {
            r.resumeClaimed(item);
        } else if (err != OK) {
            throw error(err, e);
        }
    }

    private void awaitSend(Task t, Node w) {
        if (w.await() == Waiter.RESUMED) {
            Object v = w.value();
            if (v != SENT) {
                throw error(v == BROKEN ? ERR_BROKEN : ERR_CLOSED, w.end);
            }
            return;
        }
        // CANCELLED (the only other way a node's wait ends): nobody claimed it, so its item was
        // never moved. It may still be linked if no counterpart met it yet.
        synchronized (this) {
            if (w.linked) {
                unlinkSender(w);
            }
        }
        throw t.cancelledNow();
    }

    /**
     * Unlinks and claims the first live receiver, unlinking the cancelled ones before it; null if
     * there is none. Under the monitor.
     */
    private Node claimReceiver() {
        for (Node r; (r = receivers) != null; ) {
            unlinkReceiver(r);
            if (r.tryClaim()) {
                return r;
            }
            // Lost: r's wait was cancelled first. Its task finds itself unlinked, consumed nothing
            // and throws Cancelled; the item goes to the next receiver or the buffer.
        }
        return null;
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Receives the next item through {@code e}, waiting for one; a checkpoint first. If this throws
     * {@code Cancelled}, nothing was consumed.
     */
    public Object receive(End e) {
        Task t = Task.current();
        t.checkpoint();
        Node s = null;
        Node w = null;
        Object item = null;
        int err = OK;
        synchronized (this) {
            if (e.closed) {
                err = ERR_CLOSED;
            } else if (count > 0) {
                item = pop();
                if ((s = claimSender()) != null) {
                    push(s.item); // the slot just freed; the buffer stays in FIFO order
                    s.item = null;
                }
            } else if ((s = claimSender()) != null) {
                item = s.item; // rendezvous
                s.item = null;
            } else if (openSenders == 0) {
                err = ERR_END;
            } else {
                w = new Node(t, e, null);
                linkReceiver(w);
            }
        }
        if (s != null) {
            s.resumeClaimed(SENT);
        }
        if (w != null) {
            return awaitReceive(t, w);
        } else if (err != OK) {
            throw error(err, e);
        }
        return item;
    }

    /** Receives the next item through {@code e} if that needs no waiting; never a checkpoint. */
    public Object receiveNowait(End e) {
        Node s = null;
        Object item = null;
        int err = OK;
        synchronized (this) {
            if (e.closed) {
                err = ERR_CLOSED;
            } else if (count > 0) {
                item = pop();
                if ((s = claimSender()) != null) {
                    push(s.item);
                    s.item = null;
                }
            } else if ((s = claimSender()) != null) {
                item = s.item;
                s.item = null;
            } else {
                err = openSenders == 0 ? ERR_END : ERR_WOULD_BLOCK;
            }
        }
        if (s != null) {
            s.resumeClaimed(SENT);
        }
        if (err != OK) {
            throw error(err, e);
        }
        return item;
    }

    private Object awaitReceive(Task t, Node w) {
        if (w.await() == Waiter.RESUMED) {
            Object v = w.value();
            if (v == END) {
                throw error(ERR_END, w.end);
            } else if (v == CLOSED) {
                throw error(ERR_CLOSED, w.end);
            }
            return v;
        }
        // CANCELLED: nobody claimed it, so nothing was handed to it.
        synchronized (this) {
            if (w.linked) {
                unlinkReceiver(w);
            }
        }
        throw t.cancelledNow();
    }

    /** As {@link #claimReceiver()}, for senders. Under the monitor. */
    private Node claimSender() {
        for (Node s; (s = senders) != null; ) {
            unlinkSender(s);
            if (s.tryClaim()) {
                return s;
            }
            // Lost: s's wait was cancelled first. Its item stays with it (its task throws
            // Cancelled: not sent); we take the next sender's item instead.
        }
        return null;
    }

    // ---------------------------------------------------------------- clones and closing

    /**
     * A new end of the same kind as {@code e}, counted as open.
     *
     * @throws ClosedResourceError if {@code e} is closed
     */
    public End cloneEnd(End e) {
        synchronized (this) {
            if (!e.closed) {
                if (e.sender) {
                    openSenders++;
                } else {
                    openReceivers++;
                }
                return new End(this, e.sender);
            }
        }
        throw error(ERR_CLOSED, e);
    }

    /**
     * Closes {@code e}; idempotent, never blocks, never a checkpoint. Tasks parked in an operation
     * on {@code e} itself fail with {@link ClosedResourceError}; if {@code e} was the last open end
     * of its kind, the other kind's parked tasks fail too: senders with {@link
     * BrokenResourceError}, receivers with {@link EndOfStream}.
     */
    public void close(End e) {
        Node wake = null;
        synchronized (this) {
            if (e.closed) {
                return;
            }
            e.closed = true;
            if (e.sender) {
                wake = claimAll(senders, e, CLOSED, null);
                if (--openSenders == 0) {
                    wake = claimAll(receivers, null, END, wake);
                }
            } else {
                wake = claimAll(receivers, e, CLOSED, null);
                if (--openReceivers == 0) {
                    wake = claimAll(senders, null, BROKEN, wake);
                }
            }
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

    /**
     * Unlinks every node of the queue starting at {@code first} that belongs to {@code only} (any
     * end if null), claims each live one for {@code value} and pushes it onto the wake list {@code
     * wake}; returns the new list. Under the monitor.
     */
    private Node claimAll(Node first, End only, Object value, Node wake) {
        for (Node n = first, next; n != null; n = next) {
            next = n.next;
            if (only != null && n.end != only) {
                continue;
            }
            if (n.end.sender) {
                unlinkSender(n);
            } else {
                unlinkReceiver(n);
            }
            if (n.tryClaim()) {
                n.wakeValue = value;
                n.next = wake;
                wake = n;
            }
            // Lost: n's wait was cancelled first; it throws Cancelled, and unlinking it was all.
        }
        return wake;
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
        synchronized (this) {
            used = count;
            os = openSenders;
            or = openReceivers;
            ws = live(senders);
            wr = live(receivers);
        }
        return f.create(used, capacity, os, or, ws, wr);
    }

    private static int live(Node first) {
        int n = 0;
        for (Node x = first; x != null; x = x.next) {
            if (!x.isDone()) {
                n++;
            }
        }
        return n;
    }

    /** The capacity (0: rendezvous; {@link #UNBOUNDED}). */
    public int capacity() {
        return capacity;
    }

    // ---------------------------------------------------------------- buffer (under the monitor)

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

    // ---------------------------------------------------------------- queues (under the monitor)

    private void linkSender(Node n) {
        n.linked = true;
        n.prev = sendersTail;
        if (sendersTail == null) {
            senders = n;
        } else {
            sendersTail.next = n;
        }
        sendersTail = n;
    }

    private void unlinkSender(Node n) {
        Node p = n.prev;
        Node x = n.next;
        if (p == null) {
            senders = x;
        } else {
            p.next = x;
        }
        if (x == null) {
            sendersTail = p;
        } else {
            x.prev = p;
        }
        n.prev = null;
        n.next = null;
        n.linked = false;
    }

    private void linkReceiver(Node n) {
        n.linked = true;
        n.prev = receiversTail;
        if (receiversTail == null) {
            receivers = n;
        } else {
            receiversTail.next = n;
        }
        receiversTail = n;
    }

    private void unlinkReceiver(Node n) {
        Node p = n.prev;
        Node x = n.next;
        if (p == null) {
            receivers = x;
        } else {
            p.next = x;
        }
        if (x == null) {
            receiversTail = p;
        } else {
            x.prev = p;
        }
        n.prev = null;
        n.next = null;
        n.linked = false;
    }

    // ---------------------------------------------------------------- errors (outside the monitor)

    private static RuntimeException error(int err, End e) {
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
