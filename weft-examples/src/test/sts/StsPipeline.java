import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.SynchronousQueue;

/**
 * A pipeline with the JDK's StructuredTaskScope and blocking queues, beside Pipeline (program 3 of
 * docs/coming-from-kotlin-and-structured-task-scope.md): a BlockingQueue cannot be closed, so the
 * end of the stream is a value, one per consumer. StructuredTaskScope is a preview API in Java 25:
 * StructuredTaskScopeSamplesTest compiles this file with --enable-preview and runs it. It prints
 * the squares of 1 to 5 in the order they arrived (the two squarers run in parallel), e.g.
 *
 * <pre>
 * [1, 4, 16, 9, 25]
 * </pre>
 */
public class StsPipeline {
    /** The end of the stream: not a number the pipeline carries. */
    static final int DONE = -1;

    public static void main(String[] args) throws InterruptedException {
        // region pipeline
        try (var scope = StructuredTaskScope.open()) {
            var numbers = new SynchronousQueue<Integer>();
            var squares = new SynchronousQueue<Integer>();
            scope.fork(() -> {
                for (int n = 1; n <= 5; n++) numbers.put(n);
                numbers.put(DONE); numbers.put(DONE);             // one pill per squarer
                return null;
            });
            for (int i = 0; i < 2; i++) scope.fork(() -> {
                for (int n; (n = numbers.take()) != DONE; ) squares.put(n * n);
                squares.put(DONE);
                return null;
            });
            Subtask<List<Integer>> consumer = scope.fork(() -> {
                List<Integer> got = new ArrayList<>();
                for (int open = 2; open > 0; ) {                  // until both squarers' pills
                    int s = squares.take();
                    if (s == DONE) open--; else got.add(s);
                }
                return got;
            });
            scope.join();
            System.out.println(consumer.get());                   // in the order they arrived
        }
        // endregion
    }
}
