package io.weft;

import io.weft.internal.TaskLocals;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A variable with one value per task, inherited by what the task starts (AnyIO's and Python's
 * {@code contextvars.ContextVar}): a child task, a {@code ToThread} worker call and a {@code
 * FromThread} callback each begin with the values their starter had at that moment, and a change
 * made on either side afterwards stays on that side.
 *
 * <pre>{@code
 * static final TaskLocal<String> REQUEST_ID = new TaskLocal<>("requestId", "-");
 *
 * REQUEST_ID.set(id);
 * TaskGroup.run(tg -> tg.startSoon(() -> log(REQUEST_ID.get())));  // the child sees id
 * ToThread.runSync(() -> log(REQUEST_ID.get()));                   // so does the worker
 * }</pre>
 *
 * <p><b>Relation to {@code ThreadLocal} and {@code ScopedValue}.</b> A {@code ThreadLocal} belongs
 * to a thread: a child task (a new thread) does not see it, and an {@code InheritableThreadLocal}
 * is copied at thread creation, which for a pooled worker means at the wrong time. A {@code
 * ScopedValue} binding is immutable and lexically scoped, and reaches other threads only through
 * the JDK's {@code StructuredTaskScope}; Weft's tasks and workers do not see bindings made by their
 * starter. A {@code TaskLocal} is what is inherited along Weft's own structure: use it for request
 * ids, tracing spans, and the like. Lookups scan a small array (a few nanoseconds); inheriting is
 * one reference copy.
 *
 * <p>Operations are not checkpoints. They may be called from a Weft task or a {@code ToThread}
 * worker thread, and throw {@link NoRuntimeError} elsewhere. Two task-locals never share storage,
 * even with the same name.
 *
 * @param <T> the value type
 */
public final class TaskLocal<T> {
    private static final Object NULL = new Object();
    private static final Object UNSET = new Object();

    private final String name;
    private final Object defaultValue;

    /** A task-local named {@code name} (for messages) with no default. */
    public TaskLocal(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = UNSET;
    }

    /** A task-local named {@code name} whose value is {@code defaultValue} until it is set. */
    public TaskLocal(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue == null ? NULL : defaultValue;
    }

    /** The task-local's name. */
    public String name() {
        return name;
    }

    /**
     * The calling task's value, or the default.
     *
     * @throws NoSuchElementException if it was never set in this task (or inherited) and has no
     *     default
     * @throws NoRuntimeError if called from neither a Weft task nor a worker thread
     */
    public T get() {
        Object v = TaskLocals.get(TaskLocals.of(TaskLocals.holder()), this);
        if (v == null) {
            v = defaultValue;
        }
        if (v == UNSET) {
            throw new NoSuchElementException(
                    "TaskLocal '" + name + "' has no value in this task and no default");
        }
        return unwrap(v);
    }

    /** The calling task's value, or {@code fallback} if it has none (ignoring the default). */
    public T get(T fallback) {
        Object v = TaskLocals.get(TaskLocals.of(TaskLocals.holder()), this);
        return v == null ? fallback : unwrap(v);
    }

    /**
     * Sets the calling task's value (tasks and calls started from now on inherit it) and returns a
     * token that restores the previous one, through {@link #reset} or by closing it.
     */
    public Token<T> set(T value) {
        Object holder = TaskLocals.holder();
        Object[] m = TaskLocals.of(holder);
        Object old = TaskLocals.get(m, this);
        TaskLocals.set(holder, TaskLocals.with(m, this, value == null ? NULL : value));
        return new Token<>(this, holder, old == null ? UNSET : old);
    }

    /**
     * Restores the value the calling task had before the {@link #set} that returned {@code token}.
     *
     * @throws IllegalArgumentException if the token belongs to another task-local, or was created
     *     in another task or worker call
     * @throws IllegalStateException if the token was already used
     */
    public void reset(Token<T> token) {
        Objects.requireNonNull(token, "token");
        if (token.var != this) {
            throw new IllegalArgumentException(
                    "this token was created by TaskLocal '"
                            + token.var.name
                            + "', not '"
                            + name
                            + "'");
        }
        Object holder = TaskLocals.holder();
        if (token.holder != holder) {
            throw new IllegalArgumentException(
                    "this TaskLocal token was created in another task (" + token.holder + ")");
        }
        if (!token.used.compareAndSet(false, true)) {
            throw new IllegalStateException("this TaskLocal token has already been used");
        }
        Object[] m = TaskLocals.of(holder);
        TaskLocals.set(
                holder, TaskLocals.with(m, this, token.previous == UNSET ? null : token.previous));
    }

    @SuppressWarnings("unchecked")
    private T unwrap(Object v) {
        return v == NULL ? null : (T) v;
    }

    @Override
    public String toString() {
        return "TaskLocal[" + name + "]";
    }

    /**
     * Undoes one {@link TaskLocal#set}; closing it is the same as passing it to {@link
     * TaskLocal#reset}.
     *
     * @param <T> the task-local's value type
     */
    public static final class Token<T> implements AutoCloseable {
        private final TaskLocal<T> var;
        private final Object holder;
        private final Object previous;
        private final AtomicBoolean used = new AtomicBoolean();

        private Token(TaskLocal<T> var, Object holder, Object previous) {
            this.var = var;
            this.holder = holder;
            this.previous = previous;
        }

        /** The task-local this token resets. */
        public TaskLocal<T> variable() {
            return var;
        }

        /** Resets the task-local; see {@link TaskLocal#reset}. */
        @Override
        public void close() {
            var.reset(this);
        }
    }
}
