package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.stream.MemoryObjectReceiveStream;
import io.weft.stream.MemoryObjectStream;
import java.io.PrintStream;

/**
 * Scenario S11, a memory object stream: the example of "Memory object streams" on AnyIO's "Streams"
 * page (streams.rst).
 *
 * <p>A consumer task iterates the receive stream; the host sends ten items through a rendezvous
 * stream and closes the send stream, which ends the consumer's loop. Expected output: {@code
 * received number 0} to {@code received number 9}, in order.
 */
public final class MemoryStream {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void processItems(MemoryObjectReceiveStream<String> receiveStream, PrintStream out) {
        try (receiveStream) {
            for (String item : receiveStream) {
                out.println("received " + item);
            }
        }
    }

    /** The host produces, a child task consumes, until the send stream is closed. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    var stream = MemoryObjectStream.<String>create(0);
                    TaskGroup.run(tg -> {
                        tg.startSoon(() -> processItems(stream.receiveStream(), out));
                        try (var sendStream = stream.sendStream()) {
                            for (int num = 0; num < 10; num++) {
                                sendStream.send("number " + num);
                            }
                        }
                    });
                });
    }
}
