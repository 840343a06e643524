package io.weft;

/**
 * A {@code ...Nowait} operation (for example {@code Lock.acquireNowait}, {@code
 * MemoryObjectSendStream.sendNowait}) could not complete without waiting. Nothing was done.
 *
 * <p>It is an expected answer, not a failure, and polling loops get it often, so it carries no
 * stack trace (making one cost about 800 ns, 70 times a failed {@code ArrayBlockingQueue.poll()}):
 * the message says which operation would have waited, and where it was called from is the {@code
 * catch} that handles it. It carries no suppressed exceptions either.
 */
public class WouldBlock extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with {@code message}, which says what would have waited. */
    public WouldBlock(String message) {
        super(message, null, false, false);
    }
}
