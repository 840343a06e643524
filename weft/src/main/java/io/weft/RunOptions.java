package io.weft;

import java.util.Objects;

/**
 * How {@link Weft#run(RunOptions, CheckedCallable)} runs: the backend and the root task's name.
 * Immutable; each {@code with}-style method returns a new instance.
 *
 * <pre>{@code
 * Weft.run(RunOptions.defaults().backend(Backend.PLATFORM).rootTaskName("server"), () -> serve());
 * }</pre>
 */
public final class RunOptions {
    private static final RunOptions DEFAULTS = new RunOptions(Backend.VIRTUAL, null);

    private final Backend backend;
    private final String rootTaskName;

    private RunOptions(Backend backend, String rootTaskName) {
        this.backend = backend;
        this.rootTaskName = rootTaskName;
    }

    /** Backend {@link Backend#VIRTUAL}; the root task named after its code's class. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code backend}. */
    public RunOptions backend(Backend backend) {
        return new RunOptions(Objects.requireNonNull(backend, "backend"), rootTaskName);
    }

    /** These options with the root task named {@code name}. */
    public RunOptions rootTaskName(String name) {
        return new RunOptions(backend, Objects.requireNonNull(name, "name"));
    }

    /** The backend. */
    public Backend backend() {
        return backend;
    }

    /** The root task's name, or null to derive it from the root body's class. */
    public String rootTaskName() {
        return rootTaskName;
    }

    @Override
    public String toString() {
        return "RunOptions[backend=" + backend + ", rootTaskName=" + rootTaskName + "]";
    }
}
