package io.weft.examples;

import io.weft.CancelScope;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.testing.MockClock;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Virtual time (docs/testing.md): an hour and a half of sleeps and timeouts that runs in a few
 * milliseconds of real time, with exact times, first with autojump and then with manual jumps.
 *
 * <p>Expected output:
 *
 * <pre>
 * worker 1 done at PT10M
 * worker 2 done at PT20M
 * worker 3 done at PT30M
 * timed out at PT1H30M: true
 * jumping 5 minutes
 * sleeper woke at PT5M
 * </pre>
 */
public final class VirtualTime {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /**
     * With autojump at zero, the clock jumps to the next deadline whenever every task is parked;
     * without it, the clock moves only by {@link MockClock#jump}, which wakes the sleepers that are
     * due before it returns.
     */
    public static void run(RunOptions options, PrintStream out) {
        MockClock clock = new MockClock().autojumpThreshold(Duration.ZERO);
        Weft.run(
                options.clock(clock),
                () -> {
                    TaskGroup.run(tg -> {
                        for (int i = 1; i <= 3; i++) {
                            int n = i;
                            tg.startSoon(() -> {
                                Weft.sleep(Duration.ofMinutes(10 * n));
                                out.println("worker " + n + " done at " + elapsed());
                            });
                        }
                    });
                    CancelScope scope =
                            Weft.moveOnAfter(Duration.ofHours(1), s -> Weft.sleepForever());
                    out.println("timed out at " + elapsed() + ": " + scope.cancelledCaught());
                });

        MockClock manual = new MockClock();
        Weft.run(
                options.clock(manual),
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                Weft.sleep(Duration.ofMinutes(5));
                                out.println("sleeper woke at " + elapsed());
                            });
                            Weft.waitAllTasksBlocked(); // the sleeper is parked
                            out.println("jumping 5 minutes");
                            manual.jump(Duration.ofMinutes(5));
                        }));
    }

    private static Duration elapsed() {
        return Duration.ofNanos(Weft.now());
    }
}
