package io.weft;

/**
 * A {@code ...Nowait} operation (for example {@code Lock.acquireNowait}, {@code
 * MemoryObjectSendStream.sendNowait}) could not complete without waiting. Nothing was done.
 */
public class WouldBlock extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with {@code message}, which says what would have waited. */
    public WouldBlock(String message) {
        super(message);
    }
}
