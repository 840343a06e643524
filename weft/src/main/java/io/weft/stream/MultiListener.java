package io.weft.stream;

import io.weft.TaskGroup;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Several listeners served as one (AnyIO's {@code MultiListener}): for example the IPv4 and IPv6
 * listeners of one port. {@link #serve} serves them all at once into one task group and returns
 * when all have been closed; {@link #close()} closes them all.
 *
 * @param <S> what a connection is
 */
public final class MultiListener<S> implements Listener<S> {
    private final List<Listener<S>> listeners;

    /**
     * Serves {@code listeners} together. A {@code MultiListener} among them is flattened.
     *
     * @throws IllegalArgumentException if {@code listeners} is empty
     */
    @SuppressWarnings("unchecked")
    public MultiListener(List<? extends Listener<S>> listeners) {
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("a MultiListener needs at least one listener");
        }
        List<Listener<S>> flat = new java.util.ArrayList<>();
        for (Listener<S> l : listeners) {
            if (l instanceof MultiListener<?> m) {
                flat.addAll(((MultiListener<S>) m).listeners);
            } else {
                flat.add(l);
            }
        }
        this.listeners = List.copyOf(flat);
    }

    /** The listeners, in the order given. */
    public List<Listener<S>> listeners() {
        return listeners;
    }

    /**
     * Serves every listener at once, their connections' handlers all in tasks of {@code taskGroup};
     * returns once every listener has been closed. See {@link Listener#serve}. Each listener is
     * served in a task of a group of its own, so a listener's failure to accept does not come out
     * bare.
     *
     * @throws io.weft.ExceptionGroup if a listener failed to accept (its {@link
     *     java.io.IOException} is in the group); the other listeners stop serving then
     */
    @Override
    public void serve(Handler<? super S> handler, TaskGroup taskGroup) {
        TaskGroup.run(serving -> {
            for (Listener<S> l : listeners) {
                serving.startSoon(() -> l.serve(handler, taskGroup));
            }
        });
    }

    /** Closes every listener (all of them, even if closing one throws). Idempotent. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Listener<S> l : listeners) {
            try {
                l.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The attributes of all the listeners, a later one's winning where two provide one. */
    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        Map<TypedAttribute<?>, Supplier<?>> m = Map.of();
        for (Listener<S> l : listeners) {
            m = TypedAttributes.merge(m, l.extraAttributes());
        }
        return m;
    }

    @Override
    public String toString() {
        return "MultiListener" + listeners;
    }
}
