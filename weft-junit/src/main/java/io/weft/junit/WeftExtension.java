package io.weft.junit;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.internal.WeftRuntime;
import io.weft.testing.MockClock;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The extension behind {@link WeftTest}: one invocation per backend, each running the test method
 * inside {@code Weft.run} on a thread of its own while a watchdog enforces the deadline.
 */
public final class WeftExtension implements TestTemplateInvocationContextProvider {

    /**
     * Extra time a cancelled test gets to stop before its runtime is abandoned; the system property
     * {@code weft.test.graceSeconds} overrides it.
     */
    static long graceSeconds() {
        return Long.getLong("weft.test.graceSeconds", 10);
    }

    /**
     * The test's deadline: its {@code timeoutSeconds}, lowered to the system property {@code
     * weft.test.timeoutSeconds} if that is set and smaller (to find hung tests quickly in a run).
     */
    static long timeoutSeconds(WeftTest config) {
        long cap = Long.getLong("weft.test.timeoutSeconds", Long.MAX_VALUE);
        return Math.min(config.timeoutSeconds(), Math.max(1, cap));
    }

    /** Creates the extension (JUnit does, through {@link WeftTest}). */
    public WeftExtension() {}

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> m.isAnnotationPresent(WeftTest.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
            ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        WeftTest config = method.getAnnotation(WeftTest.class);
        if (config.timeoutSeconds() <= 0) {
            throw new ExtensionConfigurationException(
                    "@WeftTest(timeoutSeconds) must be positive, was " + config.timeoutSeconds());
        }
        boolean wantsClock = Arrays.asList(method.getParameterTypes()).contains(MockClock.class);
        boolean parallelOnly = isParallelOnly(context);
        return backends(config).stream()
                .filter(b -> !(parallelOnly && b == Backend.SERIAL))
                .map(b -> new Invocation(b, timeoutSeconds(config), wantsClock));
    }

    /** A PARALLEL test narrowed to SERIAL (by {@code weft.backends}) simply has no invocation. */
    @Override
    public boolean mayReturnZeroTestTemplateInvocationContexts(ExtensionContext context) {
        return true;
    }

    /**
     * Whether the test is tagged {@value WeftTest#PARALLEL} (on the method or its class): it is
     * about tasks running in parallel (blocking outside Weft, racing threads), which the SERIAL
     * backend by design does not do, so it does not run there.
     */
    static boolean isParallelOnly(ExtensionContext context) {
        return context.getTags().contains(WeftTest.PARALLEL);
    }

    static List<Backend> backends(WeftTest config) {
        if (config.backends().length > 0) {
            return List.of(config.backends());
        }
        String prop = System.getProperty("weft.backends");
        if (prop == null || prop.isBlank()) {
            return Backend.available();
        }
        List<Backend> out = new ArrayList<>();
        for (String name : prop.split(",")) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            try {
                out.add(Backend.valueOf(n));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(
                        "-Dweft.backends names an unknown backend '"
                                + name.trim()
                                + "'; known: "
                                + Arrays.toString(Backend.values()),
                        e);
            }
        }
        return out;
    }

    private record Invocation(Backend backend, long timeoutSeconds, boolean wantsClock)
            implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + backend + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            if (!wantsClock) {
                return List.of(new RunInRuntime(backend, timeoutSeconds, null));
            }
            MockClock clock = new MockClock();
            return List.of(
                    new RunInRuntime(backend, timeoutSeconds, clock), new ClockParameter(clock));
        }
    }

    /** Passes the invocation's clock to a test method's {@link MockClock} parameter. */
    private record ClockParameter(MockClock clock) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == MockClock.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return clock;
        }
    }

    /**
     * Runs the intercepted test method as the root task of a runtime (on {@code clock}, if set).
     */
    private record RunInRuntime(Backend backend, long timeoutSeconds, MockClock clock)
            implements InvocationInterceptor {
        @Override
        public void interceptTestTemplateMethod(
                Invocation<Void> invocation,
                ReflectiveInvocationContext<Method> invocationContext,
                ExtensionContext extensionContext)
                throws Throwable {
            String name = extensionContext.getRequiredTestMethod().getName();
            RunOptions options =
                    RunOptions.defaults()
                            .backend(backend)
                            .rootTaskName("test " + name)
                            .clock(clock);
            AtomicReference<WeftRuntime> runtime = new AtomicReference<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread runner =
                    Thread.ofPlatform()
                            .daemon()
                            .name("weft-test-" + name)
                            .start(() -> {
                                try {
                                    Weft.run(
                                            options,
                                            () -> {
                                                runtime.set(WeftRuntime.current());
                                                invocation.proceed();
                                            });
                                    done.complete(null);
                                } catch (Throwable t) {
                                    done.completeExceptionally(t);
                                }
                            });
            try {
                done.get(timeoutSeconds, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                throw e.getCause();
            } catch (TimeoutException deadline) {
                // fall through: the test hung
            }
            WeftRuntime rt = runtime.get();
            String dump = rt == null ? "(the runtime had not started)" : rt.dumpTasks();
            if (rt != null) {
                rt.cancelRun("the test exceeded its deadline of " + timeoutSeconds + " s");
            }
            String message =
                    "test '"
                            + name
                            + "' on "
                            + backend
                            + " exceeded its deadline of "
                            + timeoutSeconds
                            + " s and was cancelled; its tasks at the deadline:\n"
                            + dump;
            long grace = graceSeconds();
            try {
                done.get(grace, TimeUnit.SECONDS);
                throw new AssertionError(message);
            } catch (ExecutionException e) {
                throw new AssertionError(message, e.getCause());
            } catch (TimeoutException stuck) {
                throw new AssertionError(
                        message
                                + "\nIts tasks did not stop within "
                                + grace
                                + " s of being cancelled (blocked where cancellation does not"
                                + " reach); thread '"
                                + runner.getName()
                                + "' and the runtime's threads were abandoned.");
            }
        }
    }
}
