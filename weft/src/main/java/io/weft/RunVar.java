package io.weft;

import io.weft.internal.WeftRuntime;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A variable with one value per runtime (AnyIO's {@code RunVar}): shared by every task of a run,
 * separate between runs. Useful for per-run caches and registries in libraries.
 *
 * <pre>{@code
 * static final RunVar<Connection> POOL = new RunVar<>("pool");
 * ...
 * try (var token = POOL.set(openPool())) {
 *     ...                       // every task of this run sees the pool
 * }                             // reset to the previous value
 * }</pre>
 *
 * <p>Two {@code RunVar}s never share storage, even with the same name. Operations are not
 * checkpoints and are safe from any task of the runtime.
 *
 * @param <T> the value type
 */
public final class RunVar<T> {
    private static final Object NULL = new Object();
    private static final Object UNSET = new Object();

    private final String name;
    private final Object defaultValue;

    /** A variable named {@code name} (for messages) with no default. */
    public RunVar(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = UNSET;
    }

    /** A variable named {@code name} whose value is {@code defaultValue} until it is set. */
    public RunVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue == null ? NULL : defaultValue;
    }

    /** The variable's name. */
    public String name() {
        return name;
    }

    /**
     * The value in the current runtime, or the default.
     *
     * @throws NoSuchElementException if it was never set in this runtime and has no default
     */
    public T get() {
        Object v = WeftRuntime.current().runVars().get(this);
        if (v == null) {
            v = defaultValue;
        }
        if (v == UNSET) {
            throw new NoSuchElementException(
                    "RunVar '" + name + "' has no value in this runtime and no default");
        }
        return unwrap(v);
    }

    /**
     * The value in the current runtime, or {@code fallback} if it has none (ignoring the default).
     */
    public T get(T fallback) {
        Object v = WeftRuntime.current().runVars().get(this);
        return v == null ? fallback : unwrap(v);
    }

    /**
     * Sets the value in the current runtime and returns a token that restores the previous one,
     * through {@link #reset} or by closing it.
     */
    public Token<T> set(T value) {
        WeftRuntime rt = WeftRuntime.current();
        Object old = rt.runVars().put(this, value == null ? NULL : value);
        return new Token<>(this, rt, old == null ? UNSET : old);
    }

    /**
     * Restores the value the variable had before the {@link #set} that returned {@code token}.
     *
     * @throws IllegalArgumentException if the token belongs to another variable or runtime
     * @throws IllegalStateException if the token was already used
     */
    public void reset(Token<T> token) {
        Objects.requireNonNull(token, "token");
        if (token.var != this) {
            throw new IllegalArgumentException(
                    "this token was created by RunVar '"
                            + token.var.name
                            + "', not '"
                            + name
                            + "'");
        }
        WeftRuntime rt = WeftRuntime.current();
        if (token.runtime != rt) {
            throw new IllegalArgumentException("this token was created in another Weft runtime");
        }
        if (!token.used.compareAndSet(false, true)) {
            throw new IllegalStateException("this RunVar token has already been used");
        }
        if (token.previous == UNSET) {
            rt.runVars().remove(this);
        } else {
            rt.runVars().put(this, token.previous);
        }
    }

    @SuppressWarnings("unchecked")
    private T unwrap(Object v) {
        return v == NULL ? null : (T) v;
    }

    @Override
    public String toString() {
        return "RunVar[" + name + "]";
    }

    /**
     * Undoes one {@link RunVar#set}; closing it is the same as passing it to {@link RunVar#reset}.
     *
     * @param <T> the variable's value type
     */
    public static final class Token<T> implements AutoCloseable {
        private final RunVar<T> var;
        private final WeftRuntime runtime;
        private final Object previous;
        private final AtomicBoolean used = new AtomicBoolean();

        private Token(RunVar<T> var, WeftRuntime runtime, Object previous) {
            this.var = var;
            this.runtime = runtime;
            this.previous = previous;
        }

        /** The variable this token resets. */
        public RunVar<T> variable() {
            return var;
        }

        /** Resets the variable; see {@link RunVar#reset}. */
        @Override
        public void close() {
            var.reset(this);
        }
    }
}
