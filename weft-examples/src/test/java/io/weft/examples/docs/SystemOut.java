package io.weft.examples.docs;

import io.weft.Backend;
import io.weft.CheckedRunnable;
import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.testing.MockClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Runs a page's sample and returns what it printed to {@code System.out}, from whichever tasks or
 * threads printed it. The pages' samples print to {@code System.out}, as a reader's code would; the
 * tests of this module run one at a time, so replacing it for the length of a sample is safe.
 */
final class SystemOut {
    private SystemOut() {}

    /** The lines {@code body} printed. */
    static List<String> of(CheckedRunnable<?> body) throws Throwable {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            body.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The lines {@code body} printed, run as the root task of a runtime on {@code backend}. */
    static List<String> inRuntime(Backend backend, CheckedRunnable<?> body) throws Throwable {
        return of(() -> Weft.run(RunOptions.defaults().backend(backend), body));
    }

    /**
     * As {@link #inRuntime}, on virtual time: a {@link MockClock} that jumps to the next deadline
     * whenever every task waits, so a sample's seconds of sleeps take milliseconds.
     */
    static List<String> inVirtualTime(Backend backend, CheckedRunnable<?> body) throws Throwable {
        MockClock clock = new MockClock();
        clock.autojumpThreshold(Duration.ZERO);
        return of(() -> Weft.run(RunOptions.defaults().backend(backend).clock(clock), body));
    }
}
