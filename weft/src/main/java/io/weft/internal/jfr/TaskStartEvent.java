package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task began to run (its first instant on its thread). */
@Name("io.weft.TaskStart")
@Label("Task Start")
@Category({"Weft", "Tasks"})
@Description("A Weft task began to run")
@Enabled(false)
@StackTrace(false)
public final class TaskStartEvent extends TaskEvent {}
