package io.weft.process;

import io.weft.internal.Task;
import io.weft.internal.process.ChildProcess;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Runs programs as child processes of the JVM, as Weft resources (AnyIO's {@code run_process} and
 * {@code open_process}): waiting for them, reading their output and writing their input are Weft
 * waits, which a cancellation ends without harming the process or its pipes, and no process
 * outlives the code that started it.
 *
 * <pre>{@code
 * CompletedProcess r = Processes.run(List.of("git", "rev-parse", "HEAD"));
 * String head = r.stdoutText().strip();
 *
 * try (WeftProcess p = Processes.open(List.of("tail", "-f", "app.log"))) {
 *     for (String text : new TextReceiveStream(p.stdout())) {
 *         System.out.print(text);
 *     }
 * }
 * }</pre>
 *
 * <p>A command is a list: the program and its arguments, passed to it as they are, with no shell in
 * between. {@link #runShell} and {@link #openShell} run a command line through {@code /bin/sh -c}
 * instead (what AnyIO does with a string), for pipes, globs and redirections; never build one from
 * untrusted text.
 *
 * <p><b>No orphans.</b> {@link #run} kills the process if it is cancelled at any point (while
 * starting it, feeding its input, reading its output or waiting for it), and waits for it to be
 * gone before it throws. {@link WeftProcess#close()} waits for the process and kills it if that
 * wait is cancelled. Processes still open when the run ends are killed.
 *
 * <p>The calling thread must be a task of a Weft runtime; each method throws {@link
 * io.weft.NoRuntimeError} otherwise.
 */
public final class Processes {
    private static final String SHELL = "/bin/sh";

    private Processes() {}

    /**
     * Runs {@code command} to its end with the default options and returns what it wrote ({@code
     * run(command, ProcessOptions.defaults())}).
     *
     * @throws CalledProcessError if it exits with a status other than 0
     * @throws IOException if it cannot be started (the message names the program)
     * @throws IllegalArgumentException if {@code command} is empty or has a null element
     */
    public static CompletedProcess run(List<String> command) throws IOException {
        return run(command, ProcessOptions.defaults());
    }

    /**
     * Runs {@code command} to its end and returns its exit status and what it wrote to its piped
     * standard output and error. The input given by {@link ProcessOptions#input(byte[])} is written
     * to it and its input then closed, while both outputs are read, so that a process that fills
     * both never blocks. A checkpoint. If this throws {@code Cancelled}, the process was killed and
     * is gone.
     *
     * @throws CalledProcessError if {@link ProcessOptions#check()} is set (the default) and the
     *     process exits with a status other than 0; it carries the captured output
     * @throws IOException if it cannot be started (the message names the program)
     * @throws IllegalArgumentException if {@code command} is empty or has a null element
     */
    public static CompletedProcess run(List<String> command, ProcessOptions options)
            throws IOException {
        Objects.requireNonNull(options, "options is null: pass ProcessOptions.defaults()");
        List<String> args = checkCommand(command);
        return ChildProcess.run(Task.current(), args, options);
    }

    /**
     * Runs the command line {@code command} through {@code /bin/sh -c} to its end, with the default
     * options.
     *
     * @throws CalledProcessError if it exits with a status other than 0
     * @throws IOException if the shell cannot be started
     * @throws IllegalArgumentException if {@code command} is blank
     */
    public static CompletedProcess runShell(String command) throws IOException {
        return runShell(command, ProcessOptions.defaults());
    }

    /**
     * Runs the command line {@code command} through {@code /bin/sh -c} to its end, as {@link
     * #run(List, ProcessOptions)}. If this throws {@code Cancelled}, the shell was killed and is
     * gone (a program the shell started in the background is not its child and is not killed).
     *
     * @throws CalledProcessError if {@code check} is set and it exits with a status other than 0
     * @throws IOException if the shell cannot be started
     * @throws IllegalArgumentException if {@code command} is blank
     */
    public static CompletedProcess runShell(String command, ProcessOptions options)
            throws IOException {
        return run(shell(command), options);
    }

    /**
     * Starts {@code command} with the default options: its standard input, output and error piped
     * to the returned process's streams.
     *
     * @throws IOException if it cannot be started (the message names the program)
     * @throws IllegalArgumentException if {@code command} is empty or has a null element
     */
    public static WeftProcess open(List<String> command) throws IOException {
        return open(command, ProcessOptions.defaults());
    }

    /**
     * Starts {@code command} and returns it as an open {@link WeftProcess}; close it (in a
     * try-with-resources) to wait for it. A checkpoint. If this throws {@code Cancelled}, no
     * process is left running: either none was started, or the one started was killed.
     *
     * @throws IOException if it cannot be started (the message names the program)
     * @throws IllegalArgumentException if {@code command} is empty or has a null element, or if
     *     {@code options} has an {@code input} (write to {@link WeftProcess#stdin()} instead)
     */
    public static WeftProcess open(List<String> command, ProcessOptions options)
            throws IOException {
        Objects.requireNonNull(options, "options is null: pass ProcessOptions.defaults()");
        List<String> args = checkCommand(command);
        if (options.input() != null) {
            throw new IllegalArgumentException(
                    "input is only for Processes.run: send the bytes to the process's stdin()"
                            + " instead");
        }
        return new WeftProcess(ChildProcess.open(Task.current(), args, options));
    }

    /**
     * Starts the command line {@code command} through {@code /bin/sh -c}, with the default options.
     *
     * @throws IOException if the shell cannot be started
     * @throws IllegalArgumentException if {@code command} is blank
     */
    public static WeftProcess openShell(String command) throws IOException {
        return openShell(command, ProcessOptions.defaults());
    }

    /**
     * Starts the command line {@code command} through {@code /bin/sh -c}, as {@link #open(List,
     * ProcessOptions)}.
     *
     * @throws IOException if the shell cannot be started
     * @throws IllegalArgumentException if {@code command} is blank, or {@code options} has an input
     */
    public static WeftProcess openShell(String command, ProcessOptions options) throws IOException {
        return open(shell(command), options);
    }

    private static List<String> shell(String command) {
        Objects.requireNonNull(command, "command is null: pass a shell command line");
        if (command.isBlank()) {
            throw new IllegalArgumentException("the shell command line is blank");
        }
        return List.of(SHELL, "-c", command);
    }

    private static List<String> checkCommand(List<String> command) {
        Objects.requireNonNull(command, "command is null: pass List.of(program, args...)");
        if (command.isEmpty()) {
            throw new IllegalArgumentException(
                    "the command is empty: pass the program and its arguments");
        }
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i) == null) {
                throw new IllegalArgumentException("element " + i + " of the command is null");
            }
        }
        if (command.get(0).isEmpty()) {
            throw new IllegalArgumentException("the program name (element 0) is empty");
        }
        return List.copyOf(command);
    }
}
