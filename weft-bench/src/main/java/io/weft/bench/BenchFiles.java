package io.weft.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Files and directories that benchmarks read: made once per trial, deleted at its tear-down. */
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

    /** Deletes {@code dir} and the files directly in it (benchmark directories are flat). */
    static void deleteFlat(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
