package io.weft.internal.net;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;

/**
 * The one place where a Weft socket runs an operation on its NIO channel, and where the operation's
 * {@link IOException} becomes a Weft error. Each socket (stream, listener, UDP socket) owns one,
 * and with it its closed flag.
 *
 * <p><b>Why a section without interrupts.</b> An interrupt that reaches a thread while it is inside
 * a channel operation closes the channel ({@code AbstractInterruptibleChannel}), even in
 * non-blocking mode. Every operation therefore runs in {@link Task#withoutInterrupts}: a
 * cancellation that arrives meanwhile is recorded and met at the next checkpoint, and the channel
 * survives.
 *
 * <p><b>The error mapping.</b> A {@link ClosedChannelException}, or any {@link IOException} once
 * the socket has been closed (a close racing the operation), is a {@link ClosedResourceError}. What
 * happens to any other {@link IOException} depends on whose failure it is. On a connection in use
 * (receive, send) it means the connection broke: {@link #call} makes it a {@link
 * BrokenResourceError} with the exception as its cause. Where it is the OS refusing the operation
 * itself (accept out of file descriptors), {@link #callChecked} throws it as it is, and {@link
 * #callRaw} leaves every {@code IOException} alone, for connecting and binding, whose contract is
 * to throw it.
 */
public final class ChannelIo {
    /** A channel operation. */
    @FunctionalInterface
    public interface Op<T> {
        /** Runs the operation on the (non-blocking) channel. */
        T run() throws IOException;
    }

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(ChannelIo.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String closedMessage;
    private final String brokenMessage;
    private volatile boolean closed;

    /**
     * The channel state of one socket: {@code noun} names it in the closed error ("this {@code
     * noun} is closed"), {@code broken} starts the message of a broken one ("{@code broken}: the
     * cause's message").
     */
    public ChannelIo(String noun, String broken) {
        this.closedMessage = "this " + noun + " is closed";
        this.brokenMessage = broken;
    }

    /** Marks the socket closed; returns false if it was closed already (close is idempotent). */
    public boolean markClosed() {
        return !closed && CLOSED.compareAndSet(this, false, true); // one closer wins
    }

    /** Whether {@link #markClosed} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** The error for a use of the closed socket. */
    public ClosedResourceError closedError() {
        return new ClosedResourceError(closedMessage);
    }

    /**
     * Throws {@link ClosedResourceError} if the socket is closed.
     *
     * @throws ClosedResourceError if {@link #markClosed} was called
     */
    public void checkOpen() {
        if (closed) {
            throw closedError();
        }
    }

    /**
     * Runs {@code op} in task {@code t} where no interrupt can land, and maps its errors (see the
     * class comment).
     *
     * @throws ClosedResourceError if the channel is or was meanwhile closed
     * @throws BrokenResourceError if the operation failed otherwise
     */
    public <T> T call(Task t, Op<T> op) {
        try {
            return callChecked(t, op);
        } catch (IOException e) {
            throw new BrokenResourceError(brokenMessage + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code op} in task {@code t} where no interrupt can land; a closed channel is a {@link
     * ClosedResourceError}, any other {@link IOException} is thrown as it is.
     *
     * @throws ClosedResourceError if the channel is or was meanwhile closed
     * @throws IOException if the operation failed otherwise
     */
    public <T> T callChecked(Task t, Op<T> op) throws IOException {
        try {
            return callRaw(t, op);
        } catch (ClosedChannelException e) {
            throw closedError();
        } catch (IOException e) {
            if (closed) {
                throw closedError();
            }
            throw e;
        }
    }

    /**
     * Runs {@code op} where no interrupt can land; its {@link IOException} is thrown as it is. With
     * {@code t} null (no Weft task: a close from outside any runtime) it just runs {@code op}.
     */
    public static <T> T callRaw(Task t, Op<T> op) throws IOException {
        if (t == null) {
            return op.run();
        }
        try {
            return t.withoutInterrupts(op::run);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw Secrets.sneakyThrow(e);
        }
    }
}
