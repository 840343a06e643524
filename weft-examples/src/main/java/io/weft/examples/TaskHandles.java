package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Scenario S6, task handles: "Working with task handles" on AnyIO's "Creating and managing tasks"
 * page (tasks.rst).
 *
 * <p>Five tasks return their number after 1 s; task 1 is cancelled through its handle, and the host
 * waits for task 2 alone. Expected output: {@code 2}, then {@code Tasks finished: 0, 2, 3, 4}.
 */
public final class TaskHandles {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /**
     * A handle cancels its task alone (the group goes on), waits for its task alone, and reports
     * the task's status and result once the group has finished.
     */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    List<TaskHandle<String>> handles = new ArrayList<>();
                    TaskGroup.run(tg -> {
                        for (int n = 0; n < 5; n++) {
                            int num = n;
                            handles.add(
                                    tg.startSoon(() -> {
                                        Weft.sleep(Duration.ofSeconds(1));
                                        return String.valueOf(num);
                                    }));
                        }
                        handles.get(1).cancel();
                        out.println(handles.get(2).join());
                    });
                    out.println(
                            "Tasks finished: "
                                    + handles.stream()
                                            .filter(h -> h.status() == TaskHandle.Status.FINISHED)
                                            .map(TaskHandle::result)
                                            .collect(Collectors.joining(", ")));
                });
    }
}
