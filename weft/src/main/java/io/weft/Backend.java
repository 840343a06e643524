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
    PLATFORM,

    /**
     * One task at a time: a task runs until it reaches a Weft checkpoint or wait, then the next
     * ready task runs, in FIFO order or, with {@link RunOptions#seed(long)}, in an order chosen by
     * a seeded PRNG. It restores AnyIO's single-event-loop guarantees (a task started with {@code
     * startSoon} first runs when its starter reaches a checkpoint; code between two checkpoints
     * runs atomically with respect to other tasks) and makes concurrency tests reproducible. Each
     * task still has its own virtual thread. A task that blocks outside Weft stalls the whole
     * runtime, and Weft warns about it ({@link RunOptions#stallWarning(java.time.Duration)}).
     */
    SERIAL;

    /** The backends this JVM can run; all of them, on Java 25. */
    public static List<Backend> available() {
        return List.of(values());
    }
}
