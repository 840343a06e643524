package io.weft.stream;

import io.weft.TaskGroup;
import java.io.IOException;

/**
 * Accepts incoming connections (AnyIO's {@code Listener}): a TCP or UNIX socket listener, a TLS
 * listener over one.
 *
 * @param <S> what a connection is (a stream)
 */
public interface Listener<S> extends AutoCloseable, TypedAttributeProvider {
    /**
     * Handles one accepted connection, in a task of its own.
     *
     * @param <S> what a connection is
     */
    @FunctionalInterface
    interface Handler<S> {
        /** Handles {@code connection}; the handler owns it (and closes it). */
        void handle(S connection) throws Exception;
    }

    /**
     * Accepts connections and runs {@code handler} for each in a new task of {@code taskGroup}.
     * Returns once the listener is closed (by another task); throws {@link io.weft.Cancelled} if
     * the calling task is cancelled. A handler's failure goes to the group, as any task's does (so
     * it ends the serving too, as in AnyIO); a handler that must not end the server catches its own
     * errors.
     *
     * @throws IOException if accepting failed in the OS (a socket listener out of file descriptors,
     *     say); serving ends, as in AnyIO
     */
    void serve(Handler<? super S> handler, TaskGroup taskGroup) throws IOException;

    /**
     * As {@link #serve(Handler, TaskGroup)} with a task group of its own, which this call waits for
     * before it returns.
     *
     * @throws io.weft.ExceptionGroup if a handler failed, or accepting did (the {@link IOException}
     *     is then in the group: the serving loop is the group's host), as from any task group
     */
    default void serve(Handler<? super S> handler) {
        TaskGroup.run(tg -> serve(handler, tg));
    }

    /**
     * Stops accepting; a task waiting in {@code serve} gets {@link io.weft.ClosedResourceError}.
     */
    @Override
    void close();
}
