package io.weft;

import io.weft.testing.MockClock;
import java.util.Objects;

/**
 * How {@link Weft#run(RunOptions, CheckedCallable)} runs: the backend, the root task's name and the
 * clock. Immutable; each {@code with}-style method returns a new instance.
 *
 * <pre>{@code
 * Weft.run(RunOptions.defaults().backend(Backend.PLATFORM).rootTaskName("server"), () -> serve());
 * MockClock clock = new MockClock().autojumpThreshold(Duration.ZERO);
 * Weft.run(RunOptions.defaults().clock(clock), () -> Weft.sleep(Duration.ofHours(1))); // instant
 * }</pre>
 */
public final class RunOptions {
    private static final RunOptions DEFAULTS = new RunOptions(Backend.VIRTUAL, null, null);

    private final Backend backend;
    private final String rootTaskName;
    private final MockClock clock;

    private RunOptions(Backend backend, String rootTaskName, MockClock clock) {
        this.backend = backend;
        this.rootTaskName = rootTaskName;
        this.clock = clock;
    }

    /** Backend {@link Backend#VIRTUAL}; the root task named after its code's class. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code backend}. */
    public RunOptions backend(Backend backend) {
        return new RunOptions(Objects.requireNonNull(backend, "backend"), rootTaskName, clock);
    }

    /** These options with the root task named {@code name}. */
    public RunOptions rootTaskName(String name) {
        return new RunOptions(backend, Objects.requireNonNull(name, "name"), clock);
    }

    /**
     * These options with the runtime on virtual time: {@link Weft#now()}, sleeps and deadlines read
     * {@code clock}, which moves only when the test tells it to (see {@link MockClock}). Null means
     * the system clock (the default). The clock is checked when the run starts: it must not be in
     * use by another running runtime.
     */
    public RunOptions clock(MockClock clock) {
        return new RunOptions(backend, rootTaskName, clock);
    }

    /** The backend. */
    public Backend backend() {
        return backend;
    }

    /** The root task's name, or null to derive it from the root body's class. */
    public String rootTaskName() {
        return rootTaskName;
    }

    /** The virtual clock, or null for the system clock. */
    public MockClock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "RunOptions[backend="
                + backend
                + ", rootTaskName="
                + rootTaskName
                + (clock != null ? ", clock=" + clock : "")
                + "]";
    }
}
