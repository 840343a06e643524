package io.weft.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this JVM ignores a signal, read from {@code /proc/self/status}: a signal ignored when the
 * JVM started (a build run under {@code nohup} ignores {@code HUP}) stays ignored, so an example
 * that sends it to itself would wait for it forever; its test is skipped instead.
 */
public final class IgnoredSignals {
    private IgnoredSignals() {}

    /** Whether signal number {@code signal} is ignored (false where /proc is not available). */
    public static boolean ignored(int signal) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (mask & (1L << (signal - 1))) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false; // cannot tell: run the test
        }
        return false;
    }
}
