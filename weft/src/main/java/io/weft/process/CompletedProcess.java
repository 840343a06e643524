package io.weft.process;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A process that {@link Processes#run} ran to its end (Python's {@code CompletedProcess}): the
 * command, its exit status and what it wrote to its piped standard output and error.
 *
 * <p>Equality and {@code hashCode} compare the arrays' contents; the arrays themselves are the
 * record's own, so treat them as read-only.
 *
 * @param args the command as it was run (for {@code runShell}, {@code /bin/sh -c command})
 * @param returnCode the exit status: 0 to 255 for a process that exited, 128 + n for one that a
 *     signal n ended (the JDK's convention, as a shell reports it; Python reports -n)
 * @param stdout everything the process wrote to its standard output, or null if it was not piped
 * @param stderr everything it wrote to its standard error, or null if it was not piped (also when
 *     it went to the standard output)
 */
public record CompletedProcess(List<String> args, int returnCode, byte[] stdout, byte[] stderr) {
    /** Creates the record; {@code args} is copied. */
    public CompletedProcess {
        args = List.copyOf(args);
    }

    /** The standard output decoded as UTF-8 (malformed input replaced), or null if not piped. */
    public String stdoutText() {
        return stdout == null ? null : new String(stdout, StandardCharsets.UTF_8);
    }

    /** The standard error decoded as UTF-8 (malformed input replaced), or null if not piped. */
    public String stderrText() {
        return stderr == null ? null : new String(stderr, StandardCharsets.UTF_8);
    }

    /**
     * Throws {@link CalledProcessError} if the process did not exit with 0 (Python's {@code
     * check_returncode}); for a {@code run} with {@code check(false)} that wants to check later.
     *
     * @throws CalledProcessError if {@link #returnCode()} is not 0
     */
    public void checkReturnCode() throws CalledProcessError {
        if (returnCode != 0) {
            throw new CalledProcessError(args, returnCode, stdout, stderr);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompletedProcess c
                && returnCode == c.returnCode
                && args.equals(c.args)
                && Arrays.equals(stdout, c.stdout)
                && Arrays.equals(stderr, c.stderr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(args, returnCode, Arrays.hashCode(stdout), Arrays.hashCode(stderr));
    }

    @Override
    public String toString() {
        return "CompletedProcess[args="
                + args
                + ", returnCode="
                + returnCode
                + ", stdout="
                + (stdout == null ? "null" : stdout.length + " bytes")
                + ", stderr="
                + (stderr == null ? "null" : stderr.length + " bytes")
                + "]";
    }
}
