package io.weft.internal.jfr;

import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;

/** The fields every task event carries: which task of which runtime, and who started it. */
public abstract class TaskEvent extends Event {
    @Label("Runtime")
    public long runtimeId;

    @Label("Task")
    public long taskId;

    @Label("Name")
    public String name;

    @Label("Parent")
    @Description("The id of the task that started it (its group's host), 0 for a root task")
    public long parentId;
}
