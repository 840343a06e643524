package io.weft.internal.file;

import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.internal.Task;
import io.weft.internal.net.ChannelIo;
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

/**
 * An open file (or any seekable channel) whose every operation runs under a limiter where no
 * interrupt reaches it: the one implementation behind {@code AsyncFile}, {@code FileReadStream} and
 * {@code FileWriteStream}.
 *
 * <p><b>Why never an interrupt.</b> An interrupt closes a {@link FileChannel} (an {@code
 * InterruptibleChannel}), and Weft's cancellation interrupts a task that runs outside a Weft wait
 * (ADR 0005): a cancelled task reading a file itself would lose the handle. So an operation runs
 * either
 *
 * <ul>
 *   <li><b>in the calling task</b>, for a file opened on a regular file: a token of the limiter is
 *       borrowed (a checkpoint, and a cancellable wait if none is free), then the operation runs in
 *       the task's {@linkplain Task#withoutInterrupts no-interrupt section}, where a cancellation
 *       is recorded but no interrupt is delivered. A read or write of a regular file never waits
 *       for another party, so running it in place costs what a plain {@code FileChannel} call
 *       costs, without a hand-off to a worker thread and back (about 55 µs here, ADR 0016); or
 *   <li><b>in a {@code ToThread} worker</b>, for a wrapped channel, a FIFO or a device, whose
 *       operation may wait indefinitely for a writer or reader: Weft never interrupts a worker, and
 *       {@code ToThread}'s default wait is shielded.
 * </ul>
 *
 * <p>Either way the caller meets a cancellation at its next checkpoint, after the operation, so the
 * channel and its position always reflect exactly the operations that completed.
 *
 * <p><b>One operation at a time.</b> Each operation holds {@link #lock} while it runs, so two tasks
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
     * Runs {@code op} under the limiter and this handle's lock, where no interrupt reaches it (in
     * the calling task for a regular file, else in a worker thread), and returns its result. A
     * checkpoint: a caller already cancelled throws {@code Cancelled} before anything runs; once
     * the operation runs, a cancellation waits for it and meets the caller at its next checkpoint.
     *
     * @throws ClosedResourceError if the handle was closed, also while the operation waited or ran
     * @throws IOException what the operation threw
     */
    public <T> T call(IoOp<T> op) throws IOException {
        ensureOpen();
        Task t = regularFile ? Task.currentOrNull() : null;
        try {
            return t != null ? callInTask(t, op) : ToThread.runSync(options, () -> locked(op));
        } catch (ClosedChannelException e) {
            ClosedResourceError c = new ClosedResourceError("this file is closed");
            c.initCause(e);
            throw c;
        }
    }

    private <T> T callInTask(Task t, IoOp<T> op) throws IOException {
        CapacityLimiter l = limiter();
        // A borrower per operation, as ToThread borrows per call: the task may hold a token of the
        // same limiter itself, and two tasks sharing the handle must not share a borrower.
        Object borrower = new Object();
        l.acquireOnBehalfOf(borrower);
        try {
            return ChannelIo.callRaw(t, () -> locked(op));
        } finally {
            l.releaseOnBehalfOf(borrower);
        }
    }

    private <T> T locked(IoOp<T> op) throws IOException {
        lock.lock();
        try {
            return op.apply(channel);
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
     * is in flight. In a Weft task it runs where no interrupt reaches it: in the task for a regular
     * file, else in a worker thread inside a shielded scope. It is always done, also when the
     * caller is cancelled, and the cancellation meets the caller at its next checkpoint.
     * Idempotent: only the first call does anything.
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
        Task t = Task.currentOrNull();
        if (t == null || regularFile) {
            // Outside any runtime (or in a worker) it just runs; a regular file closes in the task,
            // where nothing in it is a checkpoint, so no cancellation can cut it short.
            ChannelIo.callRaw(t, () -> doClose.apply(channel));
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
