package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * A {@code ToThread.runSync} call that took longer than the event's threshold (20 ms unless a
 * recording's settings say otherwise), from the call to its return: the wait for a limiter token,
 * then the function in a worker thread.
 */
@Name("io.weft.ToThreadCall")
@Label("To-Thread Call")
@Category({"Weft", "Threads"})
@Description("A Weft task ran a blocking function in a worker thread")
@Enabled(false)
@StackTrace(false)
@Threshold("20 ms")
public final class ToThreadCallEvent extends TaskEvent {
    @Label("Function")
    @Description("The class of the function that ran in the worker")
    public String function;

    @Label("Limiter Wait")
    @Description("How long the task waited for a token of the capacity limiter")
    @Timespan(Timespan.NANOSECONDS)
    public long limiterWait;

    @Label("Limiter Tokens")
    @Description("The limiter's total tokens (Infinity for an unlimited one)")
    public double limiterTokens;

    @Label("Abandon On Cancel")
    public boolean abandonOnCancel;

    @Label("Outcome")
    @Description(
            "RETURNED, FAILED (the function threw) or CANCELLED (before it started, or abandoned)")
    public String outcome;

    /** A begun event if a recording enables this event, else null. */
    public static ToThreadCallEvent beginIfEnabled() {
        ToThreadCallEvent e = new ToThreadCallEvent(); // scalar-replaced while disabled
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }
}
