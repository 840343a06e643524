package io.weft.internal.process;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.weft.internal.Task;
import io.weft.internal.Waiter;
import io.weft.internal.thread.WorkerCall;
import io.weft.process.CompletedProcess;
import io.weft.process.ProcessOptions;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One child process of a runtime: the JDK {@link Process}, its pipes as Weft streams, and its exit
 * as a Weft wait.
 *
 * <p><b>Starting.</b> {@code ProcessBuilder.start} forks and waits for the exec in native code, so
 * it runs on one of the runtime's process threads while the task waits, shielded (a start cannot be
 * abandoned halfway without leaking the process it makes).
 *
 * <p><b>Exit.</b> The JDK's reaper thread completes {@link Process#onExit()}; one callback per
 * process records the status and wakes every task waiting for it. A cancelled wait removes its
 * waiter and leaves the process alone.
 *
 * <p><b>No orphans.</b> Every failure or cancellation after the start kills the process and waits
 * for it, shielded, before it propagates; the runtime's {@link ProcessTable} kills what is still
 * open when the run ends.
 */
public final class ChildProcess {
    /** What a piped output buffers before the child feels back-pressure. */
    static final int STREAM_BUFFER = 262144;

    private static final long EXIT_AFTER_END_MILLIS = 2;
    private static final File NULL_FILE = new File("/dev/null");

    private final List<String> args;
    private final Process process;
    private final ProcessTable table;
    private final PipeWriter stdin;
    private final PipeReader stdout;
    private final PipeReader stderr;

    // Guarded by this.
    private final List<Waiter> exitWaiters = new ArrayList<>(2);
    private volatile Integer exitCode;

    private ChildProcess(
            List<String> args,
            Process process,
            ProcessTable table,
            boolean collect,
            boolean[] piped) {
        this.args = args;
        this.process = process;
        this.table = table;
        long pid = process.pid();
        long limit = collect ? Long.MAX_VALUE : STREAM_BUFFER;
        this.stdin =
                piped[0]
                        ? new PipeWriter(
                                process.getOutputStream(),
                                table.pool,
                                "the standard input of process " + pid)
                        : null;
        this.stdout =
                piped[1]
                        ? new PipeReader(
                                process.getInputStream(),
                                limit,
                                "the standard output of process " + pid)
                        : null;
        this.stderr =
                piped[2]
                        ? new PipeReader(
                                process.getErrorStream(),
                                limit,
                                "the standard error of process " + pid)
                        : null;
    }

    // ---------------------------------------------------------------- starting

    /** {@code Processes.run}: starts the process, feeds it, collects its output, waits for it. */
    public static CompletedProcess run(Task t, List<String> args, ProcessOptions options)
            throws IOException {
        t.checkpoint();
        byte[] input = options.input();
        Redirect in =
                input != null
                        ? Redirect.PIPE
                        : options.stdin() == null ? Redirect.INHERIT : options.stdin();
        ChildProcess c = start(t, args, options, in, true);
        CompletedProcess result;
        try {
            if (c.stdin != null) {
                c.stdin.feedThenClose(input == null ? new byte[0] : input);
            }
            // The exit first: the pumps collect without bound, so nothing waits for this task,
            // and by the exit the outputs have usually ended too: one park instead of three.
            int code = c.awaitExit(t, true);
            byte[] out = c.stdout == null ? null : c.stdout.readAll(t, true);
            byte[] err = c.stderr == null ? null : c.stderr.readAll(t, true);
            if (c.stdin != null) {
                c.stdin.awaitIdle(t, true);
            }
            c.table.remove(c);
            result = new CompletedProcess(args, code, out, err);
        } catch (Throwable e) {
            c.killAndReap(t);
            throw e;
        }
        if (options.check()) {
            result.checkReturnCode();
        }
        return result;
    }

    /** {@code Processes.open}: starts the process with streams for its pipes. */
    public static ChildProcess open(Task t, List<String> args, ProcessOptions options)
            throws IOException {
        t.checkpoint();
        Redirect in = options.stdin() == null ? Redirect.PIPE : options.stdin();
        ChildProcess c = start(t, args, options, in, false);
        try {
            t.checkCancelled(); // cancelled while starting: the process must not escape
        } catch (Throwable e) {
            c.killAndReap(t);
            throw e;
        }
        return c;
    }

