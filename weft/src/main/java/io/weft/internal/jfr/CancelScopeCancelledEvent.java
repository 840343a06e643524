package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A cancel scope was cancelled: by a call (with its stack) or by its deadline. */
@Name("io.weft.CancelScopeCancelled")
@Label("Cancel Scope Cancelled")
@Category({"Weft", "Cancellation"})
@Description("A Weft cancel scope was cancelled, by a call or by its deadline")
@Enabled(false)
public final class CancelScopeCancelledEvent extends Event {
    @Label("Runtime")
    public long runtimeId;

    @Label("Owner")
    @Description("The id of the task that entered the scope, 0 if it was never entered")
    public long ownerTaskId;

    @Label("Kind")
    @Description("task (a task's own scope), cancelScope or taskGroup")
    public String kind;

    @Label("Reason")
    public String reason;

    @Label("Canceller")
    public String canceller;

    @Label("By Deadline")
    public boolean byDeadline;
}
