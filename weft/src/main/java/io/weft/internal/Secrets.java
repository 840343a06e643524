package io.weft.internal;

import io.weft.TaskInfo;
import java.util.function.Function;

/**
 * Lets the internals reach what public classes keep private, the way the JDK's {@code
 * SharedSecrets} work: each such class registers an accessor here when it is initialised.
 *
 * <p>{@code io.weft.Cancelled} has no public constructor (a {@code Cancelled} thrown by user code
 * would be indistinguishable from a real cancellation), so it registers a factory, and so does
 * {@code io.weft.TaskInfo} (the primitives' statistics name tasks); {@code
 * io.weft.testing.ScheduleTrace} and {@code MockClock} keep their state private, so they register
 * accessors, and so does {@code io.weft.RuntimeToken} (its runtime).
 */
public final class Secrets {
    /** Creates {@code io.weft.Cancelled} instances. */
    @FunctionalInterface
    public interface CancelledFactory {
        /** A new {@code Cancelled} with this message and cause. */
        Error newCancelled(String message, Throwable cause);
    }

    /** Reads the state of {@code io.weft.testing.MockClock} instances. */
    @FunctionalInterface
    public interface ClockAccess {
        /** The state of {@code mockClock}, a {@code MockClock}. */
        VirtualClock stateOf(Object mockClock);
    }

    private static volatile CancelledFactory cancelledFactory;
    private static volatile Function<Task, TaskInfo> taskInfoFactory;
    private static volatile Function<Object, TraceRecorder> traceAccess;
    private static volatile ClockAccess clockAccess;
    private static volatile Function<Object, WeftRuntime> tokenAccess;

    private Secrets() {}

    /** Called once, by {@code io.weft.Cancelled}'s static initialiser. */
    public static void registerCancelledFactory(CancelledFactory factory) {
        if (cancelledFactory != null) {
            throw new IllegalStateException("the Cancelled factory is already registered");
        }
        cancelledFactory = factory;
    }

    public static Error newCancelled(String message, Throwable cause) {
        CancelledFactory f = cancelledFactory;
        if (f == null) {
            try {
                Class.forName("io.weft.Cancelled", true, Secrets.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
            f = cancelledFactory;
        }
        return f.newCancelled(message, cause);
    }

    /** Called once, by {@code io.weft.TaskInfo}'s static initialiser. */
    public static void registerTaskInfoFactory(Function<Task, TaskInfo> factory) {
        if (taskInfoFactory != null) {
            throw new IllegalStateException("the TaskInfo factory is already registered");
        }
        taskInfoFactory = factory;
    }

    /** A snapshot of {@code task}'s identity, for the statistics of other packages. */
    public static TaskInfo taskInfo(Task task) {
        Function<Task, TaskInfo> f = taskInfoFactory;
        if (f == null) {
            try {
                Class.forName("io.weft.TaskInfo", true, Secrets.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
            f = taskInfoFactory;
        }
        return f.apply(task);
    }

    /** Called once, by {@code io.weft.testing.ScheduleTrace}'s static initialiser. */
    public static void registerTraceAccess(Function<Object, TraceRecorder> access) {
        if (traceAccess != null) {
            throw new IllegalStateException("the trace access is already registered");
        }
        traceAccess = access;
    }

    /**
     * The recorder behind {@code trace}, an {@code io.weft.testing.ScheduleTrace} (whose class is
     * initialised, since an instance exists).
     */
    public static TraceRecorder traceRecorder(Object trace) {
        return traceAccess.apply(trace);
    }

    /** Called once, by {@code io.weft.testing.MockClock}'s static initialiser. */
    public static void registerClockAccess(ClockAccess access) {
        if (clockAccess != null) {
            throw new IllegalStateException("the MockClock access is already registered");
        }
        clockAccess = access;
    }

    /** The state of {@code mockClock}, an {@code io.weft.testing.MockClock} instance. */
    public static VirtualClock virtualClockOf(Object mockClock) {
        // The instance exists, so its class has been initialised and has registered.
        return clockAccess.stateOf(mockClock);
    }

    /** Called once, by {@code io.weft.RuntimeToken}'s static initialiser. */
    public static void registerTokenAccess(Function<Object, WeftRuntime> access) {
        if (tokenAccess != null) {
            throw new IllegalStateException("the RuntimeToken access is already registered");
        }
        tokenAccess = access;
    }

    /** The runtime behind {@code token}, an {@code io.weft.RuntimeToken} instance. */
    public static WeftRuntime runtimeOf(Object token) {
        // The instance exists, so its class has been initialised and has registered.
        return tokenAccess.apply(token);
    }

    /**
     * Throws {@code t} without wrapping it. Used to rethrow a body's own exception from a method
     * whose {@code throws} clause names the body's exception type.
     */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