    private static ChildProcess start(
            Task t, List<String> args, ProcessOptions options, Redirect in, boolean collect)
            throws IOException {
        ProcessTable table = ProcessTable.of(t.runtime);
        ProcessBuilder pb = builder(args, options, in);
        boolean[] piped = {
            in == Redirect.PIPE,
            options.stdout() == Redirect.PIPE,
            options.stderr() == Redirect.PIPE && !options.mergesStderr()
        };
        Process p;
        // A cancellable wait: nothing is started yet. See ProcessTable.starts for why a cap.
        table.starts.acquire();
        try {
            p = (Process) new WorkerCall(t, false, pb::start, call -> {}).run(table.pool);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("starting " + args + " failed", e);
        } finally {
            table.starts.release();
        }
        ChildProcess c = new ChildProcess(args, p, table, collect, piped);
        try {
            table.add(c);
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        p.onExit().whenComplete((unused, error) -> c.exited());
        // The end of an output usually means the exit is microseconds away. The pump that sees it
        // waits briefly for the JDK's reaper and reports the exit itself, which saves onExit's
        // hand-off through the common pool; a process that merely closed its output is left to
        // onExit after the short wait.
        Runnable ended =
                () -> {
                    try {
                        if (c.exitCode == null && p.waitFor(EXIT_AFTER_END_MILLIS, MILLISECONDS)) {
                            c.exited();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the pump's thread is being stopped
                    }
                };
        if (c.stdout != null) {
            c.stdout.onEnd(ended);
            table.pool.execute(c.stdout);
        }
        if (c.stderr != null) {
            c.stderr.onEnd(ended);
            table.pool.execute(c.stderr);
        }
        return c;
    }

    private static ProcessBuilder builder(List<String> args, ProcessOptions options, Redirect in)
            throws IOException {
        List<String> argv = args;
        if (options.startNewSession()) {
            argv = new ArrayList<>(args.size() + 1);
            argv.add(setsid());
            argv.addAll(args);
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (options.cwd() != null) {
            pb.directory(options.cwd().toFile());
        }
        if (options.env() != null) {
            pb.environment().clear();
            pb.environment().putAll(options.env());
        }
        for (Map.Entry<String, String> e : options.extraEnv().entrySet()) {
            pb.environment().put(e.getKey(), e.getValue());
        }
        pb.redirectInput(in == Redirect.DISCARD ? Redirect.from(NULL_FILE) : in);
        pb.redirectOutput(options.stdout());
        if (options.mergesStderr()) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(options.stderr());
        }
        return pb;
    }

    private static String setsid() throws IOException {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            File f = new File(dir, "setsid");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IOException(
                "startNewSession needs the setsid program (util-linux), which was not found in"
                        + " /usr/bin, /bin or /usr/local/bin");
    }

    // ---------------------------------------------------------------- the process

    /** The command as started. */
    public List<String> args() {
        return args;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The JDK process. */
    Process process() {
        return process;
    }

    /** The standard input stream, or null. */
    public PipeWriter stdin() {
        return stdin;
    }

    /** The standard output stream, or null. */
    public PipeReader stdout() {
        return stdout;
    }

    /** The standard error stream, or null. */
    public PipeReader stderr() {
        return stderr;
    }

    /** The exit status, or null while the process runs (as far as the runtime has heard). */
    public Integer returnCode() {
        return exitCode;
    }

    /** {@code WeftProcess.waitFor}: a checkpoint, then a cancellable wait for the exit. */
    public int waitFor(Task t) {
        t.checkpoint();
        return awaitExit(t, true);
    }

    private void exited() {
        List<Waiter> ws;
        synchronized (this) {
            if (exitCode != null) {
                return; // told twice: by onExit and by a pump at the end of an output
            }
            exitCode = process.exitValue();
            ws = new ArrayList<>(exitWaiters);
            exitWaiters.clear();
        }
        for (Waiter w : ws) {
            w.tryResume(null);
        }
    }

    /** Waits for the exit; a cancellable Weft wait if {@code cancellable}, else shielded. */
    int awaitExit(Task t, boolean cancellable) {
        for (; ; ) {
            Integer code = exitCode;
            if (code != null) {
                return code;
            }
            Waiter w = new Waiter(t, cancellable);
            synchronized (this) {
                if (exitCode != null) {
                    continue;
                }
                exitWaiters.add(w);
            }
            int kind = w.await(this);
            synchronized (this) {
                exitWaiters.remove(w);
            }
            if (kind == Waiter.CANCELLED) {
                throw t.cancelledNow();
            }
        }
    }

    /** Sends {@code SIGTERM} unless the process has exited. */
    public void terminate() {
        if (exitCode == null) {
            signalOnly(false);
        }
    }

    /** Sends {@code SIGKILL} unless the process has exited. */
    public void kill() {
        if (exitCode == null) {
            signalOnly(true);
        }
    }

    /**
     * Sends {@code SIGKILL} ({@code force}) or {@code SIGTERM} and nothing else. {@code
     * Process.destroy} would also close the JDK's ends of the pipes: output the child writes after
     * the signal (a trap's last words) would be lost or kill it with {@code SIGPIPE}, and a pump
     * blocked in a read would find its stream closed under it. The process handle only signals.
     */
    private void signalOnly(boolean force) {
        if (force) {
            process.toHandle().destroyForcibly();
        } else {
            process.toHandle().destroy();
        }
    }

    /** Sends the signal {@code sig} (a name such as "HUP", or a number as text). */
    public void sendSignal(Task t, String sig) throws IOException {
        if (exitCode != null || !process.isAlive()) {
            return;
        }
        switch (sig) {
            case "TERM", "15" -> signalOnly(false);
            case "KILL", "9" -> signalOnly(true);
            default -> {
                String flag = Character.isDigit(sig.charAt(0)) ? "-" + sig : "-s " + sig;
                List<String> kill = List.of("/bin/sh", "-c", "kill " + flag + " " + pid());
                ChildProcess k =
                        start(
                                t,
                                kill,
                                ProcessOptions.defaults().stdout(Redirect.DISCARD),
                                Redirect.from(NULL_FILE),
                                true);
                byte[] err = k.stderr.readAll(t, false);
                int code = k.awaitExit(t, false);
                k.table.remove(k);
                if (code != 0 && exitCode == null) { // not a process that has just exited
                    throw new IOException(
                            "sending SIG"
                                    + sig
                                    + " to process "
                                    + pid()
                                    + " failed: "
                                    + new String(err, java.nio.charset.StandardCharsets.UTF_8)
                                            .strip());
                }
            }
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * {@code WeftProcess.close}: closes the streams, waits; kills and reaps if that is cancelled.
     */
    public void close(Task t) {
        closeStreams();
        try {
            awaitExit(t, true);
        } catch (Throwable e) {
            killAndReap(t);
            throw e;
        }
        table.remove(this);
    }

    /** Closes the streams, kills the process and waits for it, shielded. */
    void killAndReap(Task t) {
        closeStreams();
        signalOnly(true);
        awaitExit(t, false);
        table.remove(this);
    }

    /**
     * Kills the process where no task can wait for it (a worker JVM retired by a timer): closes the
     * streams, sends {@code SIGKILL}, and removes it from the table once the JDK has reaped it.
     */
    void killInBackground() {
        abandon();
        process.onExit().whenComplete((unused, error) -> table.remove(this));
    }

    /** The run is ending with the process open: close the streams and kill it (no waiting). */
    void abandon() {
        closeStreams();
        signalOnly(true);
    }

    private void closeStreams() {
        // Outputs first: closing the input may end the process, whose end of output would then
        // race the close and reach a waiting receiver as EndOfStream instead of the close.
        if (stdout != null) {
            stdout.close();
        }
        if (stderr != null) {
            stderr.close();
        }
        if (stdin != null) {
            stdin.close();
        }
    }

    @Override
    public String toString() {
        Integer code = exitCode;
        return "process "
                + pid()
                + " "
                + args
                + (code == null ? " (running)" : " (exited with status " + code + ")");
    }

    // ---------------------------------------------------------------- signals

    private static final List<String> SIGNALS =
            List.of(
                    "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
                    "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP",
                    "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO",
                    "PWR", "SYS");

    /**
     * The canonical name of signal {@code name} ("SIGHUP" and "hup" are "HUP").
     *
     * @throws IllegalArgumentException if it names no signal
     */
    public static String signalName(String name) {
        String n = name.strip().toUpperCase(java.util.Locale.ROOT);
        if (n.startsWith("SIG")) {
            n = n.substring(3);
        }
        if (!SIGNALS.contains(n)) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a signal name; use one of " + SIGNALS);
        }
        return n;
    }

    /**
     * Signal number {@code signal} as {@link #sendSignal} takes it.
     *
     * @throws IllegalArgumentException if it is not between 1 and 64
     */
    public static String signalName(int signal) {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException(
                    "signal numbers are 1 to 64, was "
                            + signal
                            + " (0 only probes, use returnCode())");
        }
        return Integer.toString(signal);
    }
}
