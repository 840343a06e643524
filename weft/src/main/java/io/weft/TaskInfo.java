package io.weft;

import io.weft.internal.Secrets;
import io.weft.internal.Task;
import java.util.OptionalLong;

/**
 * A snapshot of a task's identity, for introspection and debugging ({@link Weft#currentTask()},
 * {@link Weft#runningTasks()}). Two infos are equal when they describe the same task.
 */
public final class TaskInfo {
    static {
        Secrets.registerTaskInfoFactory(TaskInfo::new);
    }

    private final Task task;
    private final long id;
    private final long parentId;
    private final String name;

    TaskInfo(Task task) {
        this.task = task;
        this.id = task.id;
        this.parentId = task.parentId();
        this.name = task.name();
    }

    /** The task's id, unique in the JVM. */
    public long id() {
        return id;
    }

    /**
     * The id of the task's parent: the host of the group it was started in (for a task started with
     * {@code start()}: the task that called {@code start()} until the task calls {@code started}).
     * Empty for a runtime's root task.
     */
    public OptionalLong parentId() {
        return parentId == 0 ? OptionalLong.empty() : OptionalLong.of(parentId);
    }

    /** The task's name: given at start, or derived from its code's class. */
    public String name() {
        return name;
    }

    /**
     * Whether the task is inside a cancelled scope now (respecting shields), so that its next
     * checkpoint will throw {@link Cancelled}.
     */
    public boolean hasPendingCancellation() {
        return task.cancelOrigin() != null;
    }

    /** Whether the task is parked in a Weft wait now (a snapshot). */
    public boolean isWaiting() {
        return task.isParked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskInfo other && other.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "TaskInfo[id=" + id + ", parentId=" + parentId + ", name=" + name + "]";
    }
}
