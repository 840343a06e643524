package io.weft.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Helpers of the AsyncPath tests: a fresh temporary directory per test, removed afterwards. */
final class PathTesting {
    private PathTesting() {}

    /** A body given a fresh, empty directory. */
    @FunctionalInterface
    interface InDir {
        /** Runs with the directory. */
        void run(Path dir) throws Exception;
    }

    /**
     * Runs {@code body} with a fresh temporary directory, then removes it with plain JDK calls
     * (deepest first, links removed as links), whatever the body left there.
     */
    static void inTempDir(InDir body) throws Exception {
        Path dir = Files.createTempDirectory("weft-path").toRealPath();
        try {
            body.run(dir);
        } finally {
            deleteTree(dir);
        }
    }

    /** Removes {@code dir} and what is under it, never following links; silent if it is gone. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            p.toFile().setWritable(true);
            Files.deleteIfExists(p);
        }
    }

    /**
     * AnyIO's {@code populated_tmpdir}: {@code testfile}, {@code testfile2}, and {@code subdir} and
     * {@code sibdir} with {@code dummyfile1.txt} and {@code dummyfile2.txt} each, and {@code
     * subdir/symlink} pointing to {@code sibdir}; made with plain JDK calls.
     */
    static void populate(Path dir) throws IOException {
        Files.createFile(dir.resolve("testfile"));
        Files.createFile(dir.resolve("testfile2"));
        for (String d : List.of("subdir", "sibdir")) {
            Files.createDirectory(dir.resolve(d));
            Files.createFile(dir.resolve(d).resolve("dummyfile1.txt"));
            Files.createFile(dir.resolve(d).resolve("dummyfile2.txt"));
        }
        Files.createSymbolicLink(dir.resolve("subdir/symlink"), dir.resolve("sibdir"));
    }

    /**
     * How many of this process's open file descriptors refer to {@code dir} (Linux's {@code
     * /proc/self/fd}); counting only {@code dir}'s keeps other threads' files out of it.
     */
    static long openHandlesOf(Path dir) throws IOException {
        Path real = dir.toRealPath();
        long n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        n++;
                    }
                } catch (IOException e) {
                    // the descriptor closed while listing (the listing's own among them)
                }
            }
        }
        return n;
    }
}
