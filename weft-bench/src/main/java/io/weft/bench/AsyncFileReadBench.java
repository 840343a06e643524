package io.weft.bench;

import io.weft.file.AsyncFile;
import io.weft.thread.BlockingPortal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading a file, per MiB: a {@value #MIB} MiB file (in the page cache after the first trial) read
 * in 64 KiB chunks through {@link AsyncFile}, beside {@code FileChannel.read} into a 64 KiB heap
 * buffer on the (virtual) benchmark thread.
 *
 * <p>{@code weft} reads with {@code read(65536)} (a new array per chunk, the natural call); {@code
 * weft_readInto} reuses one 64 KiB buffer as the baseline does. Each chunk is read in the task,
 * under a limiter token and with Weft's interrupts held back (ADR 0016): what a read that a
 * cancellation cannot break costs beyond the plain call. Weft's side runs in a runtime started for
 * the trial (a {@link BlockingPortal}); the open is a worker hand-off.
 */
public class AsyncFileReadBench extends OnVirtualThread {
    static final int MIB = 64;
    static final int CHUNK = 64 * 1024;

    private Path file;
    private BlockingPortal portal;

    /** Writes the file and starts the runtime. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = BenchFiles.write(MIB);
        portal = BlockingPortal.start();
    }

    /** Stops the runtime and deletes the file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        portal.close();
        Files.deleteIfExists(file);
    }

    /** The file through {@code AsyncFile.read(65536)}. */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public long weft() throws IOException {
        return portal.call(() -> {
            long total = 0;
            try (AsyncFile f = AsyncFile.open(file, "rb")) {
                for (byte[] b; (b = f.read(CHUNK)).length > 0; ) {
                    total += b.length;
                }
            }
            return total;
        });
    }

    /** The file through {@code AsyncFile.readInto} of one reused 64 KiB buffer. */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public long weft_readInto() throws IOException {
        return portal.call(() -> {
            long total = 0;
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            try (AsyncFile f = AsyncFile.open(file, "rb")) {
                for (int n; (n = f.readInto(buf.clear())) > 0; ) {
                    total += n;
                }
            }
            return total;
        });
    }

    /** The file through {@code FileChannel.read} on the benchmark's virtual thread. */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public long baseline_fileChannel() throws IOException {
        long total = 0;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = ch.read(buf.clear())) > 0; ) {
                total += n;
            }
        }
        return total;
    }

    /**
     * {@code FileChannel.read} into a new 64 KiB array per chunk, as {@code AsyncFile.read(65536)}
     * returns one: what the allocation costs on its own.
     */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public long baseline_fileChannelNewArrays() throws IOException {
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = ch.read(ByteBuffer.wrap(new byte[CHUNK]))) > 0; ) {
                total += n;
            }
        }
        return total;
    }
}
