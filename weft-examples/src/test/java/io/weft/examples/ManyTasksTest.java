package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S5 ManyTasks: five concurrent tasks, and the code after the group runs after all of them. */
class ManyTasksTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyTaskRunsThenFinishesAndTheGroupWaitsForAll(Backend backend) {
        List<String> lines = Output.of(ManyTasks::run, backend);
        if (backend == Backend.SERIAL) {
            // AnyIO's exact order: the tasks run in the order they were spawned, each up to its
            // sleep; the sleeps end in the order they began (each deadline is 1 s after its start),
            // and a woken task queues behind those woken before it.
            List<String> anyio = new ArrayList<>();
            for (int n = 0; n < 5; n++) {
                anyio.add("Task " + n + " running");
            }
            for (int n = 0; n < 5; n++) {
                anyio.add("Task " + n + " finished");
            }
            anyio.add("All tasks finished!");
            assertThat(lines).containsExactlyElementsOf(anyio);
        }
        List<String> taskLines = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            taskLines.add("Task " + n + " running");
            taskLines.add("Task " + n + " finished");
        }
        assertThat(lines).hasSize(11);
        assertThat(lines.subList(0, 10)).containsExactlyInAnyOrderElementsOf(taskLines);
        assertThat(lines.getLast()).isEqualTo("All tasks finished!");
        for (int n = 0; n < 5; n++) {
            assertThat(lines.indexOf("Task " + n + " running"))
                    .as("task %d runs before it finishes", n)
                    .isLessThan(lines.indexOf("Task " + n + " finished"));
        }
    }
}
