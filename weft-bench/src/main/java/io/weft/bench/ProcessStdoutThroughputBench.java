package io.weft.bench;

import io.weft.EndOfStream;
import io.weft.Weft;
import io.weft.process.Processes;
import io.weft.process.WeftProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading a process's output, per MiB: {@code cat} of a {@value #MIB} MiB file read through {@code
 * WeftProcess.stdout().receive(ByteBuffer)} into a 64 KiB buffer, beside {@code
 * Process.getInputStream().read} into a 64 KiB array. Weft's bytes pass through a process thread
 * (the pump) and its buffer, one copy more than the baseline's, but the pump reads the next chunk
 * while the task handles the last.
 */
public class ProcessStdoutThroughputBench extends OnVirtualThread {
    static final int MIB = 100;

    private Path file;

    /** Writes the file {@code cat} reads. */
    @Setup(Level.Trial)
    public void writeFile() throws IOException {
        file = BenchFiles.write(MIB);
    }

    /** Deletes the file. */
    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The file through a Weft process's stdout. */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public long weft() throws IOException {
        return Weft.run(() -> {
            long total = 0;
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try (WeftProcess p = Processes.open(List.of("cat", file.toString()))) {
                for (; ; ) {
                    buf.clear();
                    try {
                        total += p.stdout().receive(buf);
                    } catch (EndOfStream end) {
                        break;
                    }
                }
                p.waitFor();
            }
            return total;
        });
    }

    /** The file through {@code Process.getInputStream()}. */
    @Benchmark
    @OperationsPerInvocation(MIB)
    public long baseline_processInputStream() throws IOException, InterruptedException {
        long total = 0;
        byte[] buf = new byte[65536];
        Process p = new ProcessBuilder("cat", file.toString()).start();
        try (InputStream in = p.getInputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
            }
        }
        p.waitFor();
        return total;
    }
}
