package io.weft.internal.process;

import io.weft.BrokenResourceError;
import io.weft.BusyResourceError;
import io.weft.ClosedResourceError;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import io.weft.internal.Waiter;
import io.weft.internal.thread.WorkerPool;
import io.weft.stream.ByteSendStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A child's standard input as a Weft byte stream: each send is written to the JDK's blocking pipe
 * by a job on one of the runtime's process threads, while the sending task waits in a Weft wait.
 *
 * <p><b>State</b> (under this object's monitor): the bytes of the send in flight and how many are
 * written, {@code writing} (a job owns the pipe), {@code stop} (the sender gave up), {@code closed}
 * and {@code broken}, and the task waiting for the job. The job writes 64 KiB at a time and checks
 * {@code stop} between writes, so a cancelled send stops after the write in progress: what the
 * child received is a prefix of the data, as the {@link ByteSendStream} contract allows, and the
 * pipe stays usable. A send that finds an abandoned write still in progress waits for it first.
 *
 * <p><b>Only one thread touches the pipe at a time</b>: the job while {@code writing}, otherwise
 * the task that closes the stream. A close during a write is left to the job, which closes the pipe
 * when its write returns; so a descriptor is never closed under a thread about to use it.
 */
public final class PipeWriter implements ByteSendStream, WorkerPool.Job {
    private static final int CHUNK = 65536;

    private final OutputStream out;
    private final WorkerPool pool;
    private final String name;

    // Guarded by this.
    private byte[] data;
    private int written;
    private boolean writing;
    private boolean stop;
    private boolean closeAfter; // close the pipe when the data is written (run's input)
    private boolean closed;
    private boolean sending; // a task is in send()
    private IOException error;
    private Waiter sender; // the sending task, waiting for the job (or for an old job to end)

    /** A writer of {@code out} whose writes run on {@code pool}, named {@code name} in messages. */
    public PipeWriter(OutputStream out, WorkerPool pool, String name) {
        this.out = out;
        this.pool = pool;
        this.name = name;
    }

    // ---------------------------------------------------------------- tasks

    @Override
    public void send(byte[] data) {
        java.util.Objects.requireNonNull(data, "data is null: pass the bytes to send");
        Task t = Task.current();
        t.checkpoint();
        synchronized (this) {
            checkUsable();
            if (sending) {
                throw new BusyResourceError("sending to " + name);
            }
            sending = true;
        }
        try {
            // An abandoned write may still own the pipe: wait for it (nothing of data is sent).
            Waiter w;
            for (; ; ) {
                w = new Waiter(t, true);
                synchronized (this) {
                    checkUsable();
                    sender = w; // woken by the job in flight, or by the one started below
                    if (!writing) {
                        if (data.length == 0) {
                            sender = null;
                            return;
                        }
                        this.data = data;
                        written = 0;
                        stop = false;
                        writing = true;
                        break;
                    }
                }
                await(t, w, false);
            }
            try {
                pool.execute(this);
            } catch (RuntimeException e) {
                synchronized (this) {
                    writing = false;
                    sender = null;
                    this.data = null;
                }
                throw e;
            }
            await(t, w, true);
        } finally {
            synchronized (this) {
                sending = false;
            }
        }
    }

    /**
     * Writes {@code input} in the background and then closes the pipe, ignoring a pipe the child
     * closed first (what {@code run} does with its input, as Python's {@code communicate}).
     */
    public void feedThenClose(byte[] input) {
        synchronized (this) {
            data = input;
            written = 0;
            writing = true;
            closeAfter = true;
        }
        pool.execute(this);
    }

    /** Waits (a Weft wait, cancellable if {@code cancellable}) until no write is in progress. */
    public void awaitIdle(Task t, boolean cancellable) {
        for (; ; ) {
            Waiter w = new Waiter(t, cancellable);
            synchronized (this) {
                if (!writing) {
                    return;
                }
                sender = w;
            }
            await(t, w, false);
        }
    }

    // Under the monitor.
    private void checkUsable() {
        if (closed) {
            throw new ClosedResourceError(name + " was closed");
        }
        if (error != null) {
            throw broken();
        }
    }

    private BrokenResourceError broken() {
        return new BrokenResourceError(
                name
                        + " is broken: the process has exited or closed it ("
                        + error.getMessage()
                        + ")",
                error);
    }

    private void await(Task t, Waiter w, boolean inFlight) {
        int kind = w.await(this);
        synchronized (this) {
            if (sender == w) {
                sender = null;
            }
            if (kind == Waiter.CANCELLED && inFlight) {
                stop = true; // the job stops after the write in progress
            }
        }
        if (kind == Waiter.CANCELLED) {
            throw t.cancelledNow();
        }
        if (kind == Waiter.FAILED) {
            throw Secrets.sneakyThrow(w.failure());
        }
    }

    // ---------------------------------------------------------------- the job

    @Override
    public void run() {
        for (; ; ) {
            byte[] d;
            int off;
            int n;
            synchronized (this) {
                if (stop || (closed && !closeAfter) || data == null) {
                    break;
                }
                d = data;
                off = written;
                n = Math.min(CHUNK, d.length - off);
                if (n == 0) {
                    break;
                }
            }
            try {
                out.write(d, off, n);
                out.flush();
            } catch (IOException e) {
                synchronized (this) {
                    if (!closeAfter) {
                        error = e;
                    }
                }
                break;
            }
            synchronized (this) {
                written += n;
            }
        }
        boolean closeNow;
        synchronized (this) {
            closeNow = closed || closeAfter;
            closed |= closeAfter;
        }
        if (closeNow) {
            closePipe();
        }
    }

    @Override
    public void done() {
        Waiter w;
        IOException e;
        boolean closedBySender;
        synchronized (this) {
            writing = false;
            data = null;
            w = sender;
            sender = null;
            e = error;
            closedBySender = closed && !closeAfter;
        }
        if (w == null) {
            return;
        }
        if (e != null) {
            w.tryFail(broken());
        } else if (closedBySender) {
            w.tryFail(new ClosedResourceError(name + " was closed"));
        } else {
            w.tryResume(null);
        }
    }

    @Override
    public synchronized boolean abandoned() {
        return closed || stop;
    }

    /**
     * Closes the stream: a task waiting in {@code send} gets {@link ClosedResourceError}, and the
     * pipe is closed (by the write in progress, if there is one, when it returns). Idempotent.
     */
    @Override
    public void close() {
        Waiter w;
        boolean closeNow;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = sender;
            sender = null;
            closeNow = !writing;
        }
        if (w != null) {
            w.tryFail(new ClosedResourceError(name + " was closed"));
        }
        if (closeNow) {
            closePipe();
        }
    }

    private void closePipe() {
        try {
            out.close();
        } catch (IOException ignored) {
            // The child has gone (broken pipe while flushing): the pipe is closed all the same.
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
