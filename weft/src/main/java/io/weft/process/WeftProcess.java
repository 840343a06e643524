package io.weft.process;

import io.weft.internal.Task;
import io.weft.internal.process.ChildProcess;
import io.weft.stream.ByteReceiveStream;
import io.weft.stream.ByteSendStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A running child process started by {@link Processes#open} (AnyIO's {@code Process}): its piped
 * standard streams as Weft byte streams, its exit status, and signals.
 *
 * <pre>{@code
 * try (WeftProcess p = Processes.open(List.of("sort"))) {
 *     p.stdin().send("b\na\n".getBytes(UTF_8));
 *     p.stdin().close();                          // sort reads to the end of its input
 *     for (byte[] chunk : p.stdout()) { ... }     // a\nb\n
 *     int status = p.waitFor();
 * }
 * }</pre>
 *
 * <p><b>Cancellation never harms the process.</b> A cancelled {@code stdout().receive} consumes
 * nothing (the next receive gets the bytes in order), a cancelled {@link #waitFor()} leaves the
 * process running. Only {@link #close()} decides the process's fate: it waits for it, and kills it
 * if that wait is cancelled.
 *
 * <p><b>Threads.</b> Any task may call any method; the streams each allow one receiving (or
 * sending) task at a time and throw {@link io.weft.BusyResourceError} to a second. The pipes are
 * served by the runtime's platform threads, never by a task's carrier thread, so a thousand
 * processes do not starve the runtime's other tasks.
 *
 * <p><b>Pitfalls.</b> Close the process (try-with-resources): one that is never closed is killed
 * only when the run ends. Close {@code stdin()} when the input is complete: many programs read to
 * the end of their input before they write. A piped output that nobody reads fills up (256 KiB
 * buffered here, then the process blocks writing); read it, or send it to {@code DISCARD}.
 */
public final class WeftProcess implements AutoCloseable {
    private final ChildProcess child;

    WeftProcess(ChildProcess child) {
        this.child = child;
    }

    /** The command as it was started. */
    public List<String> args() {
        return child.args();
    }

    /** The process id. */
    public long pid() {
        return child.pid();
    }

    /**
     * The process's standard input, or null if it was not piped. Closing it closes the pipe, so
     * that the process reads the end of its input. Sending after the process has exited or closed
     * its input throws {@link io.weft.BrokenResourceError}; after {@link #close()}, {@link
     * io.weft.ClosedResourceError}.
     */
    public ByteSendStream stdin() {
        return child.stdin();
    }

    /**
     * The process's standard output, or null if it was not piped. The end of the stream ({@link
     * io.weft.EndOfStream}) is when the process (and every process that shares the pipe) has closed
     * it; receiving after {@link #close()} throws {@link io.weft.ClosedResourceError}.
     */
    public ByteReceiveStream stdout() {
        return child.stdout();
    }

    /** The process's standard error, or null if it was not piped (as {@link #stdout()}). */
    public ByteReceiveStream stderr() {
        return child.stderr();
    }

    /**
     * Waits for the process to exit and returns its exit status (128 + n if signal n ended it). A
     * checkpoint; if this throws {@code Cancelled}, the process is still running, untouched.
     */
    public int waitFor() {
        return child.waitFor(Task.current());
    }

    /** The exit status, or null while the process is running. Does not wait. */
    public Integer returnCode() {
        return child.returnCode();
    }

    /**
     * Asks the process to stop ({@code SIGTERM}). Does nothing if it has exited. Only signals: the
     * streams stay open, so what the child writes as it handles the signal can still be received.
     */
    public void terminate() {
        child.terminate();
    }

    /**
     * Kills the process ({@code SIGKILL}). Does nothing if it has exited. The streams stay open:
     * output the child wrote before it died can still be received.
     */
    public void kill() {
        child.kill();
    }

    /**
     * Sends the process signal number {@code signal} (for example 1 for {@code SIGHUP}). Does
     * nothing if it has exited. Signals other than {@code SIGTERM} (15) and {@code SIGKILL} (9) are
     * sent by running the shell's {@code kill}, so they cost a process start; a checkpoint is not
     * made, and a cancellation does not stop the signal.
     *
     * @throws IllegalArgumentException if {@code signal} is not between 1 and 64
     * @throws IOException if the signal could not be sent
     */
    public void sendSignal(int signal) throws IOException {
        child.sendSignal(Task.current(), ChildProcess.signalName(signal));
    }

    /**
     * Sends the process the signal named {@code name}: {@code "HUP"}, {@code "SIGHUP"}, {@code
     * "INT"}, {@code "USR1"} and so on. As {@link #sendSignal(int)}.
     *
     * @throws IllegalArgumentException if {@code name} is not a signal name this system knows
     * @throws IOException if the signal could not be sent
     */
    public void sendSignal(String name) throws IOException {
        Objects.requireNonNull(name, "signal name is null: pass a name such as \"HUP\"");
        child.sendSignal(Task.current(), ChildProcess.signalName(name));
    }

    /**
     * Closes the process: closes its piped streams (a task waiting in one of them gets {@link
     * io.weft.ClosedResourceError}), then waits for it to exit. If that wait is cancelled, kills
     * the process, waits for it to be gone (shielded), and then throws the {@code Cancelled}: the
     * process never outlives this call. Idempotent; a second call only waits.
     */
    @Override
    public void close() {
        child.close(Task.current());
    }

    @Override
    public String toString() {
        return child.toString();
    }
}
