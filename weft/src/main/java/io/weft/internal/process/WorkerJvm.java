package io.weft.internal.process;

import io.weft.BrokenResourceError;
import io.weft.BrokenWorkerProcess;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.internal.Task;
import io.weft.process.ProcessOptions;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One worker JVM, seen from its runtime: the child process, and the two halves of the protocol
 * ({@link Frames}) on its pipes, which the runtime's process threads pump while the task waits in
 * Weft waits.
 *
 * <p>Its standard error is drained all the time, keeping only the last {@value #STDERR_TAIL} bytes:
 * nothing reads it while the worker is healthy, a worker that floods it never blocks, and the tail
 * explains a worker that died (a JVM that could not start, an uncaught error, a crash report).
 */
final class WorkerJvm {
    private static final int STDERR_TAIL = 8192;
    private static final int MESSAGE_TAIL_CHARS = 1000;
    private static final int FIRST_CHUNK = 1 << 20;

    /** Pipes for all three streams: the protocol uses two, the third is drained. */
    private static final ProcessOptions PIPES = ProcessOptions.defaults();

    final ChildProcess child;

    /** When it last became idle, on the runtime's clock; guarded by its pool. */
    long idleSince;

    private WorkerJvm(ChildProcess child) {
        this.child = child;
    }

    /** The worker's process id. */
    long pid() {
        return child.pid();
    }

    /** Whether the runtime has seen the worker exit. */
    boolean exited() {
        return child.returnCode() != null;
    }

    /**
     * Starts a worker and waits for its READY, a cancellable wait bounded by {@code
     * settings.startTimeout()} of real time. If this throws, no worker is left running.
     *
     * @throws BrokenWorkerProcess if the worker cannot be started, dies, does not answer in time,
     *     or answers something other than READY
     * @throws io.weft.Cancelled if the task was cancelled (the new worker was killed)
     */
    static WorkerJvm start(Task t, WorkerSettings settings) {
        ChildProcess c;
        try {
            c = ChildProcess.open(t, settings.command(), PIPES);
        } catch (IOException e) {
            throw new BrokenWorkerProcess(
                    "could not start a worker JVM with " + settings.command().get(0) + ": " + e, e);
        }
        c.stderr().keepTail();
        // A process the function started may have inherited the worker's standard output and
        // keep it open after the worker died: its end would never come, and a shielded caller
        // would wait for it forever. The worker's exit ends the wait instead.
        PipeReader out = c.stdout();
        c.process().onExit().thenRun(out::close);
        WorkerJvm w = new WorkerJvm(c);
        StartDeadline deadline = new StartDeadline(c, settings.startTimeout());
        Frames.Frame hello;
        try {
            ProcessTable.of(t.runtime).pool.execute(deadline);
            hello = w.receive();
        } catch (Gone g) {
            if (deadline.finish()) {
                throw w.tooLate(t, settings);
            }
            throw w.broken(t, "while starting", g);
        } catch (Throwable e) {
            deadline.finish();
            w.killAndReap(t);
            throw e;
        }
        if (deadline.finish()) {
            throw w.tooLate(t, settings); // it answered, but was killed for answering late
        }
        byte[] said = hello.payload();
        if (hello.type() != Frames.READY
                || !Frames.PROTOCOL.equals(new String(said, StandardCharsets.UTF_8))) {
            w.killAndReap(t);
            throw new BrokenWorkerProcess(
                    "worker process "
                            + w.pid()
                            + " did not start as a Weft worker (it answered "
                            + Frames.printable(Arrays.copyOf(said, Math.min(said.length, 40)))
                            + " instead of '"
                            + Frames.PROTOCOL
                            + "'), and was killed"
                            + w.stderrTail());
        }
        return w;
    }

    private BrokenWorkerProcess tooLate(Task t, WorkerSettings settings) {
        killAndReap(t);
        return new BrokenWorkerProcess(
                "worker process "
                        + pid()
                        + " did not answer within "
                        + BigDecimal.valueOf(settings.startTimeout().toMillis(), 3)
                                .stripTrailingZeros()
                                .toPlainString()
                        + " s of its start, and was killed"
                        + stderrTail());
    }

    /**
     * Sends the CALL frame {@code frame} and returns the worker's answer.
     *
     * @throws Gone if the worker died or broke the protocol ({@link Gone.Kind#UNSENT} if the frame
     *     could not even be written: the worker was already gone, and never saw the call)
     * @throws io.weft.Cancelled if the task was cancelled (the caller must then kill the worker)
     */
    Frames.Frame call(Task t, byte[] frame) throws Gone {
        try {
            child.stdin().send(frame);
        } catch (BrokenResourceError | ClosedResourceError e) {
            throw new Gone(Gone.Kind.UNSENT, "its standard input was closed", e);
        }
        return receive();
    }

    /** Reads one frame from the worker's standard output. */
    private Frames.Frame receive() throws Gone {
        PipeReader out = child.stdout();
        byte[] header = new byte[Frames.HEADER];
        fill(out, ByteBuffer.wrap(header));
        int length;
        try {
            length = Frames.payloadLength(header);
        } catch (IOException e) {
            throw new Gone(Gone.Kind.PROTOCOL, e.getMessage(), e);
        }
        // Grown as bytes arrive, so a corrupt length cannot allocate more than was sent.
        byte[] payload = new byte[Math.min(length, FIRST_CHUNK)];
        int have = 0;
        while (have < length) {
            if (have == payload.length) {
                payload = Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
            }
            ByteBuffer b = ByteBuffer.wrap(payload, have, payload.length - have);
            fill(out, b);
            have = payload.length;
        }
        return new Frames.Frame(header[2], payload);
    }

    private static void fill(PipeReader in, ByteBuffer b) throws Gone {
        try {
            while (b.hasRemaining()) {
                in.receive(b);
            }
        } catch (EndOfStream e) {
            throw new Gone(Gone.Kind.DIED, "its standard output ended", null);
        } catch (ClosedResourceError e) {
            throw new Gone(Gone.Kind.DIED, "it exited", null); // see start()
        } catch (BrokenResourceError e) {
            throw new Gone(
                    Gone.Kind.DIED, "reading its standard output failed: " + e.getMessage(), e);
        }
    }

    /** Kills the worker and waits for it, shielded; forgets it in the process table. Idempotent. */
    void killAndReap(Task t) {
        child.killAndReap(t);
    }

    /**
     * Kills and reaps the worker (one that broke the protocol must not be used again), then returns
     * the exception that says what happened {@code when} ("while starting", "during the call"): how
     * it ended, and the end of its standard error.
     */
    BrokenWorkerProcess broken(Task t, String when, Gone why) {
        Integer before = child.returnCode();
        killAndReap(t);
        String how;
        if (why.kind == Gone.Kind.PROTOCOL) {
            how = "broke the protocol " + when + " (" + why.getMessage() + "), and was killed";
        } else {
            Integer code = before != null ? before : child.returnCode();
            how = "died " + when + " (" + why.getMessage() + "): " + exit(code);
        }
        return new BrokenWorkerProcess(
                "worker process " + pid() + " " + how + stderrTail(), why.getCause());
    }

    private static String exit(Integer code) {
        if (code == null) {
            return "it was killed";
        }
        if (code > 128 && code < 128 + 65) {
            int signal = code - 128;
            return "it was ended by signal "
                    + signal
                    + switch (signal) {
                        case 9 -> " (SIGKILL)";
                        case 15 -> " (SIGTERM)";
                        case 6 -> " (SIGABRT)";
                        case 11 -> " (SIGSEGV)";
                        default -> "";
                    };
        }
        return "it exited with status " + code;
    }

    /** "; its standard error ended with: ..." or "" if it wrote nothing we have seen. */
    String stderrTail() {
        String text = new String(child.stderr().tail(), StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "";
        }
        if (text.length() > MESSAGE_TAIL_CHARS) {
            text = "..." + text.substring(text.length() - MESSAGE_TAIL_CHARS);
        }
        return "; its standard error ended with:\n" + text;
    }

    @Override
    public String toString() {
        return "worker JVM " + pid();
    }

    /** The worker cannot carry on: it died, or broke the protocol. No stack trace: a message. */
    static final class Gone extends Exception {
        private static final long serialVersionUID = 1L;

        /** What went wrong. */
        enum Kind {
            /** The CALL frame could not be written: the worker was gone and never saw the call. */
            UNSENT,
            /** Its output ended or failed: it died (or closed it). */
            DIED,
            /** It is alive but sent something that is not a frame. */
            PROTOCOL
        }

        final Kind kind;

        Gone(Kind kind, String message, Throwable cause) {
            super(message, cause, false, false);
            this.kind = kind;
        }
    }
}
