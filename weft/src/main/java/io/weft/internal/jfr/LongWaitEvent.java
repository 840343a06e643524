package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A task waited in a Weft wait (a receive, a lock, a sleep, an event...) for longer than the
 * event's threshold (20 ms unless a recording's settings say otherwise). Its duration is the
 * wait's.
 */
@Name("io.weft.LongWait")
@Label("Long Wait")
@Category({"Weft", "Waits"})
@Description("A Weft task waited longer than the threshold")
@Enabled(false)
@StackTrace(false)
@Threshold("20 ms")
public final class LongWaitEvent extends TaskEvent {
    @Label("Waiting In")
    @Description("The Weft method the task waited in, such as io.weft.sync.Lock.acquire")
    public String waitingIn;

    @Label("Waiting On")
    @Description(
            "What the task waited on: its class's simple name and toString(), such as"
                    + " Event[unset, waiting=1]; null for a sleep")
    public String waitingOn;

    @Label("Called From")
    @Description("The first frame below the Weft method that is neither Weft's nor the JDK's")
    public String calledFrom;

    @Label("Outcome")
    @Description("RESUMED, CANCELLED, TIMED_OUT or FAILED: how the wait ended")
    public String outcome;

    /** A begun event if a recording enables this event, else null. */
    public static LongWaitEvent beginIfEnabled() {
        LongWaitEvent e = new LongWaitEvent(); // scalar-replaced while the event is disabled
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }
}
