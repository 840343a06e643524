package io.weft.internal.process;

import io.weft.BrokenResourceError;
import io.weft.BusyResourceError;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.internal.Waiter;
import io.weft.internal.thread.WorkerPool;
import io.weft.stream.ByteReceiveStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A child's standard output or error as a Weft byte stream: a <em>pump</em>, a job on one of the
 * runtime's process threads (platform threads), reads the JDK's blocking pipe into a bounded
 * buffer, and tasks take bytes from the buffer in Weft waits.
 *
 * <p><b>Why a pump.</b> A task blocked in a JDK pipe read would hold its carrier thread (the JDK
 * adds carriers for such reads only up to a limit), and interrupting or closing the read would
 * destroy the pipe. The pump blocks instead, on a thread that is not a carrier, and the task's wait
 * is an ordinary Weft wait: a cancellation ends it at once and consumes nothing (ADR 0012).
 *
 * <p><b>State</b> (under this object's monitor): the buffered chunks, their byte count, the end of
 * the stream or the read error, {@code closed}, and the one task waiting ({@code reader}). The pump
 * appends a chunk and takes the published waiter in one critical section, a receiving task checks
 * the buffer and publishes its waiter in another, so a chunk either is seen by the check or wakes
 * the waiter; the waiter's CAS decides a race with a cancellation, and a chunk that wakes nobody
 * simply stays buffered. The pump stops reading while {@code limit} bytes are buffered, so the
 * child feels back-pressure as it would from a full pipe.
 *
 * <p><b>Only the pump touches the pipe.</b> Closing the JDK stream while another thread may be
 * about to read it could make that read use a descriptor number the OS has already given to a new
 * file. So {@link #close()} only marks the stream closed and wakes the pump; the pump closes the
 * pipe when it next looks: at once if it was waiting for room, when its read returns otherwise (new
 * output, or the end of the stream when the child exits).
 */
public final class PipeReader implements ByteReceiveStream, WorkerPool.Job {
    private static final int FIRST_READ = 8192;
    private static final int MAX_READ = 65536;
    private static final int SPARE_ARRAYS = 4;

    /** Bytes the pump read: {@code bytes[0, length)}, of which the first {@code head} are taken. */
    private static final class Chunk {
        final byte[] bytes;
        final int length;
        int head;

        Chunk(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }
    }

    private final InputStream in;
    private final long limit;
    private final String name;

    // Guarded by this.
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    // Arrays of the pump's current read size whose bytes were copied out: the pump reads into
    // them again instead of allocating (a stream of 100 MiB allocates a few arrays, not 1,600).
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>(SPARE_ARRAYS);
    private int readSize = FIRST_READ;
    private Runnable onEnd; // told when the pump has seen the end of the stream
    private long buffered;
    private boolean eof;
    private IOException error;
    private boolean closed;
    private boolean pumpDone;
    private Waiter reader;
    private boolean readerWantsEnd; // the waiting reader wants only the end (readAll)
    private boolean keepTail; // drop the oldest bytes instead of waiting for room (keepTail())

    /**
     * A reader of {@code in}, named {@code name} in messages ("the standard output of process 7"),
     * whose pump stops reading while {@code limit} bytes are buffered ({@code Long.MAX_VALUE}:
     * collect everything).
     */
    public PipeReader(InputStream in, long limit, String name) {
        this.in = in;
        this.limit = limit;
        this.name = name;
    }

    // ---------------------------------------------------------------- the pump

    @Override
    public void run() {
        try {
            for (; ; ) {
                byte[] buf;
                synchronized (this) {
                    while (!closed && !keepTail && buffered >= limit) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                    buf = spare.pollFirst();
                }
                if (buf == null) {
                    buf = new byte[readSize];
                }
                int n;
                try {
                    n = in.read(buf, 0, buf.length);
                } catch (IOException e) {
                    ended(e);
                    return;
                }
                if (n < 0) {
                    ended(null);
                    return;
                }
                Waiter w = null;
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    if (n == buf.length && readSize < MAX_READ) {
                        readSize *= 2; // a busy pipe: read more per call
                        spare.clear();
                    }
                    chunks.addLast(new Chunk(buf, n));
                    buffered += n;
                    if (keepTail) {
                        dropOldest();
                    }
                    if (reader != null && !readerWantsEnd) {
                        w = reader;
                        reader = null;
                    }
                }
                if (w != null) {
                    w.tryResume(null);
                }
            }
        } catch (InterruptedException e) {
            // A process thread is interrupted only if the runtime is torn down: stop reading.
        } finally {
            synchronized (this) {
                pumpDone = true;
            }
            try {
                in.close();
            } catch (IOException ignored) {
                // Closing a pipe's read end reports nothing worth acting on.
            }
        }
    }

    /**
     * Has {@code action} run on the pump's thread when the pump sees the end of the stream (the
     * child usually has exited then). Call before the pump starts.
     */
    public void onEnd(Runnable action) {
        onEnd = action;
    }

    private void ended(IOException e) {
        Waiter w;
        synchronized (this) {
            eof = true;
            if (!closed && e != null) {
                error = e;
            }
            w = reader;
            reader = null;
        }
        if (w != null) {
            w.tryResume(null);
        }
        Runnable r = onEnd;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void done() {}

    @Override
    public synchronized boolean abandoned() {
        // Closed: the pump ends when its read returns, which a process that still holds the pipe
        // may delay indefinitely; nothing should wait for it.
        return closed;
    }

    // ---------------------------------------------------------------- tasks

    @Override
    public byte[] receive(int maxBytes) {
        ByteReceiveStream.checkMaxBytes(maxBytes);
        Task t = Task.current();
        t.checkpoint();
        for (; ; ) {
            Waiter w = new Waiter(t, true).spinFirst();
            synchronized (this) {
                if (available(w, false)) {
                    return take(maxBytes);
                }
            }
            park(t, w);
        }
    }

    @Override
    public int receive(ByteBuffer dst) {
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("the buffer has no room (remaining() == 0)");
        }
        Task t = Task.current();
        t.checkpoint();
        for (; ; ) {
            Waiter w = new Waiter(t, true).spinFirst();
            synchronized (this) {
                if (available(w, false)) {
                    int n = 0;
                    while (dst.hasRemaining() && !chunks.isEmpty()) {
                        Chunk c = chunks.peekFirst();
                        int k = Math.min(dst.remaining(), c.length - c.head);
                        dst.put(c.bytes, c.head, k);
                        consumed(c, k, true);
                        n += k;
                    }
                    return n;
                }
            }
            park(t, w);
        }
    }

    /**
     * Waits for the end of the stream and returns every byte buffered (for {@code run}, whose
     * reader collects everything). A Weft wait that is cancellable if {@code cancellable}.
     *
     * @throws BrokenResourceError if reading the pipe failed
     */
    public byte[] readAll(Task t, boolean cancellable) {
        for (; ; ) {
            Waiter w = new Waiter(t, cancellable);
            synchronized (this) {
                if (closed) {
                    throw new ClosedResourceError(name + " was closed");
                }
                if (error != null) {
                    throw broken();
                }
                if (eof) {
                    byte[] all = new byte[Math.toIntExact(buffered)];
                    int at = 0;
                    for (Chunk c : chunks) {
                        System.arraycopy(c.bytes, 0, all, at, c.length);
                        at += c.length;
                    }
                    chunks.clear();
                    buffered = 0;
                    return all;
                }
                if (reader != null) {
                    throw new BusyResourceError("reading from " + name);
                }
                reader = w;
                readerWantsEnd = true;
            }
            park(t, w);
        }
    }

    // Under the monitor: true if bytes can be taken now; throws if the stream is over, closed or
    // busy; otherwise publishes w and returns false.
    private boolean available(Waiter w, boolean wantEnd) {
        if (closed) {
            throw new ClosedResourceError(name + " was closed");
        }
        if (!chunks.isEmpty()) {
            return true;
        }
        if (error != null) {
            throw broken();
        }
        if (eof) {
            throw new EndOfStream("the process closed " + name);
        }
        if (reader != null) {
            throw new BusyResourceError("reading from " + name);
        }
        reader = w;
        readerWantsEnd = wantEnd;
        return false;
    }

    private void park(Task t, Waiter w) {
        int kind = w.await(this);
        synchronized (this) {
            if (reader == w) {
                reader = null;
            }
        }
        if (kind == Waiter.CANCELLED) {
            throw t.cancelledNow();
        }
        if (kind == Waiter.FAILED) {
            throw Secrets.sneakyThrow(w.failure());
        }
    }

    // Under the monitor, with chunks not empty.
    private byte[] take(int maxBytes) {
        Chunk first = chunks.peekFirst();
        if (first.head == 0
                && first.length == first.bytes.length
                && first.length <= maxBytes
                && (chunks.size() == 1 || first.length == maxBytes)) {
            consumed(first, first.length, false);
            return first.bytes; // the pump's own array, handed over: no copy
        }
        byte[] out = new byte[(int) Math.min(maxBytes, buffered)];
        int at = 0;
        while (at < out.length) {
            Chunk c = chunks.peekFirst();
            int k = Math.min(out.length - at, c.length - c.head);
            System.arraycopy(c.bytes, c.head, out, at, k);
            consumed(c, k, true);
            at += k;
        }
        return out;
    }

    // Under the monitor: k bytes of the first chunk c were taken; its array may be read into
    // again if they were copied out (reuse).
    private void consumed(Chunk c, int k, boolean reuse) {
        boolean wasFull = buffered >= limit;
        c.head += k;
        buffered -= k;
        if (c.head == c.length) {
            chunks.pollFirst();
            if (reuse && c.bytes.length == readSize && spare.size() < SPARE_ARRAYS) {
                spare.addLast(c.bytes);
            }
        }
        if (wasFull && buffered < limit) {
            notifyAll(); // the pump waits for room
        }
    }

    // Under the monitor: drops whole chunks from the front while the rest still holds the limit.
    private void dropOldest() {
        while (chunks.size() > 1) {
            Chunk first = chunks.peekFirst();
            int left = first.length - first.head;
            if (buffered - left < limit) {
                return;
            }
            chunks.pollFirst();
            buffered -= left;
        }
    }

    /**
     * Makes the pump keep only about the last {@code limit} bytes, dropping the oldest instead of
     * waiting for room: for a worker JVM's standard error, which nobody reads while the worker is
     * healthy but whose end explains why it died ({@link #tail()}). Nothing may receive from the
     * stream afterwards.
     */
    synchronized void keepTail() {
        keepTail = true;
        dropOldest();
        notifyAll(); // the pump may be waiting for room
    }

    /** A copy of the bytes buffered now, without consuming them (for {@link #keepTail()}). */
    synchronized byte[] tail() {
        byte[] all = new byte[Math.toIntExact(buffered)];
        int at = 0;
        for (Chunk c : chunks) {
            System.arraycopy(c.bytes, c.head, all, at, c.length - c.head);
            at += c.length - c.head;
        }
        return all;
    }

    private BrokenResourceError broken() {
        return new BrokenResourceError("reading " + name + " failed: " + error.getMessage(), error);
    }

    /**
     * Closes the stream: a task waiting in it gets {@link ClosedResourceError}, later calls too,
     * and the pump closes the pipe as soon as it is not reading it. Idempotent.
     */
    @Override
    public void close() {
        Waiter w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            chunks.clear();
            spare.clear();
            buffered = 0;
            w = reader;
            reader = null;
            notifyAll();
        }
        if (w != null) {
            w.tryFail(new ClosedResourceError(name + " was closed"));
        }
    }

    /** Whether the pump has ended (the pipe is closed); for tests of leaks. */
    public synchronized boolean pumpDone() {
        return pumpDone;
    }

    @Override
    public String toString() {
        return name;
    }
}
