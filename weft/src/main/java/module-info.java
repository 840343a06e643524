/**
 * Weft: structured concurrency (task groups, cancel scopes, deadlines) for Java 25 on virtual
 * threads, modelled on Python's AnyIO and Trio.
 *
 * <p>Start at {@link io.weft.Weft}: {@code Weft.run(...)} starts a runtime, {@link
 * io.weft.TaskGroup} runs tasks concurrently, {@link io.weft.CancelScope} and the timeout helpers
 * on {@code Weft} cancel them.
 */
module io.weft {
    // The diagnostics MBean (io.weft:type=Diagnostics; see WeftDiagnostics).
    requires java.management;
    // Weft's JFR events (io.weft.TaskStart, ...; see docs/observability.md).
    requires jdk.jfr;
    // sun.misc.Signal, for io.weft.signal (reached reflectively: see SunMiscSignals).
    requires jdk.unsupported;

    exports io.weft;
    exports io.weft.sync;
    exports io.weft.stream;
    exports io.weft.net;
    exports io.weft.thread;
    exports io.weft.process;
    exports io.weft.signal;
    exports io.weft.file;
    exports io.weft.testing;
    exports io.weft.util;
    // The JUnit extension needs the runtime's handle (task dump, cancelling a hung test).
    exports io.weft.internal to
            io.weft.junit;
}
