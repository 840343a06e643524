package io.weft.stream;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.internal.file.FileHandle;
import io.weft.sync.ResourceGuard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A byte stream that reads a file (AnyIO's {@code FileReadStream}).
 *
 * <pre>{@code
 * try (var in = FileReadStream.open(Path.of("data.bin"))) {
 *     for (byte[] chunk : in) {
 *         digest.update(chunk);
 *     }
 * }
 * }</pre>
 *
 * <p>Every read and seek runs as {@link io.weft.file.AsyncFile}'s operations do: under the
 * runtime's thread limiter, where no interrupt ever reaches the channel (an interrupt would close
 * it), in the task for a regular file and in a {@link io.weft.thread.ToThread} worker for a pipe or
 * a device, so that such a read does not hold up the runtime; the open always runs in a worker. As
 * with {@code ToThread}'s default, a read that has started is not cancelled: the cancellation meets
 * the task when it returns, and no byte is lost. One task reads at a time: a second gets {@link
 * io.weft.BusyResourceError}. Closing the stream while another task reads wakes that read with
 * {@link ClosedResourceError}.
 */
public final class FileReadStream implements ByteReceiveStream {
    private final FileHandle handle;
    private final ResourceGuard reading = new ResourceGuard("reading from");

    private FileReadStream(FileHandle handle) {
        this.handle = handle;
    }

    /**
     * Opens {@code path} for reading. A checkpoint (the open runs in a worker thread).
     *
     * @throws IOException if the file cannot be opened
     */
    public static FileReadStream open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return new FileReadStream(FileHandle.open(path, Set.of(StandardOpenOption.READ), null));
    }

    /**
     * A stream over {@code channel}, which must be open for reading; closing it closes the channel.
     */
    public static FileReadStream of(FileChannel channel) {
        return new FileReadStream(
                FileHandle.wrap(Objects.requireNonNull(channel, "channel"), null));
    }

    /**
     * Reads at most {@code maxBytes} bytes from the current position. A checkpoint.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is less than 1
     * @throws EndOfStream at the end of the file
     * @throws ClosedResourceError if the stream was closed
     * @throws BrokenResourceError if reading failed (the {@link IOException} is the cause)
     */
    @Override
    public byte[] receive(int maxBytes) {
        ByteReceiveStream.checkMaxBytes(maxBytes);
        ByteBuffer buf = ByteBuffer.allocate(Math.min(maxBytes, 1 << 20));
        int n = read(buf);
        return n == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), n);
    }

    /** Reads into {@code dst} directly; see {@link #receive(int)}. */
    @Override
    public int receive(ByteBuffer dst) {
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("the buffer has no room (remaining() == 0)");
        }
        return read(dst);
    }

    private int read(ByteBuffer dst) {
        handle.ensureOpen();
        int n;
        ResourceGuard.Use use = reading.use(); // BusyResourceError if another task reads
        try {
            n = handle.call(ch -> ch.read(dst));
        } catch (IOException e) {
            throw new BrokenResourceError("reading the file failed: " + e.getMessage(), e);
        } finally {
            use.close();
        }
        if (n < 0) {
            throw new EndOfStream("end of the file");
        }
        return n;
    }

    /**
     * Moves to {@code position} (from the start of the file) and returns it. A checkpoint.
     *
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws ClosedResourceError if the stream was closed
     */
    public long seek(long position) {
        if (position < 0) {
            throw new IllegalArgumentException(
                    "the position must not be negative, was " + position);
        }
        try {
            return handle.call(ch -> ch.position(position).position());
        } catch (IOException e) {
            throw new BrokenResourceError("seeking failed: " + e.getMessage(), e);
        }
    }

    /**
     * The current position. Not a checkpoint.
     *
     * @throws ClosedResourceError if the stream was closed
     */
    public long tell() {
        try {
            return handle.positionNow();
        } catch (IOException e) {
            throw new BrokenResourceError("reading the position failed: " + e.getMessage(), e);
        }
    }

    /**
     * Closes the file, also when the task is cancelled (the close is shielded; the cancellation is
     * delivered at the next checkpoint). A read in flight wakes with {@link ClosedResourceError}.
     * Idempotent.
     *
     * @throws BrokenResourceError if closing failed (the cause is the {@link IOException}; the file
     *     is closed anyway)
     */
    @Override
    public void close() {
        FileStreams.close(handle);
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return FileStreams.attributes(handle);
    }

    @Override
    public String toString() {
        return "FileReadStream[" + handle + "]";
    }
}
