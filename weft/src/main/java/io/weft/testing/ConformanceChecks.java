package io.weft.testing;

import io.weft.ExceptionGroup;

/**
 * The assertions {@link StreamConformance} and {@link ObjectStreamConformance} share. The two kits
 * check the same rules over different calls (a byte stream's {@code receive(maxBytes)} may return
 * part of what was sent; an object stream's {@code receive()} returns one item whole), so their
 * checks stay their own; how a check runs and how it fails is one thing.
 */
final class ConformanceChecks {
    private ConformanceChecks() {}

    /** A check's body; any exception it throws fails the check. */
    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs the check {@code what} of the kit {@code kit}, turning its failure into an {@link
     * AssertionError} whose message names both. {@code expectedFromGroup}, if not null, is what one
     * task of a task group in the body must have thrown (and nothing else): the body must end with
     * that {@link ExceptionGroup}.
     */
    static void check(
            String kit, String what, Body body, Class<? extends Throwable> expectedFromGroup)
            throws Exception {
        try {
            body.run();
            if (expectedFromGroup != null) {
                throw new AssertionError("expected " + expectedFromGroup.getSimpleName());
            }
        } catch (AssertionError e) {
            throw new AssertionError(kit + ": " + what + ": " + e.getMessage(), e);
        } catch (ExceptionGroup g) {
            if (expectedFromGroup != null
                    && g.exceptions().size() == 1
                    && expectedFromGroup.isInstance(g.exceptions().get(0))) {
                return;
            }
            throw new AssertionError(kit + ": " + what + ": " + g, g);
        }
    }

    /** Fails unless {@code body} throws a {@code type}. */
    static void expectThrows(Class<? extends Throwable> type, Body body) {
        try {
            body.run();
        } catch (Throwable e) {
            if (type.isInstance(e)) {
                return;
            }
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + e, e);
        }
        throw new AssertionError("expected " + type.getSimpleName() + ", nothing was thrown");
    }

    /** Fails unless what was received is {@code expected}. */
    static void expect(String got, String expected) {
        if (!expected.equals(got)) {
            throw new AssertionError("received \"" + got + "\", expected \"" + expected + "\"");
        }
    }
}
