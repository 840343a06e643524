package io.weft.net;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.internal.Task;
import io.weft.internal.net.ChannelIo;
import io.weft.internal.net.Poller;
import io.weft.stream.ByteReceiveStream;
import io.weft.stream.ByteStream;
import io.weft.stream.TypedAttribute;
import io.weft.sync.ResourceGuard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A TCP connection as a byte stream (AnyIO's {@code SocketStream}). Made by {@link Net#connectTcp}
 * or accepted by a {@link SocketListener}.
 *
 * <p><b>Cancellation is non-destructive.</b> The socket is non-blocking, and a receive or send that
 * has to wait parks in a Weft wait on the runtime's poller, never in the socket: cancelling it
 * leaves the connection open and consumes or sends nothing more. No interrupt ever reaches the
 * thread while it is inside a channel operation (an interrupt would close the channel).
 *
 * <p>One task receives and one sends at a time ({@link io.weft.BusyResourceError} otherwise);
 * closing the stream wakes a task blocked in {@code receive} or {@code send} with {@link
 * ClosedResourceError}. TCP_NODELAY is on. The attributes are {@link SocketAttribute}'s.
 */
public final class SocketStream implements ByteStream {
    private final SocketChannel channel;
    private final Poller poller;
    private final ResourceGuard reading = new ResourceGuard("reading from");
    private final ResourceGuard writing = new ResourceGuard("writing to");
    private final ChannelIo io = new ChannelIo("socket stream", "the connection broke");
    private volatile boolean outputShut;

    SocketStream(SocketChannel channel, Poller poller) {
        this.channel = channel;
        this.poller = poller;
    }

    /**
     * Receives at most {@code maxBytes} bytes, waiting until at least one has arrived. A checkpoint
     * first. If this throws {@link io.weft.Cancelled}, no byte was consumed.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is less than 1
     * @throws EndOfStream if the peer has shut down its sending side and everything was read
     * @throws ClosedResourceError if this stream was closed, also while waiting
     * @throws BrokenResourceError if the connection broke (the {@link IOException} is the cause)
     * @throws io.weft.BusyResourceError if another task is receiving
     */
    @Override
    public byte[] receive(int maxBytes) {
        ByteReceiveStream.checkMaxBytes(maxBytes);
        ByteBuffer buf = ByteBuffer.allocate(Math.min(maxBytes, DEFAULT_MAX_BYTES));
        int n = receive(buf);
        return n == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), n);
    }

    /** As {@link #receive(int)}, into {@code dst} without a copy; returns how many bytes. */
    @Override
    public int receive(ByteBuffer dst) {
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("the buffer has no room (remaining() == 0)");
        }
        Task t = Task.current();
        t.checkpoint();
        io.checkOpen();
        ResourceGuard.Use use = reading.use();
        try {
            for (; ; ) {
                int n = io.call(t, () -> channel.read(dst));
                if (n > 0) {
                    return n;
                }
                if (n < 0) {
                    throw new EndOfStream("the peer has closed its side of the connection");
                }
                poller.await(t, channel, false, this);
            }
        } finally {
            use.close();
        }
    }

    /**
     * Sends all of {@code data}, waiting while the connection applies back-pressure. A checkpoint
     * first. If this throws {@link io.weft.Cancelled}, a prefix of the data may have been sent.
     *
     * @throws ClosedResourceError if this stream was closed (or {@link #sendEof} called)
     * @throws BrokenResourceError if the connection broke
     * @throws io.weft.BusyResourceError if another task is sending
     */
    @Override
    public void send(byte[] data) {
        send(ByteBuffer.wrap(data));
    }

    /** As {@link #send(byte[])}, from {@code src} without a copy. */
    @Override
    public void send(ByteBuffer src) {
        Task t = Task.current();
        t.checkpoint();
        io.checkOpen();
        if (outputShut) {
            throw new ClosedResourceError("sendEof() was called; this side sends nothing more");
        }
        ResourceGuard.Use use = writing.use();
        try {
            while (src.hasRemaining()) {
                int n = io.call(t, () -> channel.write(src));
                if (n == 0) {
                    poller.await(t, channel, true, this);
                }
            }
        } finally {
            use.close();
        }
    }

    /** Shuts down the sending side (TCP FIN); receiving goes on. Idempotent. */
    @Override
    public void sendEof() {
        if (outputShut || io.isClosed()) {
            return;
        }
        outputShut = true;
        io.call(Task.current(), channel::shutdownOutput);
    }

    /**
     * Closes the connection. A task blocked in {@code receive} or {@code send} gets {@link
     * ClosedResourceError}. Idempotent; not a checkpoint.
     */
    @Override
    public void close() {
        if (!io.markClosed()) {
            return;
        }
        try {
            // A cancelled task closing in a finally has its interrupt flag set, and an interrupt
            // would close the channel mid-read and skip the drain.
            ChannelIo.callRaw(Task.currentOrNull(), this::discardPendingInput);
        } catch (IOException ignored) {
            // the connection is already gone: nothing to drain
        }
        poller.close(channel); // after the drain, so the close is a FIN
    }

    /**
     * Reads and drops what has already arrived and was not read (up to 1 MiB), without waiting.
     * Closing a TCP socket with unread input makes the kernel send a RST instead of a FIN, and a
     * RST can make the peer lose data it has not read yet: a TLS peer's session tickets, say.
     */
    private Void discardPendingInput() throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(16384);
        for (int total = 0; total < (1 << 20); ) {
            sink.clear();
            int n = channel.read(sink); // non-blocking
            if (n <= 0) {
                return null;
            }
            total += n;
        }
        return null;
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return SocketAttributes.of(channel);
    }

    @Override
    public String toString() {
        return "SocketStream[" + channel + "]";
    }
}
