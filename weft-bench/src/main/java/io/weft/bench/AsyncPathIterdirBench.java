package io.weft.bench;

import io.weft.file.AsyncPath;
import io.weft.file.PathIterator;
import io.weft.thread.BlockingPortal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Listing a directory of {@value #N} entries, per entry: {@code AsyncPath.iterdir()} in a Weft task
 * beside {@code Files.list} on the (virtual) benchmark thread.
 *
 * <p>Weft's side runs in a runtime started for the trial (a {@link BlockingPortal}), so its worker
 * threads are warm; each invocation is one portal call that iterates the whole directory. The
 * iterator fetches its entries in batches in a worker thread (128, then twice as many per step, up
 * to 4,096: seven hand-offs for {@value #N} entries; each next batch is read ahead while the task
 * uses the current one) and wraps each in an {@code AsyncPath}; the baseline reads the same {@code
 * DirectoryStream} on the calling thread.
 */
public class AsyncPathIterdirBench extends OnVirtualThread {
    static final int N = 10_000;

    private Path dir;
    private BlockingPortal portal;

    /** Creates the directory and its entries, and starts the runtime. */
    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("weft-iterdir-bench");
        for (int i = 0; i < N; i++) {
            Files.createFile(dir.resolve("entry-" + i));
        }
        portal = BlockingPortal.start();
    }

    /** Stops the runtime and removes the directory. */
    @TearDown
    public void tearDown() throws IOException {
        portal.close();
        BenchFiles.deleteFlat(dir);
    }

    /** Every entry through {@code AsyncPath.iterdir()}. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int weft() throws IOException {
        return portal.call(() -> {
            int n = 0;
            try (PathIterator<AsyncPath> it = AsyncPath.of(dir).iterdir()) {
                for (AsyncPath p : it) {
                    n += p.toPath().getNameCount() > 0 ? 1 : 0;
                }
            }
            return n;
        });
    }

    /** Every entry through {@code Files.list} on the virtual benchmark thread. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int baseline_filesListVirtualThread() throws IOException {
        int n = 0;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                n += p.getNameCount() > 0 ? 1 : 0;
            }
        }
        return n;
    }
}
