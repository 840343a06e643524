package io.weft.examples.docs;

import io.weft.Instrument;
import io.weft.RunOptions;
import io.weft.TaskInfo;
import io.weft.Weft;
import java.time.Duration;

/**
 * The instrument sample of docs/observability.md (see {@code DocSamples}; the task-tree sample is a
 * region of {@code io.weft.examples.TaskTreeDump}); {@code ObservabilityPageTest} runs it.
 */
public final class ObservabilityPage {
    private ObservabilityPage() {}

    static void serve() {
        Weft.sleep(Duration.ofMillis(10));
    }

    /** A run whose every wait is printed. Call it outside any runtime. */
    public static void instrument() {
        // region instrument
        Instrument waits = new Instrument() {
            @Override
            public void beforeWait(TaskInfo task, String waitingIn) {
                System.out.println(task.name() + " waits in " + waitingIn);
            }
        };
        Weft.run(RunOptions.defaults().instrument(waits), () -> serve());
        // endregion
    }
}
