package io.weft.process;

import static io.weft.process.ProcessTesting.NO_INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Lock;
import io.weft.testing.ScheduleTrace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SERIAL: a process's events (its start, output and exit) reach the waiting task through the
 * runtime's normal wake-up path, so a program that runs processes is reproducible in its task order
 * for a given seed, as one that does not.
 *
 * <p>The program takes care that a process's events can only arrive while every other task waits
 * (each task runs its process holding a lock, after {@code waitAllTasksBlocked}): then when they
 * arrive does not change which task runs next. What may differ between two runs is only whether the
 * task parked before its event came: a {@code "x wait -> (all blocked)"} then {@code "- wake -> x"}
 * pair in the trace, or neither. The trace compared leaves those pairs out.
 *
 * <p>Weft's own test (issue 15); AnyIO has no deterministic scheduler to test.
 */
class ProcessSerialTest {

    /** Three tasks, each three times: a checkpoint, then a process run under a lock. */
    private static List<String> program() throws Exception {
        List<String> log = new ArrayList<>();
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            for (String name : List.of("a", "b", "c")) {
                tg.startSoon(
                        name,
                        () -> {
                            for (int i = 0; i < 3; i++) {
                                log.add(name + i + " ready");
                                Weft.checkpoint();
                                try (var _ = lock.acquire()) {
                                    Weft.waitAllTasksBlocked(); // the others wait for the lock
                                    CompletedProcess r =
                                            Processes.runShell(
                                                    "echo " + name + i + "; echo err >&2",
                                                    NO_INPUT);
                                    log.add(r.stdoutText().strip() + " ran by " + name);
                                }
                            }
                        });
            }
        });
        return log;
    }

    private record Run(List<String> log, List<String> trace) {}

    private static Run run(Long seed) throws Exception {
        ScheduleTrace trace = new ScheduleTrace();
        RunOptions options = RunOptions.defaults().backend(Backend.SERIAL).trace(trace);
        if (seed != null) {
            options = options.seed(seed);
        }
        List<String> log = Weft.run(options, ProcessSerialTest::program);
        List<String> handoffs =
                trace.events().stream()
                        .filter(e -> !e.endsWith(" wait -> (all blocked)"))
                        .filter(e -> !e.startsWith("- wake -> "))
                        .toList();
        return new Run(log, handoffs);
    }

    @Test
    void theSameSeedGivesTheSameTaskOrder() throws Exception {
        for (long seed : new long[] {1, 15, -4_242_424_242L}) {
            Run first = run(seed);
            assertThat(first.log()).hasSize(18);
            assertThat(first.trace()).hasSizeGreaterThan(18);
            Run second = run(seed);
            assertThat(second.log()).as("seed %d: the log", seed).isEqualTo(first.log());
            assertThat(second.trace()).as("seed %d: the handoffs", seed).isEqualTo(first.trace());
        }
    }

    @Test
    void fifoOrderIsReproducibleToo() throws Exception {
        Run first = run(null);
        Run second = run(null);
        assertThat(second.log()).isEqualTo(first.log());
        assertThat(second.trace()).isEqualTo(first.trace());
        // FIFO: the three tasks take turns at the lock.
        assertThat(first.log().stream().filter(l -> l.contains(" ran by ")).toList())
                .containsExactly(
                        "a0 ran by a",
                        "b0 ran by b",
                        "c0 ran by c",
                        "a1 ran by a",
                        "b1 ran by b",
                        "c1 ran by c",
                        "a2 ran by a",
                        "b2 ran by b",
                        "c2 ran by c");
    }

    /** The program has real choices: different seeds order its tasks differently. */
    @Test
    void differentSeedsGiveDifferentOrders() throws Exception {
        Set<List<String>> logs = new HashSet<>();
        for (long seed = 1; seed <= 6; seed++) {
            logs.add(run(seed).log());
        }
        assertThat(logs).hasSizeGreaterThan(1);
    }
}
