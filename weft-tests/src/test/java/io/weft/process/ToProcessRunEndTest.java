package io.weft.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.CapacityLimiter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The worker pool belongs to its run: no worker JVM outlives {@code Weft.run} (idle ones, and one
 * whose cancellable call the run's end cancels), and each runtime has its own pool and default
 * limiter. On every backend.
 */
@Timeout(60)
class ToProcessRunEndTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void noWorkerJvmOutlivesTheRun(Backend backend) throws IOException {
        Path fifos = dir;
        List<ProcessHandle> workers =
                Weft.run(
                        RunOptions.defaults().backend(backend),
                        () -> {
                            Gate a = Gate.create(fifos, "a");
                            Gate b = Gate.create(fifos, "b");
                            Gate never = Gate.create(fifos, "never");
                            Gate running = Gate.create(fifos, "running");
                            List<ProcessHandle> seen = new ArrayList<>();
                            ToProcessOptions three =
                                    ToProcessOptions.defaults().limiter(new CapacityLimiter(3));
                            // Three workers at once; two go idle, the third stays busy in a call
                            // that only the end of the run ends (the root's cancellation).
                            TaskGroup.run(tg -> {
                                for (Gate g : List.of(a, b)) {
                                    tg.startSoon(() ->
                                            ToProcess.runSync(
                                                    three,
                                                    () -> {
                                                        g.await();
                                                        return 0;
                                                    }));
                                }
                                tg.startSoon(() ->
                                        ToProcess.runSync(
                                                three.cancellable(true),
                                                () -> {
                                                    running.signal();
                                                    never.await();
                                                    return 0;
                                                }));
                                running.awaitSignal();
                                a.open();
                                b.open();
                                for (long pid : Workers.pool().workerPids()) {
                                    seen.add(ProcessHandle.of(pid).orElseThrow());
                                }
                                tg.cancelScope().cancel();
                            });
                            return seen;
                        });
        assertThat(workers).hasSize(3);
        assertThat(workers).noneMatch(ProcessHandle::isAlive);
        assertThat(Workers.alive()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void idleWorkersAreKilledWhenTheRunEnds(Backend backend) {
        ProcessHandle worker =
                Weft.run(
                        RunOptions.defaults().backend(backend),
                        () -> ProcessHandle.of(Workers.workerPid()).orElseThrow());
        assertThat(worker.isAlive()).isFalse();
        assertThat(Workers.alive()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachRuntimeHasItsOwnWorkersAndDefaultLimiter(Backend backend) {
        RunOptions options = RunOptions.defaults().backend(backend);
        long first = Weft.run(options, Workers::workerPid);
        long second = Weft.run(options, Workers::workerPid);
        assertThat(second).isNotEqualTo(first);
        CapacityLimiter one = Weft.run(options, ToProcess::currentDefaultProcessLimiter);
        CapacityLimiter two = Weft.run(options, ToProcess::currentDefaultProcessLimiter);
        assertThat(one).isNotSameAs(two);
    }
}
