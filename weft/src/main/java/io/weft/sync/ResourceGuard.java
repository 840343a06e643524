package io.weft.sync;

import io.weft.BusyResourceError;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Makes sure that a resource is used by one task at a time (AnyIO's {@code ResourceGuard}): a
 * second use while the first is still open fails at once with {@link BusyResourceError}, instead of
 * waiting. Streams use it to detect two tasks reading from (or writing to) the same stream
 * concurrently, which is a bug in the program rather than something to queue for.
 *
 * <pre>{@code
 * private final ResourceGuard receiveGuard = new ResourceGuard("reading from");
 *
 * public byte[] receive() {
 *     try (var _ = receiveGuard.use()) {    // a concurrent receive() throws BusyResourceError:
 *         return readChunk();               // "Another task is already reading from this resource"
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #use()} is not a checkpoint and never blocks; it may be called from any thread, inside
 * or outside a runtime. It is not reentrant: a second {@code use()} fails even in the task that
 * holds the first, as in AnyIO.
 *
 * <p><b>Algorithm.</b> The guard holds the open {@link Use}, or null when free. {@code use()}
 * creates a use and tries one {@code compareAndSet} from null to it: that CAS is the linearisation
 * point, and of two racing callers exactly one wins; the loser gets {@code BusyResourceError} and
 * the guard is unchanged. {@link Use#close()} tries a CAS from itself back to null, so closing a
 * use twice does nothing the second time, even when another task has taken the guard in between.
 */
public final class ResourceGuard {
    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT =
                    MethodHandles.lookup().findVarHandle(ResourceGuard.class, "current", Use.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String action;
    private volatile Use current;

    /** A guard whose error says "Another task is already using this resource". */
    public ResourceGuard() {
        this("using");
    }

    /**
     * A guard for {@code action}, such as "reading from": its error then says "Another task is
     * already reading from this resource".
     *
     * @throws NullPointerException if {@code action} is null
     */
    public ResourceGuard(String action) {
        this.action = Objects.requireNonNull(action, "action");
    }

    /** The action named in the error. */
    public String action() {
        return action;
    }

    /**
     * Starts using the resource; close the returned use (try-with-resources) when done. Not a
     * checkpoint; never blocks.
     *
     * @throws BusyResourceError if the resource is already in use (by any task, this one included);
     *     nothing was changed
     */
    public Use use() {
        Use u = new Use();
        if (!CURRENT.compareAndSet(this, null, u)) {
            // Lost: another use is open (or won the race just now); the guard stays theirs.
            throw new BusyResourceError(action);
        }
        return u;
    }

    /** Whether a use is open now (a snapshot). */
    public boolean inUse() {
        return current != null;
    }

    @Override
    public String toString() {
        return "ResourceGuard[" + action + ", " + (inUse() ? "in use" : "free") + "]";
    }

    /** One use of the resource, from {@link #use()}; closing it frees the guard. */
    public final class Use implements AutoCloseable {
        private Use() {}

        /**
         * Frees the guard for the next use. Closing again does nothing, even if another use has
         * started meanwhile. Never throws; callable from any thread.
         */
        @Override
        public void close() {
            // Loses only if this use was already closed: then the guard is free or belongs to a
            // later use, which must stay open.
            CURRENT.compareAndSet(ResourceGuard.this, this, null);
        }
    }
}
