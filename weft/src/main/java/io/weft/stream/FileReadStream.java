package io.weft.stream;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.sync.ResourceGuard;
import io.weft.thread.ToThread;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
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
 * <p>Every read, seek and open runs in a {@link ToThread} worker, so a slow disk or a pipe does not
 * hold up the runtime and no interrupt ever reaches the channel (an interrupt would close it). Like
 * {@code ToThread}'s default, a read that has started is not cancelled: the cancellation meets the
 * task when it returns, and no byte is lost. One task reads at a time: a second gets {@link
 * io.weft.BusyResourceError}. Closing the stream while another task reads wakes that read with
 * {@link ClosedResourceError}.
 */
public final class FileReadStream implements ByteReceiveStream {
    private final FileChannel channel;
    private final Path path; // null if not opened from a path
    private final ResourceGuard reading = new ResourceGuard("reading from");

    private FileReadStream(FileChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
    }

    /**
     * Opens {@code path} for reading. A checkpoint (the open runs in a worker thread).
     *
     * @throws IOException if the file cannot be opened
     */
    public static FileReadStream open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        FileChannel ch = ToThread.runSync(() -> FileChannel.open(path, StandardOpenOption.READ));
        return new FileReadStream(ch, path);
    }

    /**
     * A stream over {@code channel}, which must be open for reading; closing it closes the channel.
     */
    public static FileReadStream of(FileChannel channel) {
        return new FileReadStream(Objects.requireNonNull(channel, "channel"), null);
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
        if (!channel.isOpen()) {
            throw new ClosedResourceError("this file stream is closed");
        }
        int n;
        ResourceGuard.Use use = reading.use(); // BusyResourceError if another task reads
        try {
            n = ToThread.runSync(() -> channel.read(dst));
        } catch (ClosedChannelException e) {
            throw new ClosedResourceError("this file stream is closed");
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
            return ToThread.runSync(() -> channel.position(position).position());
        } catch (ClosedChannelException e) {
            throw new ClosedResourceError("this file stream is closed");
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
            return channel.position();
        } catch (ClosedChannelException e) {
            throw new ClosedResourceError("this file stream is closed");
        } catch (IOException e) {
            throw new BrokenResourceError("reading the position failed: " + e.getMessage(), e);
        }
    }

    /** Closes the file. Idempotent. */
    @Override
    public void close() {
        FileStreams.close(channel);
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return FileStreams.attributes(channel, path);
    }

    @Override
    public String toString() {
        return "FileReadStream[" + (path != null ? path : channel) + "]";
    }
}
