package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task ended: how, and for a failure, with what. */
@Name("io.weft.TaskEnd")
@Label("Task End")
@Category({"Weft", "Tasks"})
@Description("A Weft task ended")
@Enabled(false)
@StackTrace(false)
public final class TaskEndEvent extends TaskEvent {
    @Label("Outcome")
    @Description("FINISHED, FAILED or CANCELLED")
    public String outcome;

    @Label("Failure")
    @Description("The class of the exception a failed task threw, else null")
    public String failure;
}
