package io.weft.internal.signal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Consumer;

/**
 * The JDK's signal API, {@code sun.misc.Signal} and {@code sun.misc.SignalHandler} of the module
 * {@code jdk.unsupported}, reached through method handles.
 *
 * <p><b>Why {@code sun.misc} and why reflectively.</b> {@code jdk.internal.misc.Signal} is the
 * JVM's own API, but its package is not exported: using it needs {@code --add-exports} on every
 * command line that runs Weft. {@code sun.misc.Signal} is the supported-by-convention wrapper over
 * it in {@code jdk.unsupported} (which {@code module-info} requires), exported to everyone and
 * printing nothing at run time. Naming its classes in source, however, makes javac emit "internal
 * proprietary API" warnings that no {@code @SuppressWarnings} silences (they are mandatory warnings
 * outside the lint system), and the build compiles with {@code -Werror}. Resolving the two classes
 * by name and calling them through method handles compiles without warnings and behaves
 * identically; a handler is an instance of {@code SignalHandler} made by {@link
 * MethodHandleProxies#asInterfaceInstance}.
 *
 * <p>Objects of {@code sun.misc} types pass through here as {@code Object}.
 */
final class SunMiscSignals {
    private static final MethodHandle NEW_SIGNAL; // (String) Signal
    private static final MethodHandle HANDLE; // (Signal, SignalHandler) SignalHandler
    private static final MethodHandle GET_NAME; // (Signal) String
    private static final Class<?> HANDLER_CLASS;
    private static final Class<?> SIGNAL_CLASS;

    static {
        try {
            SIGNAL_CLASS = Class.forName("sun.misc.Signal");
            HANDLER_CLASS = Class.forName("sun.misc.SignalHandler");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            NEW_SIGNAL =
                    lookup.findConstructor(
                                    SIGNAL_CLASS, MethodType.methodType(void.class, String.class))
                            .asType(MethodType.methodType(Object.class, String.class));
            HANDLE =
                    lookup.findStatic(
                                    SIGNAL_CLASS,
                                    "handle",
                                    MethodType.methodType(
                                            HANDLER_CLASS, SIGNAL_CLASS, HANDLER_CLASS))
                            .asType(
                                    MethodType.methodType(
                                            Object.class, Object.class, Object.class));
            GET_NAME =
                    lookup.findVirtual(SIGNAL_CLASS, "getName", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SunMiscSignals() {}

    /**
     * A {@code sun.misc.Signal} for {@code name} (without the {@code SIG} prefix, upper case).
     *
     * @throws IllegalArgumentException if the platform knows no such signal
     */
    static Object signal(String name) {
        try {
            return (Object) NEW_SIGNAL.invokeExact(name);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("sun.misc.Signal(" + name + ") failed", e);
        }
    }

    /**
     * Installs {@code handler} for {@code signal} and returns the handler it replaced.
     *
     * @throws IllegalArgumentException if the JVM or the OS does not let Java handle this signal
     */
    static Object handle(Object signal, Object handler) {
        try {
            return (Object) HANDLE.invokeExact(signal, handler);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("sun.misc.Signal.handle failed", e);
        }
    }

    /** A {@code sun.misc.SignalHandler} that passes the signal's name to {@code onSignal}. */
    static Object handler(Consumer<String> onSignal) {
        MethodHandle target =
                MethodHandles.insertArguments(DISPATCH, 0, onSignal)
                        .asType(MethodType.methodType(void.class, SIGNAL_CLASS));
        return MethodHandleProxies.asInterfaceInstance(HANDLER_CLASS, target);
    }

    private static final MethodHandle DISPATCH;

    static {
        try {
            DISPATCH =
                    MethodHandles.lookup()
                            .findStatic(
                                    SunMiscSignals.class,
                                    "dispatch",
                                    MethodType.methodType(
                                            void.class, Consumer.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void dispatch(Consumer<String> onSignal, Object signal) throws Throwable {
        onSignal.accept((String) GET_NAME.invokeExact(signal));
    }
}
