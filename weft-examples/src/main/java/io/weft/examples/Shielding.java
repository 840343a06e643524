package io.weft.examples;

import io.weft.CancelScope;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Scenario S9, shielding: "Shielding" on AnyIO's "Cancellation and timeouts" page
 * (cancellation.rst).
 *
 * <p>The host cancels the group from inside a shielded scope. The external task lives in the
 * group's scope, not in the shield, so it is cancelled; the host is shielded and finishes its
 * sleep. Expected output: {@code Started sleeping in the host task} and then {@code Finished
 * sleeping in the host task}; {@code Started sleeping in the external task} may or may not appear
 * (anywhere); {@code This line should never be seen} never appears. It takes about 1 s.
 */
public final class Shielding {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    static void externalTask(PrintStream out) {
        out.println("Started sleeping in the external task");
        Weft.sleep(Duration.ofSeconds(1));
        out.println("This line should never be seen");
    }

    /**
     * A shielded scope protects the code running in it from the cancellation of enclosing scopes;
     * it does not protect the tasks it starts into a group outside it.
     */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () ->
                        TaskGroup.run(tg -> {
                            CancelScope shielded = CancelScope.shielded();
                            shielded.run(scope -> {
                                tg.startSoon(() -> externalTask(out));
                                tg.cancelScope().cancel();
                                out.println("Started sleeping in the host task");
                                Weft.sleep(Duration.ofSeconds(1));
                                out.println("Finished sleeping in the host task");
                            });
                        }));
    }
}
