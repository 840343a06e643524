package io.weft;

/**
 * Another task is already using a resource that allows one user at a time (reading from a stream,
 * writing to it, accepting connections), as AnyIO's {@code BusyResourceError}. Nothing was done.
 */
public class BusyResourceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for {@code action}, such as "reading from": the message reads "Another
     * task is already reading from this resource".
     */
    public BusyResourceError(String action) {
        super("Another task is already " + action + " this resource");
    }
}
