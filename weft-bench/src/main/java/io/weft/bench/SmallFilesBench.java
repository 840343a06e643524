package io.weft.bench;

import io.weft.TaskGroup;
import io.weft.file.AsyncPath;
import io.weft.thread.BlockingPortal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@value #N} small files ({@value #SIZE} bytes each) written and read back concurrently, per file:
 * {@value #N} tasks in one task group each calling {@code AsyncPath.writeBytes} then {@code
 * readBytes} (in worker threads, under the runtime's thread limiter of 40), beside {@value #N} raw
 * virtual threads each calling {@code Files.write} then {@code Files.readAllBytes}, then joined.
 *
 * <p>Weft's side runs in a runtime started for the trial (a {@link BlockingPortal}) and warmed with
 * one round, so its worker threads are there to be reused. The files are rewritten (truncated) on
 * every invocation, in the same directory on both sides.
 */
public class SmallFilesBench extends OnVirtualThread {
    static final int N = 1000;
    static final int SIZE = 1024;

    private Path dir;
    private List<Path> files;
    private byte[] data;
    private BlockingPortal portal;

    /** Creates the directory, names the files, starts and warms the runtime. */
    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("weft-small-files-bench");
        files = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            files.add(dir.resolve("file-" + i));
        }
        data = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            data[i] = (byte) i;
        }
        portal = BlockingPortal.start();
        weft();
    }

    /** Stops the runtime and removes the directory. */
    @TearDown
    public void tearDown() throws IOException {
        portal.close();
        BenchFiles.deleteFlat(dir);
    }

    /** N tasks writing and reading back a file each through AsyncPath. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long weft() {
        AtomicLong sum = new AtomicLong();
        portal.call(() ->
                TaskGroup.run(tg -> {
                    for (Path f : files) {
                        AsyncPath p = AsyncPath.of(f);
                        tg.startSoon(() -> {
                            p.writeBytes(data);
                            sum.addAndGet(p.readBytes().length);
                        });
                    }
                }));
        return sum.get();
    }

    /** N virtual threads writing and reading back a file each with Files. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long baseline_filesVirtualThreads() throws InterruptedException {
        AtomicLong sum = new AtomicLong();
        List<Thread> threads = new ArrayList<>(N);
        for (Path f : files) {
            threads.add(
                    Thread.ofVirtual()
                            .start(() -> {
                                try {
                                    Files.write(f, data);
                                    sum.addAndGet(Files.readAllBytes(f).length);
                                } catch (IOException e) {
                                    throw new IllegalStateException(e);
                                }
                            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return sum.get();
    }
}
