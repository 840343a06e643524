package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.stream.MemoryObjectStream;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Scenario S3, a value scheduled for delivery is never lost: the second example of AnyIO's "Why
 * AnyIO" page (why.rst).
 *
 * <p>The host hands {@code "hello"} to a task parked in {@code receive()} and cancels it at once.
 * The hand-over wins: the task returns the item (the cancellation hits at its next checkpoint, the
 * sleep). Expected output: exactly {@code hello}.
 */
public final class ValueNeverLost {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** Sends to a waiting receiver, then cancels it: the item is received all the same. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    try (var pair = MemoryObjectStream.<String>create(1)) {
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                out.println(pair.receiveStream().receive());
                                Weft.sleep(Duration.ofSeconds(1));
                                out.println("The task will be cancelled before this is printed");
                            });
                            Weft.waitAllTasksBlocked(); // the receiver is parked in receive()
                            pair.sendStream().sendNowait("hello"); // handed to the receiver
                            tg.cancelScope().cancel(); // the cancellation arrives right after
                        });
                    }
                });
    }
}
