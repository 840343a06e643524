package io.weft.examples;

import io.weft.BrokenResourceError;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.stream.MemoryObjectReceiveStream;
import io.weft.stream.MemoryObjectSendStream;
import io.weft.stream.MemoryObjectStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel pipeline, the third program of docs/coming-from-kotlin-and-structured-task-scope.md:
 * producer → squarers → consumer over memory object streams, where closing is how the end of the
 * stream travels, downstream and upstream.
 *
 * <ol>
 *   <li>A producer sends 1 to 5, two squarers share its stream (each through its own clone) and
 *       send the squares on, and a consumer collects them. When the producer closes its end, each
 *       squarer's loop ends; when both squarers have closed their clones of the next stream, the
 *       consumer's loop ends. Nobody has to count who is still sending.
 *   <li>A consumer that wants only three squares closes its end. The squarer's next {@code send}
 *       throws {@link BrokenResourceError} (the square was not delivered); the squarer closes its
 *       own ends, and the producer's waiting {@code send} throws it too (5 was not sent). Nothing
 *       is cancelled.
 * </ol>
 *
 * <p>Expected output:
 *
 * <pre>
 * 1. received [1, 4, 9, 16, 25], then the end of the stream
 * 2. consumer: got 1
 *    consumer: got 4
 *    consumer: got 9
 *    consumer: enough, closing its end
 *    squarer: the consumer is gone, 16 was not delivered
 *    producer: the squarer is gone, 5 was not sent
 * </pre>
 */
public final class Pipeline {
    private Pipeline() {}

    /** Runs the program on the backend named by the optional argument. */
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** Both parts, one after the other, in one runtime. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    endOfStreamTravelsDownstream(out);
                    closingTravelsUpstream(out);
                });
    }

    /** Sends 1 to {@code last}, then closes its end (try-with-resources). */
    static void produce(int last, MemoryObjectSendStream<Integer> numbers) {
        try (numbers) {
            for (int n = 1; n <= last; n++) {
                numbers.send(n); // waits until a squarer takes it (capacity 0)
            }
        }
    }

    /** Squares every number until the end of {@code numbers}, then closes both its ends. */
    static void square(
            MemoryObjectReceiveStream<Integer> numbers, MemoryObjectSendStream<Integer> squares) {
        try (numbers;
                squares) {
            for (int n : numbers) { // ends when every sender of numbers has closed
                squares.send(n * n);
            }
        }
    }

    /**
     * One producer, two squarers, one consumer. Each task gets its own clone of the ends it uses,
     * and the originals are closed as soon as they have been cloned.
     */
    static void endOfStreamTravelsDownstream(PrintStream out) {
        // region downstream
        var numbers = MemoryObjectStream.<Integer>create(0);            // 0: a rendezvous, as Kotlin's default
        var squares = MemoryObjectStream.<Integer>create(0);
        List<Integer> received = new ArrayList<>();
        TaskGroup.run(tg -> {
            try (numbers; squares) {                                    // the originals, closed once cloned
                var tx = numbers.sendStream().clone();                  // cloned here, in the host
                tg.startSoon(() -> produce(5, tx));                     // try (tx) { send 1..5 }
                for (int i = 0; i < 2; i++) {
                    var in = numbers.receiveStream().clone();
                    var outStream = squares.sendStream().clone();
                    tg.startSoon(() -> square(in, outStream));          // for (n : in) send(n * n)
                }
                var results = squares.receiveStream().clone();
                tg.startSoon(() -> {
                    try (results) {
                        for (int s : results) received.add(s);          // ends once both squarers have closed
                    }
                });
            }
        });
        // endregion
        // The two squarers run in parallel, so the squares may arrive in either order.
        received.sort(null);
        out.println("1. received " + received + ", then the end of the stream");
    }

    /**
     * The consumer stops after three squares by closing its end; the closing travels upstream as
     * {@link BrokenResourceError}s, which each stage catches to stop cleanly.
     */
    static void closingTravelsUpstream(PrintStream out) {
        var numbers = MemoryObjectStream.<Integer>create(0);
        var squares = MemoryObjectStream.<Integer>create(0);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                int next = 1;
                try (var tx = numbers.sendStream()) {
                    for (; next <= 1000; next++) {
                        tx.send(next);
                    }
                } catch (BrokenResourceError squarerGone) {
                    out.println("   producer: the squarer is gone, " + next + " was not sent");
                }
            });
            tg.startSoon(() -> {
                // region upstream
                try (var rx = numbers.receiveStream(); var tx = squares.sendStream()) {
                    for (int n : rx) {
                        try { tx.send(n * n); }
                        catch (BrokenResourceError consumerGone) {         // n * n was not delivered
                            out.println("   squarer: the consumer is gone, " + n * n + " was not delivered");
                            return;                                        // closes rx: the producer's send fails next
                        }
                    }
                }
                // endregion
            });
            tg.startSoon(() -> {
                try (var rx = squares.receiveStream()) {
                    out.println("2. consumer: got " + rx.receive());
                    for (int i = 0; i < 2; i++) {
                        out.println("   consumer: got " + rx.receive());
                    }
                    out.println("   consumer: enough, closing its end");
                }
            });
        });
    }
}
