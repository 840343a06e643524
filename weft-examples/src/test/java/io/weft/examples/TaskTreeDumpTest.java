package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TaskTreeDump: the tree docs/observability.md shows, on every backend. */
class TaskTreeDumpTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theTreeShowsTheGroupItsTwoParkedTasksAndTheDeadline(Backend backend) {
        List<String> lines = Output.of(TaskTreeDump::run, backend);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0))
                .matches("Weft runtime \\d+ \\(" + backend + "\\), clock \\d+\\.\\d{3} s, 3 tasks");
        assertThat(lines.get(1))
                .matches("  task \\d+ 'io\\.weft\\.examples\\.TaskTreeDump\\.lambda' RUNNING");
        assertThat(lines.get(2)).isEqualTo("    task group");
        assertThat(lines.get(3))
                .matches(
                        "      task \\d+ 'worker' PARKED in io\\.weft\\.sync\\.Event\\.await on"
                                + " Event\\[unset, waiting=1\\] for \\d+\\.\\d{3} s");
        assertThat(lines.get(4))
                .matches(
                        "      task \\d+ 'ticker' PARKED in io\\.weft\\.Weft\\.sleep for \\d+\\.\\d{3} s,"
                                + " called from"
                                + " io\\.weft\\.examples\\.TaskTreeDump\\.tick\\(TaskTreeDump\\.java:\\d+\\)");
        assertThat(lines.get(5)).matches("        cancel scope: deadline in (89|90)\\.\\d{3} s");
    }
}
