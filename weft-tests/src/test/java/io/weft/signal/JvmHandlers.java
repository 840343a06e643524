package io.weft.signal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Installs and inspects JVM signal handlers directly through {@code sun.misc.Signal}, as other code
 * in an application would, to check what a receiver displaces and restores. Reflective for the same
 * reason as Weft's own bridge: naming {@code sun.misc} classes makes javac warn, and the build
 * compiles with {@code -Werror}.
 */
final class JvmHandlers {
    private static final Class<?> SIGNAL;
    private static final Class<?> HANDLER;
    private static final MethodHandle NEW_SIGNAL;
    private static final MethodHandle HANDLE;
    private static final MethodHandle RUN;

    static {
        try {
            SIGNAL = Class.forName("sun.misc.Signal");
            HANDLER = Class.forName("sun.misc.SignalHandler");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            NEW_SIGNAL =
                    lookup.findConstructor(SIGNAL, MethodType.methodType(void.class, String.class));
            HANDLE =
                    lookup.findStatic(
                            SIGNAL, "handle", MethodType.methodType(HANDLER, SIGNAL, HANDLER));
            RUN = lookup.findVirtual(Runnable.class, "run", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JvmHandlers() {}

    /** Installs a handler that runs {@code onSignal} for {@code name}; returns the one replaced. */
    static Object install(String name, Runnable onSignal) {
        MethodHandle target = MethodHandles.dropArguments(RUN.bindTo(onSignal), 0, SIGNAL);
        return set(name, MethodHandleProxies.asInterfaceInstance(HANDLER, target));
    }

    /** Installs {@code handler} (a {@code sun.misc.SignalHandler}); returns the one replaced. */
    static Object set(String name, Object handler) {
        try {
            return HANDLE.invoke(NEW_SIGNAL.invoke(name), handler);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A description of the handler the JVM runs for {@code name} now (its {@code toString()}, for
     * the JVM's own handlers the same on every call): reads it by swapping a handler in and the
     * same handler straight back.
     */
    static String describe(String name) {
        return String.valueOf(current(name));
    }

    /** The handler the JVM runs for {@code name} now, read by swapping one in and it back. */
    static Object current(String name) {
        Object current = install(name, () -> {});
        set(name, current);
        return current;
    }
}
