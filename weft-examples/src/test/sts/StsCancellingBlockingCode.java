import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;

/**
 * Blocking code under the JDK's StructuredTaskScope, beside CancellingBlockingCode (program 4 of
 * docs/coming-from-kotlin-and-structured-task-scope.md): the timeout interrupts the subtask
 * blocked in take(). StructuredTaskScope is a preview API in Java 25:
 * StructuredTaskScopeSamplesTest compiles this file with --enable-preview and runs it. Expected
 * output:
 *
 * <pre>
 * join() threw StructuredTaskScope.TimeoutException; take() was interrupted
 * </pre>
 */
public class StsCancellingBlockingCode {
    static void takeWithin100Ms(BlockingQueue<String> queue) throws InterruptedException {
        // region blocking
        try (var scope = StructuredTaskScope.open(Joiner.<String>anySuccessfulResultOrThrow(),
                                                  cf -> cf.withTimeout(Duration.ofMillis(100)))) {
            scope.fork(() -> queue.take());     // InterruptedException at the timeout
            scope.join();                       // StructuredTaskScope.TimeoutException
        }   // a subtask that ignores the interrupt keeps close() waiting; nothing can be abandoned
        // endregion
    }

    public static void main(String[] args) throws InterruptedException {
        try {
            takeWithin100Ms(new LinkedBlockingQueue<>()); // nothing is ever put
        } catch (StructuredTaskScope.TimeoutException e) {
            // close() waits for the subtask: had take() not been interrupted, it would wait forever
            System.out.println("join() threw StructuredTaskScope.TimeoutException; take() was interrupted");
        }
    }
}
