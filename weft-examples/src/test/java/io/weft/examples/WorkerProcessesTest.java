package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** WorkerProcesses: CPU-bound ranges in worker JVMs, two at a time under a limiter. */
class WorkerProcessesTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eightRangesAreCountedByTwoWorkers(Backend backend) {
        List<String> lines = Output.of(WorkerProcesses::run, backend);
        assertThat(lines)
                .containsExactly(
                        "[0, 250000): 22044 primes",
                        "[250000, 500000): 19494 primes",
                        "[500000, 750000): 18700 primes",
                        "[750000, 1000000): 18260 primes",
                        "[1000000, 1250000): 17971 primes",
                        "[1250000, 1500000): 17686 primes",
                        "[1500000, 1750000): 17453 primes",
                        "[1750000, 2000000): 17325 primes",
                        "148933 primes below 2000000, counted by 2 worker JVMs");
    }
}
