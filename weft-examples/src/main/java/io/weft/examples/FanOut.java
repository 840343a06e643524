package io.weft.examples;

import io.weft.CheckedCallable;
import io.weft.ExceptionGroup;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.util.Tasks;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out, the first program of docs/coming-from-kotlin-and-structured-task-scope.md: fetch three
 * "pages" at once and collect them; when one fetch fails, the others are cancelled and the failure
 * comes out of the task group; and the first answer of three mirrors wins.
 *
 * <p>A fetch is a {@link Weft#sleep} as long as the page takes (a path containing {@code broken}
 * fails after it), so the program runs on virtual time too: its test runs it on a {@code
 * MockClock}. Expected output:
 *
 * <pre>
 * all three: [page /a, page /b, page /c]
 * failed: unhandled errors in a TaskGroup (1 sub-exception)
 *   member: java.io.IOException: 503 Service Unavailable: /broken
 *   /a: CANCELLED
 *   /broken: FAILED
 *   /c: CANCELLED
 * first answer: page /mirror-2
 * </pre>
 */
public final class FanOut {
    private FanOut() {}

    /** Runs the program on the backend named by the optional argument. */
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /**
     * Fetches {@code path}: waits {@code millis} milliseconds (a checkpoint, so a cancellation ends
     * it), then returns the page, or fails if the path contains {@code broken}.
     */
    static String fetch(String path, long millis) throws IOException {
        Weft.sleep(Duration.ofMillis(millis));
        if (path.contains("broken")) {
            throw new IOException("503 Service Unavailable: " + path);
        }
        return "page " + path;
    }

    /** The three parts, one after the other, in one runtime. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    out.println(
                            "all three: "
                                    + fetchAll(
                                            List.of("/a", "/b", "/c"), List.of(300L, 100L, 200L)));
                    firstFailureCancelsTheRest(out);
                    out.println(
                            "first answer: "
                                    + firstAnswer(
                                            List.of("/broken-mirror", "/mirror-2", "/mirror-3"),
                                            List.of(50L, 100L, 200L)));
                });
    }

    // fetchAll is Kotlin's awaitAll and the JDK's Joiner.allSuccessfulOrThrow(): Tasks.gather runs
    // the calls in a task group and returns once all have ended. firstAnswer is the JDK's
    // Joiner.anySuccessfulResultOrThrow(): the slower fetches are cancelled once one has returned,
    // and only if every mirror fails does Tasks.race throw, an ExceptionGroup of all the failures.
    // The region is the Weft block of docs/coming-from-kotlin-and-structured-task-scope.md, part 1.
    // region fan-out
    static List<String> fetchAll(List<String> paths, List<Long> millis) {
        return Tasks.gather(fetches(paths, millis));   // in order; every task has ended here
    }   // a failure cancels the others, then comes out in an ExceptionGroup

    static String firstAnswer(List<String> mirrors, List<Long> millis) {
        return Tasks.race(fetches(mirrors, millis));   // the first success; a failed mirror only drops out
    }

    static List<CheckedCallable<String, IOException>> fetches(List<String> paths, List<Long> millis) {
        List<CheckedCallable<String, IOException>> calls = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            long ms = millis.get(i);
            calls.add(() -> fetch(path, ms));          // Kotlin: paths.zip(millis)
        }
        return calls;
    }
    // endregion

    /**
     * One fetch fails after 100 ms: the group cancels the two others (they are waiting, so their
     * sleep throws {@code Cancelled}), waits for them, and throws an {@link ExceptionGroup} holding
     * the failure. The handles tell how each task ended.
     */
    static void firstFailureCancelsTheRest(PrintStream out) {
        // region first-failure
        List<String> paths = List.of("/a", "/broken", "/c");
        List<Long> millis = List.of(300L, 100L, 200L);
        List<TaskHandle<String>> handles = new ArrayList<>();
        try {
            TaskGroup.run(tg -> {
                for (int i = 0; i < paths.size(); i++) {
                    String path = paths.get(i);
                    long ms = millis.get(i);
                    handles.add(tg.startSoon(path, () -> fetch(path, ms)));   // a task named after its path
                }
            });
        } catch (ExceptionGroup failed) {
            out.println("failed: " + failed.getMessage());   // unhandled errors in a TaskGroup (1 sub-exception)
            failed.exceptions().forEach(e -> out.println("  member: " + e));   // IOException: ... /broken
        }
        handles.forEach(h -> out.println("  " + h.name() + ": " + h.status())); // CANCELLED, FAILED, CANCELLED
        // endregion
    }
}
