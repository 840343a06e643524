package io.weft.sync;

import io.weft.TaskInfo;
import io.weft.internal.Secrets;
import io.weft.internal.Task;

/** How the primitives name tasks: in their statistics ({@link TaskInfo}) and in messages. */
final class TaskInfos {
    private TaskInfos() {}

    /** A snapshot of {@code task}'s identity. */
    static TaskInfo of(Task task) {
        return Secrets.taskInfo(task);
    }

    /** How a task is named in messages: {@code task 'name' (id 7)}. */
    static String describe(Task task) {
        return "task '" + task.name() + "' (id " + task.id + ")";
    }

    /** How the caller of an operation is named in messages: its task, or its thread. */
    static String describeCaller(Task caller) {
        return caller != null
                ? describe(caller)
                : "thread '" + Thread.currentThread().getName() + "', which is not a Weft task";
    }
}
