package io.weft.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Common settings of Weft's benchmarks: average time in ns/op, and the benchmark thread is a
 * <em>virtual</em> thread.
 *
 * <p>Weft's task owners are virtual threads, so the JMH worker thread that calls {@code Weft.run}
 * (or starts the baseline's root thread) is one too: {@code -Djmh.executor=VIRTUAL} (JMH 1.37 knows
 * PLATFORM, VIRTUAL, FJP and CUSTOM; VIRTUAL is a fixed pool of virtual worker threads on the
 * default scheduler). With the default platform worker, every invocation would also pay for waking
 * a parked platform thread, which is not what either side measures. The flag is passed with {@code
 * jvmArgsPrepend} so that a {@code -jvmArgs}/{@code -jvmArgsAppend} on the command line does not
 * drop it, and {@link #requireVirtualThread()} fails the run if it was dropped anyway.
 *
 * <p>A fixed 1 GiB heap keeps heap resizing out of the measurements.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 2,
        jvmArgsPrepend = "-Djmh.executor=VIRTUAL",
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public abstract class OnVirtualThread {
    /** Fails the trial unless the benchmark thread is virtual (see the class comment). */
    @Setup(Level.Trial)
    public void requireVirtualThread() {
        if (!Thread.currentThread().isVirtual()) {
            throw new IllegalStateException(
                    "Weft's benchmarks must run on a virtual benchmark thread; run them with"
                            + " -jvmArgsPrepend -Djmh.executor=VIRTUAL (bench/run does)");
        }
    }
}
