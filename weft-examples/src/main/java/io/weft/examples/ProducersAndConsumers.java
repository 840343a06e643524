package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.stream.MemoryObjectReceiveStream;
import io.weft.stream.MemoryObjectSendStream;
import io.weft.stream.MemoryObjectStream;
import java.io.PrintStream;

/**
 * Scenario S12, several producers and consumers with clones: "Managing multiple producers and
 * consumers" on AnyIO's "Streams" page (streams.rst).
 *
 * <p>Producers A and B each send three items through their own clone of the send stream; consumers
 * X and Y each iterate their own clone of the receive stream. The originals are closed right after
 * cloning, so the consumers see the end of the stream once both producers are done. Expected
 * output: six {@code consumer ... received ...} lines, each item exactly once (AnyIO's order on
 * SERIAL: X and Y alternate, A's items going to X and B's to Y).
 */
public final class ProducersAndConsumers {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void producer(String name, MemoryObjectSendStream<String> sendStream) {
        try (sendStream) {
            for (int number = 0; number < 3; number++) {
                sendStream.send(number + " from producer " + name);
            }
        }
    }

    static void consumer(
            String name, MemoryObjectReceiveStream<String> receiveStream, PrintStream out) {
        try (receiveStream) {
            for (String item : receiveStream) {
                out.println("consumer " + name + " received '" + item + "'");
            }
        }
    }

    /** Each task gets its own clone, so each closes its end without disturbing the others. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    var stream = MemoryObjectStream.<String>create(0);
                    TaskGroup.run(tg -> {
                        // The originals are closed when this block ends, right after cloning:
                        // only the clones keep the ends open.
                        try (stream) {
                            for (String name : new String[] {"A", "B"}) {
                                var clone = stream.sendStream().clone();
                                tg.startSoon(() -> producer(name, clone));
                            }
                            for (String name : new String[] {"X", "Y"}) {
                                var clone = stream.receiveStream().clone();
                                tg.startSoon(() -> consumer(name, clone, out));
                            }
                        }
                    });
                });
    }
}
