package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A cancel scope's deadline passed and cancelled it. */
@Name("io.weft.DeadlineFired")
@Label("Deadline Fired")
@Category({"Weft", "Cancellation"})
@Description("A Weft cancel scope's deadline passed and cancelled the scope")
@Enabled(false)
@StackTrace(false)
public final class DeadlineFiredEvent extends Event {
    @Label("Runtime")
    public long runtimeId;

    @Label("Owner")
    public long ownerTaskId;

    @Label("Deadline")
    @Description("The deadline on the runtime's clock, in nanoseconds (virtual on a mock clock)")
    public long deadline;

    @Label("Lateness")
    @Description("How long after the deadline the scope was cancelled, on the runtime's clock")
    @Timespan(Timespan.NANOSECONDS)
    public long lateness;
}
