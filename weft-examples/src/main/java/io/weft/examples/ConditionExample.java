package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Condition;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario S13, conditions: "Conditions" on AnyIO's "Using synchronization primitives" page
 * (synchronization.rst). AnyIO's {@code notify(n)} and {@code notify_all()} are {@code signal(n)}
 * and {@code signalAll()}.
 *
 * <p>Expected output: {@code Woke up task number N} for N = 0 to 5, each once, about a second apart
 * in groups of one, two and three: the first signal wakes the task that started waiting first, the
 * second the next two, {@code signalAll()} the rest. On the SERIAL backend the tasks start waiting
 * in the order they were started, so the lines come in AnyIO's order, 0 to 5.
 */
public final class ConditionExample {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void listen(int tasknum, Condition condition, PrintStream out, List<Integer> waits) {
        try (var _ = condition.acquire()) {
            waits.add(tasknum); // under the lock: the order in which the tasks start waiting
            condition.await();
            out.println("Woke up task number " + tasknum);
        }
    }

    /** Six tasks wait on a condition; the host wakes one, then two, then all the rest. */
    public static void run(RunOptions options, PrintStream out) {
        run(options, out, new ArrayList<>());
    }

    /**
     * As {@link #run(RunOptions, PrintStream)}, adding the task numbers to {@code waits} in the
     * order the tasks started waiting (each adds itself while it holds the lock).
     */
    static void run(RunOptions options, PrintStream out, List<Integer> waits) {
        Weft.run(
                options,
                () -> {
                    Condition condition = new Condition();
                    TaskGroup.run(tg -> {
                        for (int tasknum = 0; tasknum < 6; tasknum++) {
                            int n = tasknum;
                            tg.startSoon(() -> listen(n, condition, out, waits));
                        }

                        Weft.sleep(Duration.ofSeconds(1));
                        try (var _ = condition.acquire()) {
                            condition.signal(1);
                        }

                        Weft.sleep(Duration.ofSeconds(1));
                        try (var _ = condition.acquire()) {
                            condition.signal(2);
                        }

                        Weft.sleep(Duration.ofSeconds(1));
                        try (var _ = condition.acquire()) {
                            condition.signalAll();
                        }
                    });
                });
    }
}
