package io.weft.stream;

import io.weft.BusyResourceError;
import io.weft.ClosedResourceError;
import io.weft.DelimiterNotFound;
import io.weft.EndOfStream;
import io.weft.IncompleteRead;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A byte receive stream with a buffer in front of another one, for reading exact lengths and
 * delimited records (AnyIO's {@code BufferedByteReceiveStream}).
 *
 * <pre>{@code
 * var in = new BufferedByteReceiveStream(socket);
 * byte[] header = in.receiveExactly(4);
 * byte[] line = in.receiveUntil("\r\n".getBytes(US_ASCII), 8192);  // without the delimiter
 * }</pre>
 *
 * <p>It wraps a {@link ByteReceiveStream}, or an {@link ObjectReceiveStream} of byte chunks (a
 * memory object stream of {@code byte[]}); a chunk larger than a {@code receive(maxBytes)} asked
 * for is split, and the rest buffered.
 *
 * <p><b>Cancellation loses nothing.</b> Every byte received from the inner stream goes into the
 * buffer before the next wait, so a {@code receiveExactly} or {@code receiveUntil} that throws
 * {@link io.weft.Cancelled} (or {@link IncompleteRead}, or {@link DelimiterNotFound}) leaves what
 * it had read in the buffer for the next call.
 *
 * <p>One task receives at a time: a second concurrent receive throws {@link BusyResourceError}. Not
 * otherwise thread-safe; {@link #feedData} and {@link #buffer()} belong to the receiving task. The
 * attributes are the inner stream's.
 */
public final class BufferedByteReceiveStream implements ByteReceiveStream {
    private final Wrapped inner;
    private final AtomicBoolean receiving = new AtomicBoolean();
    private byte[] buf = new byte[0];
    private int start; // buffered bytes are buf[start, end)
    private int end;
    private volatile boolean closed;

    /** Buffers {@code stream}. */
    public BufferedByteReceiveStream(ByteReceiveStream stream) {
        this(Wrapped.receiving(stream));
    }

    /** Buffers a stream of byte chunks, such as a memory object stream of {@code byte[]}. */
    public BufferedByteReceiveStream(ObjectReceiveStream<byte[]> stream) {
        this(Wrapped.receiving(stream));
    }

    /** Buffers {@code inner}: also the receiving side of a {@link BufferedByteStream}. */
    BufferedByteReceiveStream(Wrapped inner) {
        this.inner = inner;
    }

    /** A copy of the bytes in the buffer now. */
    public byte[] buffer() {
        return Arrays.copyOfRange(buf, start, end);
    }

    /**
     * Appends {@code data} to the buffer: later receives return it before anything received from
     * the inner stream. Not a checkpoint.
     */
    public void feedData(byte[] data) {
        append(data, 0, data.length);
    }

    /**
     * Receives at most {@code maxBytes} bytes: from the buffer if it has any, else from the inner
     * stream. A checkpoint when it has to receive; if it throws {@link io.weft.Cancelled}, no byte
     * was consumed.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is less than 1
     * @throws ClosedResourceError if this stream was closed
     * @throws io.weft.EndOfStream if the buffer is empty and the inner stream has ended
     * @throws BusyResourceError if another task is receiving
     */
    @Override
    public byte[] receive(int maxBytes) {
        ByteReceiveStream.checkMaxBytes(maxBytes);
        enter();
        try {
            if (end > start) {
                return take(Math.min(maxBytes, end - start));
            }
            byte[] chunk;
            do {
                chunk = inner.receive(maxBytes); // an empty chunk means nothing: wait for data
            } while (chunk.length == 0);
            if (chunk.length <= maxBytes) {
                return chunk;
            }
            append(chunk, maxBytes, chunk.length - maxBytes); // a chunk's surplus, for later
            return Arrays.copyOf(chunk, maxBytes);
        } finally {
            leave();
        }
    }

    /** As {@link #receive(int)}, into {@code dst}; from a byte stream, without a copy. */
    @Override
    public int receive(ByteBuffer dst) {
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("the buffer has no room (remaining() == 0)");
        }
        ByteReceiveStream bytes = inner.byteReceiver();
        if (bytes == null || end > start) {
            byte[] b = receive(dst.remaining());
            dst.put(b);
            return b.length;
        }
        enter();
        try {
            return bytes.receive(dst);
        } finally {
            leave();
        }
    }

    /**
     * Receives exactly {@code nbytes} bytes. A checkpoint when it has to receive.
     *
     * @throws IllegalArgumentException if {@code nbytes} is negative
     * @throws IncompleteRead if the inner stream ended first (what was read stays buffered)
     * @throws ClosedResourceError if this stream was closed
     * @throws BusyResourceError if another task is receiving
     */
    public byte[] receiveExactly(int nbytes) {
        if (nbytes < 0) {
            throw new IllegalArgumentException("nbytes must not be negative, was " + nbytes);
        }
        enter();
        try {
            while (end - start < nbytes) {
                int missing = nbytes - (end - start);
                byte[] chunk;
                try {
                    chunk = inner.receive(missing);
                } catch (EndOfStream e) {
                    throw new IncompleteRead(e);
                }
                append(chunk, 0, chunk.length);
            }
            return take(nbytes);
        } finally {
            leave();
        }
    }

    /**
     * Receives up to the first occurrence of {@code delimiter} and returns what came before it; the
     * delimiter is consumed too. A checkpoint when it has to receive.
     *
     * <p>{@code maxBytes} bounds how much is buffered while looking, not the result: receiving
     * stops once {@code maxBytes} bytes are buffered and none of them starts the delimiter. As in
     * AnyIO, the whole buffer is searched each time, so a delimiter that arrived in the same chunk
     * as the bytes past the limit is still found, and the result can then be longer than {@code
     * maxBytes}. Check the length yourself if the protocol forbids longer records.
     *
     * @throws IllegalArgumentException if {@code delimiter} is empty
     * @throws NullPointerException if {@code delimiter} is null (the message says what to pass)
     * @throws DelimiterNotFound if {@code maxBytes} or more bytes are buffered without the
     *     delimiter (they stay buffered)
     * @throws IncompleteRead if the inner stream ended first (what was read stays buffered)
     * @throws ClosedResourceError if this stream was closed
     * @throws BusyResourceError if another task is receiving
     */
    public byte[] receiveUntil(byte[] delimiter, int maxBytes) {
        java.util.Objects.requireNonNull(
                delimiter,
                "delimiter is null: pass the bytes that end a record, such as"
                        + " \"\\n\".getBytes(US_ASCII); to read what is there, use receive()");
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("the delimiter must not be empty");
        }
        enter();
        try {
            int offset = 0; // where no match can start before, in the buffered bytes
            for (; ; ) {
                int index = indexOf(delimiter, offset);
                if (index >= 0) {
                    byte[] found = Arrays.copyOfRange(buf, start, start + index);
                    start += index + delimiter.length;
                    return found;
                }
                int size = end - start;
                if (size >= maxBytes) {
                    throw new DelimiterNotFound(maxBytes);
                }
                byte[] chunk;
                try {
                    chunk = inner.receive(DEFAULT_MAX_BYTES);
                } catch (EndOfStream e) {
                    throw new IncompleteRead(e);
                }
                offset = Math.max(size - delimiter.length + 1, 0);
                append(chunk, 0, chunk.length);
            }
        } finally {
            leave();
        }
    }

    /** Closes the inner stream; later receives throw {@link ClosedResourceError}. */
    @Override
    public void close() {
        closed = true;
        inner.close();
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return inner.extraAttributes();
    }

    @Override
    public String toString() {
        return "BufferedByteReceiveStream[" + inner + "]";
    }

    // ---------------------------------------------------------------- buffer

    private void enter() {
        if (closed) {
            throw new ClosedResourceError("this buffered stream is closed");
        }
        // CAS false → true. The loser is a second task receiving concurrently: refused.
        if (!receiving.compareAndSet(false, true)) {
            throw new BusyResourceError("another task is already receiving from this stream");
        }
    }

    private void leave() {
        receiving.set(false);
    }

    private byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        if (start == end) {
            start = end = 0;
        }
        return out;
    }

    private void append(byte[] data, int from, int length) {
        if (end + length > buf.length) {
            int size = end - start;
            if (size + length <= buf.length && start > 0) {
                System.arraycopy(buf, start, buf, 0, size); // compact
            } else {
                byte[] bigger = new byte[Math.max(size + length, buf.length * 2)];
                System.arraycopy(buf, start, bigger, 0, size);
                buf = bigger;
            }
            start = 0;
            end = size;
        }
        System.arraycopy(data, from, buf, end, length);
        end += length;
    }

    /** Where {@code d} first occurs in the buffered bytes at or after {@code from}, or -1. */
    private int indexOf(byte[] d, int from) {
        byte first = d[0];
        int last = end - d.length;
        outer:
        for (int i = start + from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < d.length; j++) {
                if (buf[i + j] != d[j]) {
                    continue outer;
                }
            }
            return i - start;
        }
        return -1;
    }
}
