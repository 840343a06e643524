package io.weft.internal.file;

import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.internal.Task;
import io.weft.sync.CapacityLimiter;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An open file (or any seekable channel) whose every operation runs in a {@code ToThread} worker
 * under a limiter, the one implementation behind {@code AsyncFile}, {@code FileReadStream} and
 * {@code FileWriteStream}.
 *
 * <p><b>Why a worker, and never an interrupt.</b> An interrupt closes a {@link FileChannel} (an
 * {@code InterruptibleChannel}): a cancelled task reading a file itself would lose the handle. The
 * operations run in the runtime's worker threads, which Weft never interrupts; {@code ToThread}'s
 * default wait is shielded (the caller waits for the operation in flight and meets the cancellation
 * at its next checkpoint), so the channel and its position always reflect exactly the operations
 * that completed.
 *
 * <p><b>One operation at a time.</b> Each operation holds {@link #lock} in its worker, so two tasks
 * sharing a handle see whole operations, as Python's buffered files lock. {@link #close} does not
 * wait for that lock: closing the channel wakes an operation blocked in it (a FIFO), which then
 * reports {@link ClosedResourceError}.
 */
public final class FileHandle {
    /** An operation on the channel, run in a worker thread. */
    @FunctionalInterface
    public interface IoOp<T> {
        /** Runs the operation. */
        T apply(SeekableByteChannel channel) throws IOException;
    }

    private final SeekableByteChannel channel;
    private final CapacityLimiter limiter; // null: the runtime's default thread limiter
    private final ToThreadOptions options;
    private final Path path; // null if wrapped
    private final boolean regularFile;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FileHandle(
            SeekableByteChannel channel, Path path, boolean regularFile, CapacityLimiter limiter) {
        this.channel = channel;
        this.path = path;
        this.regularFile = regularFile;
        this.limiter = limiter;
        this.options = ToThreadOptions.defaults().limiter(limiter);
    }

    /**
     * Opens {@code path} with {@code options} in a worker thread. A directory is refused with the
     * JDK's own {@link FileSystemException} ("Is a directory"), as Python's {@code open} refuses it
     * (the JDK opens a directory for reading on Linux and fails only at the first read). A
     * checkpoint; a cancellation during the open waits for it and closes nothing that was opened.
     */
    public static FileHandle open(
            Path path, Set<? extends OpenOption> options, CapacityLimiter limiter)
            throws IOException {
        Opened o =
                ToThread.runSync(
                        ToThreadOptions.defaults().limiter(limiter),
                        () -> {
                            FileChannel c = FileChannel.open(path, options);
                            try {
                                if (Files.isDirectory(path)) {
                                    throw new FileSystemException(
                                            path.toString(), null, "Is a directory");
                                }
                            } catch (IOException | RuntimeException e) {
                                c.close();
                                throw e;
                            }
                            return new Opened(c, Files.isRegularFile(path));
                        });
        return new FileHandle(o.channel(), path, o.regularFile(), limiter);
    }

    private record Opened(FileChannel channel, boolean regularFile) {}

    /** A handle over an already open {@code channel}; closing the handle closes it. */
    public static FileHandle wrap(SeekableByteChannel channel, CapacityLimiter limiter) {
        return new FileHandle(channel, null, false, limiter);
    }

    /** Whether the handle was opened on a regular file (false for a wrapped channel). */
    public boolean isRegularFile() {
        return regularFile;
    }

    /** The channel (AnyIO's {@code wrapped}). */
    public SeekableByteChannel channel() {
        return channel;
    }

    /** The path the file was opened at, or null if a channel was wrapped. */
    public Path path() {
        return path;
    }

    /** The limiter operations run under: the given one, or the runtime's default thread limiter. */
    public CapacityLimiter limiter() {
        return limiter != null ? limiter : ToThread.currentDefaultThreadLimiter();
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Runs {@code op} in a worker thread under the limiter and this handle's lock, and returns its
     * result. A checkpoint: a caller already cancelled throws {@code Cancelled} before anything
     * runs; once the operation runs, a cancellation waits for it and meets the caller at its next
     * checkpoint.
     *
     * @throws ClosedResourceError if the handle was closed, also while the operation waited or ran
     * @throws IOException what the operation threw
     */
    public <T> T call(IoOp<T> op) throws IOException {
        ensureOpen();
        try {
            return ToThread.runSync(
                    options,
                    () -> {
                        lock.lock();
                        try {
                            return op.apply(channel);
                        } finally {
                            lock.unlock();
                        }
                    });
        } catch (ClosedChannelException e) {
            ClosedResourceError c = new ClosedResourceError("this file is closed");
            c.initCause(e);
            throw c;
        }
    }

    /**
     * Runs {@code op}, which must not do I/O (it serves a read from memory), in the calling thread
     * under the handle's lock and returns its result; null if an operation holds the lock or {@code
     * op} returned null (then the caller takes the worker path). Not a checkpoint.
     *
     * @throws ClosedResourceError if the handle was closed
     */
    public <T> T tryInCaller(Supplier<T> op) {
        ensureOpen();
        if (!lock.tryLock()) {
            return null;
        }
        try {
            return op.get();
        } finally {
            lock.unlock();
        }
    }

    /** Throws {@link ClosedResourceError} if the handle was closed. Not a checkpoint. */
    public void ensureOpen() {
        if (closed.get() || !channel.isOpen()) {
            throw new ClosedResourceError("this file is closed");
        }
    }

    /** The channel's position, read in the calling thread. Not a checkpoint. */
    public long positionNow() throws IOException {
        ensureOpen();
        try {
            return channel.position();
        } catch (ClosedChannelException e) {
            throw new ClosedResourceError("this file is closed");
        }
    }

    /**
     * Closes the channel, first running {@code beforeClose} (which may write) unless an operation
     * is in flight. In a Weft task it runs in a worker thread inside a shielded scope: it is always
     * done, also when the caller is cancelled, and the cancellation meets the caller at its next
     * checkpoint. Idempotent: only the first call does anything.
     *
     * @throws IOException if {@code beforeClose} or closing failed (the channel is closed anyway)
     */
    public void close(IoOp<Void> beforeClose) throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        IoOp<Void> doClose =
                ch -> {
                    try {
                        if (beforeClose != null && lock.tryLock()) {
                            try {
                                beforeClose.apply(ch);
                            } finally {
                                lock.unlock();
                            }
                        }
                    } finally {
                        ch.close();
                    }
                    return null;
                };
        if (Task.currentOrNull() == null) {
            doClose.apply(channel); // a worker or a thread outside any runtime
        } else {
            CancelScope.shielded()
                    .run(() -> {
                        ToThread.runSync(options, () -> doClose.apply(channel));
                    });
        }
    }

    @Override
    public String toString() {
        return path != null ? path.toString() : channel.toString();
    }
}
