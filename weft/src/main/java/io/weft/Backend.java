package io.weft;

import java.util.List;

/**
 * How a runtime gives its tasks threads. Code written against Weft runs unchanged on every backend.
 */
public enum Backend {
    /** One virtual thread per task (the default). */
    VIRTUAL,

    /**
     * One platform thread per task: for code that must not run on virtual threads (deep native
     * calls, heavy {@code ThreadLocal} use), and a second implementation that keeps Weft's
     * semantics independent of the scheduler.
     */
    PLATFORM;

    /** The backends this JVM can run; all of them, on Java 25. */
    public static List<Backend> available() {
        return List.of(values());
    }
}
