package io.weft.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A process run with {@link ProcessOptions#check(boolean) check} on exited with a status other than
 * 0 (Python's {@code subprocess.CalledProcessError}). It carries the command, the status and the
 * captured output, so that a caller can report why.
 *
 * <p>An {@link IOException}, as Weft reports every failure of the world outside the JVM: {@code
 * catch (IOException e)} around a {@code Processes.run} sees it.
 */
public final class CalledProcessError extends IOException {
    private static final long serialVersionUID = 1L;

    /** The longest tail of the standard error that the message quotes. */
    private static final int MESSAGE_STDERR_CHARS = 500;

    private final String[] command; // an array: the exception stays serializable
    private final int returnCode;
    private final byte[] stdout;
    private final byte[] stderr;

    /**
     * Creates the error for {@code command}, which exited with {@code returnCode} after writing
     * {@code stdout} and {@code stderr} (each null if it was not captured).
     */
    public CalledProcessError(List<String> command, int returnCode, byte[] stdout, byte[] stderr) {
        super(message(command, returnCode, stderr));
        this.command = command.toArray(String[]::new);
        this.returnCode = returnCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    private static String message(List<String> command, int returnCode, byte[] stderr) {
        String m = "command " + command + " returned non-zero exit status " + returnCode;
        if (stderr != null && stderr.length > 0) {
            String text = new String(stderr, StandardCharsets.UTF_8).strip();
            if (text.length() > MESSAGE_STDERR_CHARS) {
                text = "..." + text.substring(text.length() - MESSAGE_STDERR_CHARS);
            }
            m += "; its standard error ended with: " + text;
        }
        return m;
    }

    /** The command that failed, as it was run. */
    public List<String> command() {
        return List.of(command);
    }

    /** Its exit status (128 + n if signal n ended it). */
    public int returnCode() {
        return returnCode;
    }

    /** What it wrote to its standard output, or null if that was not captured. */
    public byte[] stdout() {
        return stdout;
    }

    /** What it wrote to its standard error, or null if that was not captured. */
    public byte[] stderr() {
        return stderr;
    }
}
