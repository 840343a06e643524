package io.weft.bench;

import io.weft.Instrument;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.TaskInfo;
import io.weft.Weft;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * What an installed {@link Instrument} costs: {@link TaskGroupSpawnBench}'s spawn and join with an
 * instrument that counts every spawn, schedule and exit, beside the same run with no instrument.
 * (What the instrument hooks cost when none is installed is measured across commits, on {@code
 * TaskGroupSpawnBench} and {@code ChannelPairRendezvousBench}: see docs/benchmarks.md.)
 */
public class InstrumentBench extends OnVirtualThread {
    private static final LongAdder CALLS = new LongAdder();

    private static final Instrument COUNTING =
            new Instrument() {
                @Override
                public void taskSpawned(TaskInfo task) {
                    CALLS.increment();
                }

                @Override
                public void taskScheduled(TaskInfo task) {
                    CALLS.increment();
                }

                @Override
                public void taskExited(TaskInfo task) {
                    CALLS.increment();
                }
            };

    private static final RunOptions INSTRUMENTED = RunOptions.defaults().instrument(COUNTING);

    /** Spawn and join N tasks with a counting instrument installed. */
    @Benchmark
    @OperationsPerInvocation(TaskGroupSpawnBench.N)
    public void weft() {
        Weft.run(
                INSTRUMENTED,
                () ->
                        TaskGroup.run(tg -> {
                            for (int i = 0; i < TaskGroupSpawnBench.N; i++) {
                                tg.startSoon(() -> {});
                            }
                        }));
    }

    /** The same with no instrument. */
    @Benchmark
    @OperationsPerInvocation(TaskGroupSpawnBench.N)
    public void baseline_noInstrument() {
        TaskGroupSpawnBench.spawnAndJoin();
    }
}
