package io.weft.process;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

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
    private static final ProcessOptions DEFAULTS = new ProcessOptions(new Fields());

    /**
     * The values, copied and changed by each setter before the new options are made from them;
     * never changed afterwards (the {@code final} field publishes them safely).
     */
    private static final class Fields implements Cloneable {
        byte[] input;
        Redirect stdin;
        Redirect stdout = Redirect.PIPE;
        Redirect stderr = Redirect.PIPE;
        boolean stderrToStdout;
        boolean check = true;
        Path cwd;
        Map<String, String> env;
        Map<String, String> extraEnv;
        boolean startNewSession;

        @Override
        protected Fields clone() {
            try {
                return (Fields) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Fields f;

    private ProcessOptions(Fields f) {
        this.f = f;
    }

    private ProcessOptions with(Consumer<Fields> change) {
        Fields copy = f.clone();
        change.accept(copy);
        return new ProcessOptions(copy);
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
        if (f.stdin != null) {
            throw new IllegalArgumentException(
                    "only one of stdin and input is allowed: stdin was set to " + f.stdin);
        }
        return with(c -> c.input = input);
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
        if (f.input != null) {
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
        return with(c -> c.stdin = redirect);
    }

    /**
     * These options with the standard output sent to {@code redirect}: {@code PIPE}, {@code
     * INHERIT}, {@code DISCARD}, {@code Redirect.to(file)} or {@code Redirect.appendTo(file)}.
     *
     * @throws IllegalArgumentException if {@code redirect} reads a file
     */
    public ProcessOptions stdout(Redirect redirect) {
        Redirect r = output("stdout", redirect);
        return with(c -> c.stdout = r);
    }

    /**
     * These options with the standard error sent to {@code redirect}, as {@link #stdout(Redirect)};
     * replaces a {@link #stderrToStdout()}.
     *
     * @throws IllegalArgumentException if {@code redirect} reads a file
     */
    public ProcessOptions stderr(Redirect redirect) {
        Redirect r = output("stderr", redirect);
        return with(c -> {
            c.stderr = r;
            c.stderrToStdout = false;
        });
    }

    /**
     * These options with the standard error merged into the standard output (Python's {@code
     * stderr=STDOUT}); {@link WeftProcess#stderr()} and {@link CompletedProcess#stderr()} are then
     * null.
     */
    public ProcessOptions stderrToStdout() {
        return with(c -> {
            c.stderr = Redirect.PIPE;
            c.stderrToStdout = true;
        });
    }

    /**
     * These options with a non-zero exit status reported as a {@link CalledProcessError} by {@link
     * Processes#run} ({@code true}, the default) or returned in the {@link CompletedProcess}.
     */
    public ProcessOptions check(boolean check) {
        return with(c -> c.check = check);
    }

    /** These options with the process started in directory {@code cwd}. */
    public ProcessOptions cwd(Path cwd) {
        Objects.requireNonNull(cwd, "cwd is null: leave it unset for the JVM's working directory");
        return with(c -> c.cwd = cwd);
    }

    /**
     * These options with {@code env} as the process's whole environment, instead of the JVM's
     * (Python's {@code env=}); a later {@link #extendEnv(Map)} adds to it.
     */
    public ProcessOptions env(Map<String, String> env) {
        Objects.requireNonNull(env, "env is null: pass Map.of() for an empty environment");
        Map<String, String> all = checked(env);
        return with(c -> {
            c.env = all;
            c.extraEnv = null;
        });
    }

    /**
     * These options with {@code vars} added to the process's environment (the JVM's, or the one set
     * by {@link #env(Map)}), replacing variables of the same names; adds to an earlier call.
     */
    public ProcessOptions extendEnv(Map<String, String> vars) {
        Objects.requireNonNull(vars, "vars is null: pass the variables to add");
        Map<String, String> all = new LinkedHashMap<>(extraEnv());
        all.putAll(checked(vars));
        Map<String, String> extra = Collections.unmodifiableMap(all);
        return with(c -> c.extraEnv = extra);
    }

    /**
     * These options with the process started in a new session ({@code setsid}), so that a signal
     * sent to the JVM's process group (a Ctrl+C in a terminal) does not reach it. Runs the command
     * through the {@code setsid} program (util-linux), which must be installed.
     */
    public ProcessOptions startNewSession(boolean startNewSession) {
        return with(c -> c.startNewSession = startNewSession);
    }

    /** The input {@code run} writes, or null. */
    public byte[] input() {
        return f.input;
    }

    /** The standard input's redirect, or null for the default (PIPE for open, INHERIT for run). */
    public Redirect stdin() {
        return f.stdin;
    }

    /** The standard output's redirect. */
    public Redirect stdout() {
        return f.stdout;
    }

    /** The standard error's redirect ({@code PIPE} when {@link #mergesStderr()}). */
    public Redirect stderr() {
        return f.stderr;
    }

    /** Whether the standard error goes to the standard output. */
    public boolean mergesStderr() {
        return f.stderrToStdout;
    }

    /** Whether {@code run} reports a non-zero exit as {@link CalledProcessError}. */
    public boolean check() {
        return f.check;
    }

    /** The working directory, or null for the JVM's. */
    public Path cwd() {
        return f.cwd;
    }

    /** The whole environment, or null for the JVM's. */
    public Map<String, String> env() {
        return f.env;
    }

    /** The variables added to the environment, or an empty map. */
    public Map<String, String> extraEnv() {
        return f.extraEnv == null ? Map.of() : f.extraEnv;
    }

    /** Whether the process starts in a new session. */
    public boolean startNewSession() {
        return f.startNewSession;
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
