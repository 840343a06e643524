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
 *   <li>In production it has no stack trace (see below): log its message, which names the scope,
 *       the canceller and the reason; a task dump shows where a task waits.
 * </ul>
 *
 * <h2>Stack traces</h2>
 *
 * <p>Filling in a stack trace costs more than everything else a cancelled task does (about 690 of
 * the 770 bytes it allocates, and half the time of cancelling a large group), and the scope that
 * caused a {@code Cancelled} swallows it, so nobody reads that trace in a working program. So, as
 * Kotlin's coroutines do, a {@code Cancelled} has a stack trace only when assertions are enabled
 * for Weft's classes ({@code -ea}, as test runners enable them), and none otherwise. The system
 * property {@code weft.cancelledStackTraces} overrides that: {@code true} always, {@code false}
 * never, {@code auto} (the default) as described. It is read once, when the class is loaded; any
 * other value fails that loading with an {@link IllegalArgumentException} naming the property.
 */
public final class Cancelled extends Error {
    private static final long serialVersionUID = 1L;

    static {
        Secrets.registerCancelledFactory(Cancelled::new);
    }

    /** The system property that chooses whether a {@code Cancelled} has a stack trace. */
    static final String STACK_TRACES_PROPERTY = "weft.cancelledStackTraces";

    private static final boolean STACK_TRACES =
            stackTraces(
                    System.getProperty(STACK_TRACES_PROPERTY),
                    Cancelled.class.desiredAssertionStatus());

    private Cancelled(String message, Throwable cause) {
        super(message, cause, true, STACK_TRACES);
    }

    /**
     * Whether a {@code Cancelled} gets a stack trace, for the property's {@code value} (null when
     * unset) and whether assertions are enabled for this class.
     *
     * @throws IllegalArgumentException if {@code value} is none of {@code true}, {@code false} and
     *     {@code auto}
     */
    static boolean stackTraces(String value, boolean assertionsEnabled) {
        if (value == null || value.equals("auto")) {
            return assertionsEnabled;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw new IllegalArgumentException(
                            "system property "
                                    + STACK_TRACES_PROPERTY
                                    + " is '"
                                    + value
                                    + "': use true, false or auto (stack traces only when"
                                    + " assertions are enabled, the default)");
        };
    }

    /** Whether this JVM's {@code Cancelled}s have stack traces (see the class comment). */
    static boolean hasStackTraces() {
        return STACK_TRACES;
    }
}
