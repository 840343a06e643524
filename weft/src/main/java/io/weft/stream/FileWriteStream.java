package io.weft.stream;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.sync.ResourceGuard;
import io.weft.thread.ToThread;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A byte stream that writes a file (AnyIO's {@code FileWriteStream}). Writes run in a {@link
 * ToThread} worker, as {@link FileReadStream}'s reads do; a write that has started is completed
 * (all its bytes written) before a cancellation meets the task. One task writes at a time: a second
 * gets {@link io.weft.BusyResourceError}.
 */
public final class FileWriteStream implements ByteSendStream {
    private final FileChannel channel;
    private final Path path; // null if not opened from a path
    private final ResourceGuard writing = new ResourceGuard("writing to");

    private FileWriteStream(FileChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
    }

    /**
     * Opens {@code path} for writing, creating it if needed: truncated, or appended to if {@code
     * append}. A checkpoint.
     *
     * @throws IOException if the file cannot be opened
     */
    public static FileWriteStream open(Path path, boolean append) throws IOException {
        Objects.requireNonNull(path, "path");
        StandardOpenOption mode =
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        FileChannel ch =
                ToThread.runSync(() ->
                        FileChannel.open(
                                path, StandardOpenOption.WRITE, StandardOpenOption.CREATE, mode));
        return new FileWriteStream(ch, path);
    }

    /**
     * A stream over {@code channel}, which must be open for writing; closing it closes the channel.
     */
    public static FileWriteStream of(FileChannel channel) {
        return new FileWriteStream(Objects.requireNonNull(channel, "channel"), null);
    }

    /**
     * Writes all of {@code data}. A checkpoint.
     *
     * @throws ClosedResourceError if the stream was closed
     * @throws BrokenResourceError if writing failed (the {@link IOException} is the cause)
     */
    @Override
    public void send(byte[] data) {
        send(ByteBuffer.wrap(data));
    }

    /** Writes the bytes remaining in {@code src} directly. */
    @Override
    public void send(ByteBuffer src) {
        if (!channel.isOpen()) {
            throw new ClosedResourceError("this file stream is closed");
        }
        ResourceGuard.Use use = writing.use(); // BusyResourceError if another task writes
        try {
            ToThread.runSync(() -> {
                while (src.hasRemaining()) {
                    channel.write(src);
                }
            });
        } catch (ClosedChannelException e) {
            throw new ClosedResourceError("this file stream is closed");
        } catch (IOException e) {
            throw new BrokenResourceError("writing the file failed: " + e.getMessage(), e);
        } finally {
            use.close();
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
        return "FileWriteStream[" + (path != null ? path : channel) + "]";
    }
}
