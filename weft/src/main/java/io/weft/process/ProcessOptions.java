package io.weft.process;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Processes} starts a process: where its standard streams go, its input, whether a
 * non-zero exit is an error, its working directory, its environment and its session. Immutable;
 * each setter returns a new instance.
 *
 * <pre>{@code
 * Processes.run(List.of("sort"), ProcessOptions.defaults().input("b\na\n".getBytes(UTF_8)));
 * Processes.run(List.of("make"), ProcessOptions.defaults().cwd(dir).check(false));
 * Processes.open(List.of("server"), ProcessOptions.defaults().stderrToStdout().extendEnv(Map.of("PORT", "0")));
 * }</pre>
 *
 * <p>Streams are named with the JDK's {@link Redirect}: {@link Redirect#PIPE} (Weft reads or writes
 * it: the default for the standard output and error), {@link Redirect#INHERIT} (the JVM's own),
 * {@link Redirect#DISCARD} (nowhere: the null device), or a file ({@link Redirect#from(File)} for
 * the input, {@link Redirect#to(File)} or {@link Redirect#appendTo(File)} for the outputs).
 *
 * <p><b>Pitfalls.</b> {@link #input(byte[])} and {@link #stdin(Redirect)} exclude each other, and
 * {@code input} is for {@link Processes#run} only: a process from {@link Processes#open} is written
 * to through its {@link WeftProcess#stdin()}. A {@code check} only matters to {@code run}.
 */
public final class ProcessOptions {
    private static final ProcessOptions DEFAULTS =
            new ProcessOptions(
                    null, null, Redirect.PIPE, Redirect.PIPE, false, true, null, null, null, false);

    private final byte[] input;
    private final Redirect stdin;
    private final Redirect stdout;
    private final Redirect stderr;
    private final boolean stderrToStdout;
    private final boolean check;
    private final Path cwd;
    private final Map<String, String> env;
    private final Map<String, String> extraEnv;
    private final boolean startNewSession;

    private ProcessOptions(
            byte[] input,
            Redirect stdin,
            Redirect stdout,
            Redirect stderr,
            boolean stderrToStdout,
            boolean check,
            Path cwd,
            Map<String, String> env,
            Map<String, String> extraEnv,
            boolean startNewSession) {
        this.input = input;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stderrToStdout = stderrToStdout;
        this.check = check;
        this.cwd = cwd;
        this.env = env;
        this.extraEnv = extraEnv;
        this.startNewSession = startNewSession;
    }

    /**
     * The defaults: the standard output and error piped, the standard input piped for {@code open}
     * and the JVM's own for {@code run} (as AnyIO's), a non-zero exit an error for {@code run}, and
     * the JVM's working directory, environment and session.
     */
    public static ProcessOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with {@code input} written to the process's standard input, which is then
     * closed ({@link Processes#run} only). The array is not copied: do not change it while the
     * process runs.
     *
     * @throws IllegalArgumentException if a standard input redirect was set: only one of {@code
     *     stdin} and {@code input} is allowed
     */
    public ProcessOptions input(byte[] input) {
        Objects.requireNonNull(input, "input is null: pass new byte[0] for an empty input");
        if (stdin != null) {
            throw new IllegalArgumentException(
                    "only one of stdin and input is allowed: stdin was set to " + stdin);
        }
        return new ProcessOptions(
                input,
                null,
                stdout,
                stderr,
                stderrToStdout,
                check,
                cwd,
                env,
                extraEnv,
                startNewSession);
    }

    /**
     * These options with the standard input taken from {@code redirect}: {@code PIPE}, {@code
     * INHERIT}, {@code DISCARD} (the null device) or {@code Redirect.from(file)}.
     *
     * @throws IllegalArgumentException if {@link #input(byte[])} was set (only one of {@code stdin}
     *     and {@code input} is allowed), or if {@code redirect} writes to a file
     */
    public ProcessOptions stdin(Redirect redirect) {
        Objects.requireNonNull(
                redirect, "stdin redirect is null: pass Redirect.PIPE, INHERIT or DISCARD");
        if (input != null) {
            throw new IllegalArgumentException(
                    "only one of stdin and input is allowed: input was set");
        }
        // Redirect.DISCARD is a WRITE to the null device; as an input it means reading that device.
        if (redirect != Redirect.DISCARD
                && (redirect.type() == Redirect.Type.WRITE
                        || redirect.type() == Redirect.Type.APPEND)) {
            throw new IllegalArgumentException(
                    "stdin cannot " + redirect + ": use Redirect.from(file) to read a file");
        }
        return new ProcessOptions(
                null,
                redirect,
                stdout,
                stderr,
                stderrToStdout,
                check,
                cwd,
                env,
                extraEnv,
                startNewSession);
    }

    /**
     * These options with the standard output sent to {@code redirect}: {@code PIPE}, {@code
     * INHERIT}, {@code DISCARD}, {@code Redirect.to(file)} or {@code Redirect.appendTo(file)}.
     *
     * @throws IllegalArgumentException if {@code redirect} reads a file
     */
    public ProcessOptions stdout(Redirect redirect) {
        return new ProcessOptions(
                input,
                stdin,
                output("stdout", redirect),
                stderr,
                stderrToStdout,
                check,
                cwd,
                env,
                extraEnv,
                startNewSession);
    }

    /**
     * These options with the standard error sent to {@code redirect}, as {@link #stdout(Redirect)};
     * replaces a {@link #stderrToStdout()}.
     *
     * @throws IllegalArgumentException if {@code redirect} reads a file
     */
    public ProcessOptions stderr(Redirect redirect) {
        return new ProcessOptions(
                input,
                stdin,
                stdout,
                output("stderr", redirect),
                false,
                check,
                cwd,
                env,
                extraEnv,
                startNewSession);
    }

    /**
     * These options with the standard error merged into the standard output (Python's {@code
     * stderr=STDOUT}); {@link WeftProcess#stderr()} and {@link CompletedProcess#stderr()} are then
     * null.
     */
    public ProcessOptions stderrToStdout() {
        return new ProcessOptions(
                input,
                stdin,
                stdout,
                Redirect.PIPE,
                true,
                check,
                cwd,
                env,
                extraEnv,
                startNewSession);
    }

    /**
     * These options with a non-zero exit status reported as a {@link CalledProcessError} by {@link
     * Processes#run} ({@code true}, the default) or returned in the {@link CompletedProcess}.
     */
    public ProcessOptions check(boolean check) {
        return new ProcessOptions(
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                check,
                cwd,
                env,
                extraEnv,
                startNewSession);
    }

    /** These options with the process started in directory {@code cwd}. */
    public ProcessOptions cwd(Path cwd) {
        Objects.requireNonNull(cwd, "cwd is null: leave it unset for the JVM's working directory");
        return new ProcessOptions(
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                check,
                cwd,
                env,
                extraEnv,
                startNewSession);
    }

    /**
     * These options with {@code env} as the process's whole environment, instead of the JVM's
     * (Python's {@code env=}); a later {@link #extendEnv(Map)} adds to it.
     */
    public ProcessOptions env(Map<String, String> env) {
        Objects.requireNonNull(env, "env is null: pass Map.of() for an empty environment");
        return new ProcessOptions(
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                check,
                cwd,
                checked(env),
                null,
                startNewSession);
    }

    /**
     * These options with {@code vars} added to the process's environment (the JVM's, or the one set
     * by {@link #env(Map)}), replacing variables of the same names; adds to an earlier call.
     */
    public ProcessOptions extendEnv(Map<String, String> vars) {
        Objects.requireNonNull(vars, "vars is null: pass the variables to add");
        Map<String, String> all = new LinkedHashMap<>();
        if (extraEnv != null) {
            all.putAll(extraEnv);
        }
        all.putAll(checked(vars));
        return new ProcessOptions(
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                check,
                cwd,
                env,
                java.util.Collections.unmodifiableMap(all),
                startNewSession);
    }

    /**
     * These options with the process started in a new session ({@code setsid}), so that a signal
     * sent to the JVM's process group (a Ctrl+C in a terminal) does not reach it. Runs the command
     * through the {@code setsid} program (util-linux), which must be installed.
     */
    public ProcessOptions startNewSession(boolean startNewSession) {
        return new ProcessOptions(
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                check,
                cwd,
                env,
                extraEnv,
                startNewSession);
    }

    /** The input {@code run} writes, or null. */
    public byte[] input() {
        return input;
    }

    /** The standard input's redirect, or null for the default (PIPE for open, INHERIT for run). */
    public Redirect stdin() {
        return stdin;
    }

    /** The standard output's redirect. */
    public Redirect stdout() {
        return stdout;
    }

    /** The standard error's redirect ({@code PIPE} when {@link #mergesStderr()}). */
    public Redirect stderr() {
        return stderr;
    }

    /** Whether the standard error goes to the standard output. */
    public boolean mergesStderr() {
        return stderrToStdout;
    }

    /** Whether {@code run} reports a non-zero exit as {@link CalledProcessError}. */
    public boolean check() {
        return check;
    }

    /** The working directory, or null for the JVM's. */
    public Path cwd() {
        return cwd;
    }

    /** The whole environment, or null for the JVM's. */
    public Map<String, String> env() {
        return env;
    }

    /** The variables added to the environment, or an empty map. */
    public Map<String, String> extraEnv() {
        return extraEnv == null ? Map.of() : extraEnv;
    }

    /** Whether the process starts in a new session. */
    public boolean startNewSession() {
        return startNewSession;
    }

    private static Redirect output(String which, Redirect redirect) {
        Objects.requireNonNull(
                redirect, which + " redirect is null: pass Redirect.PIPE, INHERIT or DISCARD");
        if (redirect.type() == Redirect.Type.READ) {
            throw new IllegalArgumentException(
                    which + " cannot " + redirect + ": use Redirect.to(file) or appendTo(file)");
        }
        return redirect;
    }

    private static Map<String, String> checked(Map<String, String> vars) {
        for (Map.Entry<String, String> e : vars.entrySet()) {
            String k = e.getKey();
            if (k == null || e.getValue() == null) {
                throw new IllegalArgumentException(
                        "environment variable " + k + " has a null name or value");
            }
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(
                        "'"
                                + k
                                + "' is not an environment variable name (empty, or has '=' or NUL)");
            }
            if (e.getValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable " + k + " has a NUL");
            }
        }
        return Map.copyOf(vars);
    }
}
