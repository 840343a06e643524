package io.weft;

import java.io.IOException;
import java.util.List;

/**
 * Connecting failed: every attempt (each address the name resolved to) failed (AnyIO's {@code
 * ConnectionFailed}). Each attempt's error is a suppressed exception, in the order of the attempts,
 * and {@link #attempts()} lists them; the first is also the cause.
 *
 * <p>An {@link IOException}, as AnyIO's is an {@code OSError}: a connect is declared {@code throws
 * IOException}, and {@code catch (IOException e)} around it must see every failure the network
 * reported.
 */
public final class ConnectionFailed extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with {@code message} and the attempts' errors. */
    public ConnectionFailed(String message, List<? extends Throwable> attempts) {
        super(message, attempts.isEmpty() ? null : attempts.get(0));
        for (Throwable t : attempts) {
            addSuppressed(t);
        }
    }

    /** The attempts' errors, in the order the attempts were made. */
    public List<Throwable> attempts() {
        return List.of(getSuppressed());
    }
}
