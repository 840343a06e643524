package io.weft.internal.net;

import io.weft.BusyResourceError;
import io.weft.ClosedResourceError;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.internal.Waiter;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runtime's I/O poller: one selector thread that ends tasks' Weft waits for readiness of
 * non-blocking NIO channels ({@code Net.waitReadable} / {@code waitWritable}).
 *
 * <p><b>Algorithm.</b> Each channel has an {@link Interest}: a slot for the task waiting to read
 * and one for the task waiting to write. A task claims its slot with a CAS (null → its waiter; the
 * loser is a second waiter for the same direction and gets {@link BusyResourceError}), queues the
 * interest for the poller, and parks. Only the poller thread touches selection keys: it drains the
 * queue, sets each key's interest set from the slots, selects, and resumes the waiters of the ready
 * directions. A wait is a Weft wait, so cancelling it ends it at once and leaves the channel open
 * and untouched: a readiness that arrives later finds the slot empty and is dropped.
 *
 * <p><b>Waking the selector rarely.</b> {@code selector.wakeup()} is a system call. A task queues
 * its interest and then reads {@code selecting}; the poller sets {@code selecting} and then
 * re-reads the queue before it blocks. So either the poller sees the new interest (and does not
 * block), or the task sees it selecting and wakes it; a {@code wakeupPending} flag (CAS false →
 * true, the loser knows a wakeup is on its way) makes that at most one wakeup per select.
 *
 * <p><b>Which thread.</b> Where the runtime's tasks are virtual threads and the scheduler has at
 * least two carriers, the poller is a virtual thread too: its {@code select} parks it through the
 * JDK's own I/O poller, and the tasks it resumes are queued on a carrier that is already running,
 * so handing a readiness to a task wakes no sleeping OS thread. With one carrier it would queue
 * behind the very tasks it serves, and with platform-thread tasks it gains nothing, so there it is
 * a platform thread (ADR 0027).
 *
 * <p><b>Closing.</b> {@link #notifyClosing} marks the interest closing and fails both waiters with
 * {@link ClosedResourceError}; later waits fail at once. {@link #forget} queues the channel so the
 * poller cancels its key promptly (a closed channel's descriptor is released only once its key is
 * deregistered at the next select).
 */
public final class Poller implements Runnable {
    /** One channel's waiting tasks; the key is the poller thread's. */
    static final class Interest {
        final SelectableChannel channel;
        final AtomicReference<Waiter> reader = new AtomicReference<>();
        final AtomicReference<Waiter> writer = new AtomicReference<>();
        volatile boolean closing;
        volatile boolean forgotten;
        SelectionKey key; // poller thread only

        Interest(SelectableChannel channel) {
            this.channel = channel;
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentHashMap<SelectableChannel, Interest> interests =
            new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Interest> changed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private volatile boolean selecting;
    private volatile boolean closed;

    /**
     * Starts a poller whose thread is named {@code name}: a virtual thread if {@code virtual} (see
     * the class comment), a daemon platform thread otherwise.
     *
     * @throws IOException if the OS refuses a selector (out of file descriptors, say)
     */
    public Poller(String name, boolean virtual) throws IOException {
        this.selector = Selector.open();
        this.thread =
                (virtual ? Thread.ofVirtual().name(name) : Thread.ofPlatform().daemon().name(name))
                        .unstarted(this);
        thread.start();
    }

    /** Whether the poller's thread is a virtual thread. */
    public boolean onVirtualThread() {
        return thread.isVirtual();
    }

    /**
     * Parks the task {@code t} until {@code channel} is readable ({@code write} false) or writable.
     * A cancellable Weft wait that does not touch the channel. {@code on} is what dumps show the
     * task waiting on: the Weft socket, or the channel itself where there is none.
     *
     * @throws ClosedResourceError if {@link #notifyClosing} was called for the channel
     * @throws BusyResourceError if another task already waits for the same direction
     */
    public void await(Task t, SelectableChannel channel, boolean write, Object on) {
        t.checkCancelled();
        Interest in = interests.computeIfAbsent(channel, Interest::new);
        if (in.closing) {
            throw new ClosedResourceError("the channel is being closed");
        }
        AtomicReference<Waiter> slot = write ? in.writer : in.reader;
        Waiter w = new Waiter(t, true);
        // CAS null → w. The loser found another task waiting in this direction: refused.
        if (!slot.compareAndSet(null, w)) {
            throw new BusyResourceError(
                    "another task is already waiting for this channel to become "
                            + (write ? "writable" : "readable"));
        }
        int kind;
        try {
            if (in.closing) { // closed between the check above and the claim
                throw new ClosedResourceError("the channel is being closed");
            }
            changed.add(in);
            wakeup();
            kind = w.await(on);
        } finally {
            slot.compareAndSet(w, null);
        }
        if (kind == Waiter.CANCELLED) {
            throw t.cancelledNow();
        }
        if (kind == Waiter.FAILED) {
            throw Secrets.sneakyThrow(w.failure());
        }
    }

    /**
     * Wakes the tasks waiting on {@code channel} with {@link ClosedResourceError}; later waits
     * fail.
     */
    public void notifyClosing(SelectableChannel channel) {
        Interest in = interests.get(channel);
        if (in == null) {
            return;
        }
        in.closing = true;
        fail(in.reader.get());
        fail(in.writer.get());
    }

    private static void fail(Waiter w) {
        if (w != null) {
            w.tryFail(
                    new ClosedResourceError("the channel was closed while this task waited on it"));
        }
    }

    /** The channel was closed: its key is cancelled and its state dropped at the next round. */
    public void forget(SelectableChannel channel) {
        Interest in = interests.remove(channel);
        if (in != null) {
            in.forgotten = true;
            changed.add(in);
            wakeup();
        }
    }

    /**
     * Closes {@code channel} the way every Weft socket closes: wakes its waiters with {@link
     * ClosedResourceError}, closes it (an error closing is ignored: it is closed either way), and
     * drops its state.
     */
    public void close(SelectableChannel channel) {
        notifyClosing(channel);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a channel that failed still closes it
        } finally {
            forget(channel);
        }
    }

    private void wakeup() {
        // Reads `selecting` after the caller queued its change; see the class comment.
        if (selecting && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Stops the poller thread and closes the selector; waiting tasks must be gone already. */
    public void close() {
        closed = true;
        selector.wakeup();
        Task.joinQuietly(thread);
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing is registered any more that could fail to close
        }
    }

    /** Whether the poller thread is alive (for leak tests). */
    public boolean threadAlive() {
        return thread.isAlive();
    }

    @Override
    public void run() {
        int rounds = 0;
        while (!closed) {
            if ((++rounds & 4095) == 0) {
                sweep();
            }
            applyChanges();
            selecting = true;
            try {
                if (changed.isEmpty() && !closed) {
                    selector.select();
                } else {
                    selector.selectNow();
                }
            } catch (IOException e) {
                // A failing selector would fail every wait; there is nothing better to do than go
                // on.
            } finally {
                selecting = false;
                wakeupPending.set(false);
            }
            for (SelectionKey key : selector.selectedKeys()) {
                dispatch(key);
            }
            selector.selectedKeys().clear();
        }
    }

    /**
     * Drops the state of channels closed without {@link #forget} (a user's own channel, closed
     * after {@code Net.waitReadable}), so the map does not grow with every channel ever waited on.
     */
    private void sweep() {
        interests
                .values()
                .removeIf(in ->
                        !in.channel.isOpen() && in.reader.get() == null && in.writer.get() == null);
    }

    private void applyChanges() {
        for (Interest in; (in = changed.poll()) != null; ) {
            if (in.forgotten) {
                if (in.key != null) {
                    in.key.cancel();
                    in.key = null;
                }
                continue;
            }
            int ops = opsOf(in);
            try {
                if (in.key == null || !in.key.isValid()) {
                    if (!in.channel.isOpen()) {
                        // Closed without notifyClosing, or between it and a wait that made a new
                        // interest (a listener closed while its accept was about to wait): no key
                        // will ever report it, so fail the waiters here.
                        fail(in.reader.get());
                        fail(in.writer.get());
                        continue;
                    }
                    if (ops == 0) {
                        continue;
                    }
                    in.key = in.channel.register(selector, ops, in);
                } else {
                    in.key.interestOps(ops);
                }
            } catch (ClosedChannelException | CancelledKeyException e) {
                fail(in.reader.get());
                fail(in.writer.get());
            }
        }
    }

    private static int opsOf(Interest in) {
        int ops = 0;
        int valid = in.channel.validOps();
        if (in.reader.get() != null) {
            ops |=
                    (valid & SelectionKey.OP_READ) != 0
                            ? SelectionKey.OP_READ
                            : SelectionKey.OP_ACCEPT;
        }
        if (in.writer.get() != null) {
            boolean connecting = in.channel instanceof SocketChannel sc && sc.isConnectionPending();
            ops |= connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        }
        return ops & valid;
    }

    private void dispatch(SelectionKey key) {
        Interest in = (Interest) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            return;
        }
        if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            Waiter w = in.reader.get();
            if (w != null) {
                w.tryResume(null); // loses only to a cancellation: the readiness is dropped
            }
        }
        if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            Waiter w = in.writer.get();
            if (w != null) {
                w.tryResume(null);
            }
        }
        // Level-triggered: stop watching until a task waits again (it queues the interest anew).
        try {
            int remaining = 0;
            if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) == 0
                    && in.reader.get() != null) {
                remaining |= key.interestOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
            }
            if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) == 0
                    && in.writer.get() != null) {
                remaining |= key.interestOps() & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
            }
            key.interestOps(remaining);
        } catch (CancelledKeyException e) {
            // closed meanwhile
        }
    }
}
