package io.weft;

import io.weft.internal.Secrets;

/**
 * Thrown at a checkpoint when the task is inside a cancelled {@link CancelScope}.
 *
 * <p>It propagates out to the outermost cancelled scope that caused it, and that scope swallows it
 * (its {@link CancelScope#cancelledCaught()} becomes true); code after the scope continues. The
 * message names the scope, the task that cancelled it and the reason, if one was given.
 *
 * <p>{@code Cancelled} is an {@link Error}, as {@code ThreadDeath} was and for Trio's reason: a
 * {@code catch (Exception e)} must not swallow it. Only Weft creates it; there is no public
 * constructor, because a {@code Cancelled} that no scope caused could never be swallowed.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Catching it does not stop the cancellation. Cancellation is <em>level-triggered</em>: while
 *       the task stays inside the cancelled scope every checkpoint throws again. Catch it only to
 *       clean up, then rethrow.
 *   <li>Cleanup that must wait (close a connection politely) needs a shield, otherwise its first
 *       checkpoint throws: {@code Weft.moveOnAfterShielded(Duration.ofSeconds(5), s ->
 *       conn.close())}.
 *   <li>{@code catch (Throwable t)} swallows it. Rethrow, or use {@code catch (Exception e)}.
 * </ul>
 */
public final class Cancelled extends Error {
    private static final long serialVersionUID = 1L;

    static {
        Secrets.registerCancelledFactory(Cancelled::new);
    }

    private Cancelled(String message, Throwable cause) {
        super(message, cause);
    }
}
