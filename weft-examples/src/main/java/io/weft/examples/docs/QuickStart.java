package io.weft.examples.docs;

// region program
import io.weft.*;
import io.weft.thread.ToThread;
import java.time.Duration;
import java.time.LocalTime;

public class QuickStart {
    static void fetch(String name, double delay) {
        System.out.println(name + ": starting");
        Weft.sleep(Duration.ofMillis((long) (delay * 1000)));
        System.out.println(name + ": done after " + delay + "s");
    }

    public static void main(String[] args) {
        Weft.run(() -> {
            TaskGroup.run(tg -> {                       // waits for both tasks
                tg.startSoon(() -> fetch("task-A", 1.0));
                tg.startSoon(() -> fetch("task-B", 0.5));
            });
            CancelScope scope = Weft.moveOnAfter(Duration.ofSeconds(2),
                    s -> Weft.sleep(Duration.ofSeconds(5)));
            if (scope.cancelledCaught()) System.out.println("timed out (moved on)");
            String t = ToThread.runSync(() -> LocalTime.now().toString());  // a worker thread
            System.out.println("wall-clock time from thread: " + t);
        });
    }
}
// endregion
