import java.time.Duration;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;

/**
 * A time limit with the JDK's StructuredTaskScope, beside TimeLimits (program 2 of
 * docs/coming-from-kotlin-and-structured-task-scope.md). StructuredTaskScope is a preview API in
 * Java 25: StructuredTaskScopeSamplesTest compiles this file with --enable-preview and runs it.
 * Expected output:
 *
 * <pre>
 * timed out: the subtask was interrupted after 500 ms, not 10 s
 * </pre>
 */
public class StsTimeLimits {
    /** Sleeps {@code millis}, then returns the page. */
    static String fetch(String path, long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "page " + path;
    }

    public static void main(String[] args) throws InterruptedException {
        long start = System.nanoTime();
        // region timeout
        try (var scope = StructuredTaskScope.open(Joiner.<String>anySuccessfulResultOrThrow(),
                                                  cf -> cf.withTimeout(Duration.ofMillis(500)))) {
            scope.fork(() -> fetch("/slow", 10_000));
            String page = scope.join();   // throws StructuredTaskScope.TimeoutException (unchecked) at 500 ms
        } catch (StructuredTaskScope.TimeoutException e) {
            // the subtask was interrupted; there is no "move on" form, no shield, and nesting means
            // opening another scope with its own timeout
        }
        // endregion
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.println(
                millis < 5_000
                        ? "timed out: the subtask was interrupted after 500 ms, not 10 s"
                        : "took " + millis + " ms");
    }
}
