import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;

/**
 * Fan-out with the JDK's StructuredTaskScope, beside FanOut (program 1 of
 * docs/coming-from-kotlin-and-structured-task-scope.md). StructuredTaskScope is a preview API in
 * Java 25: StructuredTaskScopeSamplesTest compiles this file with --enable-preview and runs it.
 * Expected output:
 *
 * <pre>
 * all three: [page /a, page /b, page /c]
 * failed: java.io.IOException: 503 Service Unavailable: /broken
 * first answer: page /mirror-2
 * </pre>
 */
public class StsFanOut {
    /** How long each fetch takes, in milliseconds. */
    static final Map<String, Long> MILLIS =
            Map.of("/a", 300L, "/b", 100L, "/c", 200L, "/broken", 100L,
                    "/broken-mirror", 50L, "/mirror-2", 100L, "/mirror-3", 200L);

    /** Sleeps as long as the path takes, then returns the page, or fails if it is broken. */
    static String fetch(String path) throws IOException, InterruptedException {
        Thread.sleep(MILLIS.get(path));
        if (path.contains("broken")) {
            throw new IOException("503 Service Unavailable: " + path);
        }
        return "page " + path;
    }

    // region fan-out
    List<String> fetchAll(List<String> paths) throws InterruptedException {
        try (var scope = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow())) {
            for (String p : paths) scope.fork(() -> fetch(p));
            return scope.join().map(Subtask::get).toList();   // in fork order
        }   // a failure: join() throws FailedException (cause: the first failure); the rest are interrupted
    }

    String firstAnswer(List<String> mirrors) throws InterruptedException {
        try (var scope = StructuredTaskScope.open(Joiner.<String>anySuccessfulResultOrThrow())) {
            for (String m : mirrors) scope.fork(() -> fetch(m));
            return scope.join();    // the first success; FailedException only if every mirror failed
        }
    }
    // endregion

    public static void main(String[] args) throws InterruptedException {
        StsFanOut program = new StsFanOut();
        System.out.println("all three: " + program.fetchAll(List.of("/a", "/b", "/c")));
        try {
            program.fetchAll(List.of("/a", "/broken", "/c"));
        } catch (StructuredTaskScope.FailedException e) {
            System.out.println("failed: " + e.getCause());
        }
        System.out.println(
                "first answer: "
                        + program.firstAnswer(List.of("/broken-mirror", "/mirror-2", "/mirror-3")));
    }
}
