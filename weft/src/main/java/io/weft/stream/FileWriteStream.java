package io.weft.stream;

import io.weft.BrokenResourceError;
import io.weft.ClosedResourceError;
import io.weft.internal.file.FileHandle;
import io.weft.sync.ResourceGuard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A byte stream that writes a file (AnyIO's {@code FileWriteStream}). Writes run where no interrupt
 * reaches them, as {@link FileReadStream}'s reads do; a write that has started is completed (all
 * its bytes written) before a cancellation meets the task. One task writes at a time: a second gets
 * {@link io.weft.BusyResourceError}.
 */
public final class FileWriteStream implements ByteSendStream {
    private final FileHandle handle;
    private final ResourceGuard writing = new ResourceGuard("writing to");

    private FileWriteStream(FileHandle handle) {
        this.handle = handle;
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
        return new FileWriteStream(
                FileHandle.open(
                        path,
                        Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, mode),
                        null));
    }

    /**
     * A stream over {@code channel}, which must be open for writing; closing it closes the channel.
     */
    public static FileWriteStream of(FileChannel channel) {
        return new FileWriteStream(
                FileHandle.wrap(Objects.requireNonNull(channel, "channel"), null));
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
        handle.ensureOpen();
        ResourceGuard.Use use = writing.use(); // BusyResourceError if another task writes
        try {
            handle.call(ch -> {
                while (src.hasRemaining()) {
                    ch.write(src);
                }
                return null;
            });
        } catch (IOException e) {
            throw new BrokenResourceError("writing the file failed: " + e.getMessage(), e);
        } finally {
            use.close();
        }
    }

    /**
     * Closes the file, also when the task is cancelled (the close is shielded; the cancellation is
     * delivered at the next checkpoint). Idempotent.
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
        return "FileWriteStream[" + handle + "]";
    }
}
