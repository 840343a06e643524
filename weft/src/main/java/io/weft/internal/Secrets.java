package io.weft.internal;

/**
 * Lets the internals create the public exceptions whose constructors are not public.
 *
 * <p>{@code io.weft.Cancelled} has no public constructor (a {@code Cancelled} thrown by user code
 * would be indistinguishable from a real cancellation), so its class registers a factory here when
 * it is initialised, the way the JDK's {@code SharedSecrets} work.
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
    private static volatile ClockAccess clockAccess;

    private Secrets() {}

    /** Called once, by {@code io.weft.Cancelled}'s static initialiser. */
    public static void registerCancelledFactory(CancelledFactory factory) {
        if (cancelledFactory != null) {
            throw new IllegalStateException("the Cancelled factory is already registered");
        }
        cancelledFactory = factory;
    }

    static Error newCancelled(String message, Throwable cause) {
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

    /**
     * Throws {@code t} without wrapping it. Used to rethrow a body's own exception from a method
     * whose {@code throws} clause names the body's exception type.
     */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
