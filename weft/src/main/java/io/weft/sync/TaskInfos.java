package io.weft.sync;

import io.weft.TaskInfo;
import io.weft.internal.Task;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Makes the {@link TaskInfo} of any task, for the statistics of the primitives (a lock's owner, a
 * limiter's task borrowers). {@code TaskInfo}'s constructor is package-private to {@code io.weft};
 * both packages are in the module {@code io.weft}, which opens every package to itself, so a
 * private lookup reaches it without widening the public API.
 */
final class TaskInfos {
    private static final MethodHandle NEW_INFO;

    static {
        try {
            NEW_INFO =
                    MethodHandles.privateLookupIn(TaskInfo.class, MethodHandles.lookup())
                            .findConstructor(
                                    TaskInfo.class, MethodType.methodType(void.class, Task.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TaskInfos() {}

    /** A snapshot of {@code task}'s identity. */
    static TaskInfo of(Task task) {
        try {
            return (TaskInfo) NEW_INFO.invokeExact(task);
        } catch (Throwable e) {
            throw new AssertionError("TaskInfo(Task) failed", e);
        }
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
