package io.weft.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files that benchmarks read: written once per trial, deleted by the benchmark's tear-down. */
final class BenchFiles {
    private BenchFiles() {}

    /** A new temporary file of {@code mib} MiB of a repeating byte pattern. */
    static Path write(int mib) throws IOException {
        Path file = Files.createTempFile("weft-bench-", ".bin");
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                out.write(block);
            }
        }
        return file;
    }
}
