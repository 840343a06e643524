package io.weft.internal.stream;

import java.lang.ref.Cleaner;

/**
 * One clone of one end of a {@link MemoryChannel}, held by the public stream object ({@code
 * MemoryObjectSendStream} or {@code MemoryObjectReceiveStream}) that owns it. Its {@code closed}
 * flag is guarded by the channel's lock.
 *
 * <p>It is also the action of the {@link Cleaner} registered for its owner, and so never refers to
 * the owner: the action runs when the owner has become unreachable without having been closed, and
 * logs a WARNING through the {@link System.Logger} named {@code io.weft} (AnyIO's {@code
 * ResourceWarning}). Closing unregisters it ({@code clean()}), so a closed end is never reported.
 * The warning does not close the end: behaviour must not depend on when the collector runs.
 */
public final class MemoryChannelEnd implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.weft");

    final MemoryChannel channel;
    final boolean sender;
    // Written under the channel's lock; volatile so that isClosed() can read it without the lock.
    volatile boolean closed;
    String name;
    Cleaner.Cleanable cleanable;

    MemoryChannelEnd(MemoryChannel channel, boolean sender) {
        this.channel = channel;
        this.sender = sender;
    }

    /** The shared cleaner and its daemon thread, created on first use. */
    private static final class Cleaners {
        static final Cleaner CLEANER =
                Cleaner.create(r -> {
                    Thread t = new Thread(r, "weft-cleaner");
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Registers {@code owner}, the public stream object holding this end, for the warning logged if
     * it is garbage-collected without being closed. Called once, by the owner's constructor.
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
        return closed;
    }

    /** The owner's name ({@code MemoryObjectSendStream@1b6d3586}), for its {@code toString}. */
    public String name() {
        return name;
    }

    /**
     * The cleaner action: the owner became unreachable. {@link MemoryChannel#close} also runs it
     * (through {@code clean()}, to unregister), after marking the end closed: then it says nothing.
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
