package io.weft.examples;

import io.weft.Backend;
import io.weft.RunOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/** Runs an example program and captures what it prints, from whichever tasks print it. */
final class Output {
    private Output() {}

    /**
     * Runs {@code program} on {@code backend} and returns its output lines. {@code println} on a
     * {@code PrintStream} writes a whole line under the stream's lock, and {@code
     * ByteArrayOutputStream} is synchronized, so lines printed by parallel tasks never interleave.
     */
    static List<String> of(BiConsumer<RunOptions, PrintStream> program, Backend backend) {
        return of(program, RunOptions.defaults().backend(backend));
    }

    /** As {@link #of(BiConsumer, Backend)}, with the given options. */
    static List<String> of(BiConsumer<RunOptions, PrintStream> program, RunOptions options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            program.accept(options, out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
