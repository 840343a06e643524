package io.weft.thread;

import io.weft.RunOptions;
import java.util.Objects;

/**
 * One {@link BlockingPortal} shared by any number of threads, started by the first that needs it
 * and stopped when the last is done (AnyIO's {@code BlockingPortalProvider}): reference-counted
 * leases.
 *
 * <pre>{@code
 * static final BlockingPortalProvider WEFT = new BlockingPortalProvider(RunOptions.defaults());
 *
 * // in any thread, as often as needed:
 * try (var lease = WEFT.acquire()) {
 *     lease.portal().call(() -> fetch(url));
 * }
 * }</pre>
 *
 * <p>Thread-safe. While at least one lease is open, every lease holds the same portal; once the
 * last lease is closed the portal is closed (its tasks waited for, its runtime and thread ended),
 * and the next {@link #acquire()} starts a new one (possibly while the old one is still ending).
 */
public final class BlockingPortalProvider {
    private final RunOptions options;
    private final String threadName;
    private BlockingPortal portal; // guarded by this
    private int leases; // guarded by this

    /** A provider whose portals run on runtimes with {@code options}. */
    public BlockingPortalProvider(RunOptions options) {
        this(options, "weft-portal");
    }

    /** A provider whose portals run on runtimes with {@code options}, in threads so named. */
    public BlockingPortalProvider(RunOptions options, String threadName) {
        this.options = Objects.requireNonNull(options, BlockingPortal.OPTIONS_IS_NULL);
        this.threadName = Objects.requireNonNull(threadName, BlockingPortal.THREAD_NAME_IS_NULL);
    }

    /**
     * Returns a lease on the shared portal, starting the portal if no lease is open. Blocks while a
     * portal is being started or stopped by another thread.
     *
     * @throws IllegalStateException if called from a Weft task (see {@link BlockingPortal#start})
     */
    public synchronized Lease acquire() {
        if (portal == null) {
            portal = BlockingPortal.start(options, threadName);
        }
        leases++;
        return new Lease(portal);
    }

    /** Counts a lease back; returns the portal to close if it was the last one, else null. */
    private BlockingPortal release() {
        if (--leases == 0) {
            BlockingPortal p = portal;
            portal = null;
            return p;
        }
        return null;
    }

    /** The number of open leases (a snapshot). */
    public synchronized int leases() {
        return leases;
    }

    @Override
    public synchronized String toString() {
        return "BlockingPortalProvider[leases=" + leases + "]";
    }

    /** One thread's use of the shared portal; close it when done (idempotent). */
    public final class Lease implements AutoCloseable {
        private final BlockingPortal portal;
        private boolean closed; // guarded by the provider

        private Lease(BlockingPortal portal) {
            this.portal = portal;
        }

        /** The shared portal. */
        public BlockingPortal portal() {
            return portal;
        }

        /** Gives the lease back; the last one closes the portal. */
        @Override
        public void close() {
            BlockingPortal last;
            synchronized (BlockingPortalProvider.this) {
                if (closed) {
                    return;
                }
                closed = true;
                last = release();
            }
            // Outside the monitor, as AnyIO: a thread that acquires meanwhile starts a new portal
            // instead of waiting for this one's tasks to finish.
            if (last != null) {
                last.close();
            }
        }
    }
}
