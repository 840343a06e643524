package io.weft.internal;

import io.weft.NoRuntimeError;
import io.weft.internal.thread.WorkerCall;
import java.util.Arrays;

/**
 * The values of {@code io.weft.TaskLocal}s of one task (or one worker thread's call): an immutable
 * array of key/value pairs, replaced as a whole by every change. A child task, a worker call and a
 * callback take the array their starter had at that moment (AnyIO's {@code copy_context()}), so
 * inheriting costs one reference and a later change on either side stays on that side.
 *
 * <p>Lookup is a linear scan: programs use a handful of task-locals, and a scan over a few pairs
 * beats hashing. The holder of the array is the calling task ({@code Task.locals}) or, on a worker
 * thread, its {@link WorkerCall}; only the holder's own thread reads or writes its field.
 */
public final class TaskLocals {
    /** No value for any task-local. */
    public static final Object[] EMPTY = new Object[0];

    private TaskLocals() {}

    /** The value of {@code key} in {@code m}, or null if it has none. */
    public static Object get(Object[] m, Object key) {
        for (int i = 0; i < m.length; i += 2) {
            if (m[i] == key) {
                return m[i + 1];
            }
        }
        return null;
    }

    /** {@code m} with {@code key} mapped to {@code value}, or without {@code key} if it is null. */
    public static Object[] with(Object[] m, Object key, Object value) {
        for (int i = 0; i < m.length; i += 2) {
            if (m[i] == key) {
                if (value == null) {
                    Object[] r = new Object[m.length - 2];
                    System.arraycopy(m, 0, r, 0, i);
                    System.arraycopy(m, i + 2, r, i, m.length - i - 2);
                    return r;
                }
                Object[] r = m.clone();
                r[i + 1] = value;
                return r;
            }
        }
        if (value == null) {
            return m;
        }
        Object[] r = Arrays.copyOf(m, m.length + 2);
        r[m.length] = key;
        r[m.length + 1] = value;
        return r;
    }

    /**
     * The holder of the calling thread's task-locals: its task, or the worker call it runs.
     *
     * @throws NoRuntimeError if the thread is neither a task nor a worker
     */
    public static Object holder() {
        Task t = Task.currentOrNull();
        if (t != null) {
            return t;
        }
        WorkerCall c = WorkerCall.current();
        if (c != null) {
            return c;
        }
        throw new NoRuntimeError(
                "task-locals exist in Weft tasks and ToThread worker threads only, and thread '"
                        + Thread.currentThread().getName()
                        + "' is neither");
    }

    /** The task-locals of {@code holder} (a result of {@link #holder()}). */
    public static Object[] of(Object holder) {
        return holder instanceof Task t ? t.locals : ((WorkerCall) holder).locals;
    }

    /** Replaces the task-locals of {@code holder}; call from the holder's own thread. */
    public static void set(Object holder, Object[] m) {
        if (holder instanceof Task t) {
            t.locals = m;
        } else {
            ((WorkerCall) holder).locals = m;
        }
    }

    /** The calling thread's task-locals, or {@link #EMPTY} if it is neither task nor worker. */
    static Object[] currentOrEmpty() {
        Task t = Task.currentOrNull();
        if (t != null) {
            return t.locals;
        }
        WorkerCall c = WorkerCall.current();
        return c != null ? c.locals : EMPTY;
    }
}
