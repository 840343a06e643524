package io.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * What Weft's JFR events cost while no recording enables them: {@link TaskGroupSpawnBench}'s Weft
 * side (a task start and a task end event site per task) as shipped, beside the same in a JVM
 * started with {@code -Dweft.jfr=false}, where the sites are compiled out. Target: within noise (≤
 * 1.02 ×). Run it with a recording on by adding JMH's {@code -prof jfr} or {@code -jvmArgs
 * -XX:StartFlightRecording:...} to see what an enabled recording costs.
 */
public class TaskEventsOffBench extends OnVirtualThread {

    /** Spawn and join, events compiled in, no recording. */
    @Benchmark
    @OperationsPerInvocation(TaskGroupSpawnBench.N)
    public void weft() {
        TaskGroupSpawnBench.spawnAndJoin();
    }

    /** The same in a JVM where {@code weft.jfr=false} compiles the event sites out. */
    @Benchmark
    @OperationsPerInvocation(TaskGroupSpawnBench.N)
    @Fork(
            value = 2,
            jvmArgsPrepend = "-Djmh.executor=VIRTUAL",
            jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dweft.jfr=false"}) // OnVirtualThread's, plus
    public void baseline_eventsCompiledOut() {
        TaskGroupSpawnBench.spawnAndJoin();
    }
}
