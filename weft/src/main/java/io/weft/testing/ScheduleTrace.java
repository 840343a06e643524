package io.weft.testing;

import io.weft.internal.Secrets;
import io.weft.internal.TraceRecorder;
import java.util.List;

/**
 * The order in which a {@link io.weft.Backend#SERIAL SERIAL} runtime ran its tasks: one event per
 * handoff of the runtime from one task to another, recorded when the run's options name this trace
 * ({@link io.weft.RunOptions#trace(ScheduleTrace)}).
 *
 * <pre>{@code
 * ScheduleTrace first = new ScheduleTrace(), second = new ScheduleTrace();
 * Weft.run(RunOptions.defaults().backend(Backend.SERIAL).seed(7).trace(first), () -> program());
 * Weft.run(RunOptions.defaults().backend(Backend.SERIAL).seed(7).trace(second), () -> program());
 * assert first.events().equals(second.events());   // same seed, same interleaving
 * }</pre>
 *
 * <p>Each event reads {@code "<task>#<n> <why> -> <task>#<n>"}: the task that gave the runtime up,
 * why ({@code yield} at a schedule point, {@code wait} when it parked in a Weft wait, {@code end}
 * when it ended, {@code start} and {@code wake} when the runtime was idle), and the task that ran
 * next ({@code (all blocked)} if none could). {@code <n>} numbers the run's tasks in the order they
 * were started, from 0 for the root task, so events are the same from run to run.
 *
 * <p>Thread-safe. A run clears the trace when it starts.
 */
public final class ScheduleTrace {
    static {
        Secrets.registerTraceAccess(t -> ((ScheduleTrace) t).recorder);
    }

    private final TraceRecorder recorder = new TraceRecorder();

    /** An empty trace. */
    public ScheduleTrace() {}

    /** A snapshot of the events recorded so far. */
    public List<String> events() {
        return recorder.events();
    }

    @Override
    public String toString() {
        return "ScheduleTrace" + recorder.events();
    }
}
