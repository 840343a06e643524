package io.weft.junit;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.internal.WeftRuntime;
import io.weft.testing.MockClock;
import java.lang.reflect.Method;
import java.time.Duration;
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
import org.opentest4j.TestAbortedException;

/**
 * The extension behind {@link WeftTest}: one invocation per backend (or, for a seeded test, per
 * seed on SERIAL), each running the test method inside {@code Weft.run} on a thread of its own
 * while a watchdog enforces the deadline. A seeded invocation's failure is wrapped in an {@link
 * AssertionError} that names the seed and how to replay it.
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
        WeftTest.Clock clock = config.clock();
        if (clock == WeftTest.Clock.SYSTEM
                && Arrays.asList(method.getParameterTypes()).contains(MockClock.class)) {
            clock = WeftTest.Clock.MOCK; // a MockClock parameter asks for virtual time
        }
        boolean parallelOnly = isParallelOnly(context);
        List<Long> seeds = seeds(config, context.getUniqueId(), parallelOnly);
        long timeout = timeoutSeconds(config);
        WeftTest.Clock c = clock;
        if (seeds != null) {
            return seeds.stream().map(seed -> new Invocation(Backend.SERIAL, seed, timeout, c));
        }
        return backends(config).stream()
                .filter(b -> !(parallelOnly && b == Backend.SERIAL))
                .map(b -> new Invocation(b, null, timeout, c));
    }

    /** A PARALLEL test narrowed to SERIAL (by {@code weft.backends}) simply has no invocation. */
    @Override
    public boolean mayReturnZeroTestTemplateInvocationContexts(ExtensionContext context) {
        return true;
    }

    /**
     * The seeds of a seeded test ({@code seed} or {@code seeds}), or null if it is not seeded.
     *
     * @throws ExtensionConfigurationException if the seed settings contradict each other or the
     *     backends
     */
    static List<Long> seeds(WeftTest config, String uniqueId, boolean parallelOnly) {
        boolean hasSeed = config.seed() != WeftTest.NO_SEED;
        int n = config.seeds();
        if (n < 0) {
            throw new ExtensionConfigurationException(
                    "@WeftTest(seeds) must not be negative, was " + n);
        }
        if (!hasSeed && n == 0) {
            return null;
        }
        String what = hasSeed ? "@WeftTest(seed = " + config.seed() + ")" : "@WeftTest(seeds)";
        if (hasSeed && n > 0) {
            throw new ExtensionConfigurationException(
                    "@WeftTest(seed) and @WeftTest(seeds) exclude each other: seeds = "
                            + n
                            + " tries "
                            + n
                            + " derived seeds, seed = "
                            + config.seed()
                            + " replays one; give only one of them");
        }
        if (config.backends().length > 0
                && !Arrays.asList(config.backends()).contains(Backend.SERIAL)) {
            throw new ExtensionConfigurationException(
                    what
                            + " runs on Backend.SERIAL only, but the test's backends are "
                            + Arrays.toString(config.backends())
                            + "; add SERIAL or drop the seed");
        }
        if (parallelOnly) {
            throw new ExtensionConfigurationException(
                    what
                            + " runs on Backend.SERIAL only, but the test is tagged '"
                            + WeftTest.PARALLEL
                            + "' (about tasks running in parallel), which SERIAL does not run");
        }
        if (hasSeed) {
            return List.of(config.seed());
        }
        List<Long> out = new ArrayList<>(n);
        long base = hash(uniqueId);
        for (int i = 0; i < n; i++) {
            out.add(derivedSeed(base, i));
        }
        return out;
    }

    /** A 64-bit FNV-1a hash of {@code s}'s UTF-16 units: the same in every JVM. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * The {@code index}-th seed of a test whose unique id hashes to {@code base}: SplitMix64's
     * output for that position, so consecutive seeds look unrelated; never {@link
     * WeftTest#NO_SEED}.
     */
    static long derivedSeed(long base, int index) {
        long z = base + (index + 1) * 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return z == WeftTest.NO_SEED ? 0 : z;
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

    private record Invocation(Backend backend, Long seed, long timeoutSeconds, WeftTest.Clock clock)
            implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + backend + (seed != null ? " seed=" + seed : "") + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            MockClock mock =
                    switch (clock) {
                        case SYSTEM -> null;
                        case MOCK -> new MockClock();
                        case AUTOJUMP -> new MockClock().autojumpThreshold(Duration.ZERO);
                    };
            RunInRuntime run = new RunInRuntime(backend, seed, timeoutSeconds, mock);
            return mock == null ? List.of(run) : List.of(run, new ClockParameter(mock));
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
    private record RunInRuntime(Backend backend, Long seed, long timeoutSeconds, MockClock clock)
            implements InvocationInterceptor {
        @Override
        public void interceptTestTemplateMethod(
                Invocation<Void> invocation,
                ReflectiveInvocationContext<Method> invocationContext,
                ExtensionContext extensionContext)
                throws Throwable {
            if (seed == null) {
                run(invocation, extensionContext);
                return;
            }
            try {
                run(invocation, extensionContext);
            } catch (TestAbortedException aborted) {
                throw aborted; // an assumption failed: not a failure to replay
            } catch (Throwable failure) {
                // Wrapped, not rewritten: the original failure and its stack stay the cause.
                throw new AssertionError(
                        "test '"
                                + extensionContext.getRequiredTestMethod().getName()
                                + "' on SERIAL failed with seed "
                                + seed
                                + "; replay with @WeftTest(seed = "
                                + seed
                                + "L): "
                                + failure,
                        failure);
            }
        }

        private void run(Invocation<Void> invocation, ExtensionContext extensionContext)
                throws Throwable {
            String name = extensionContext.getRequiredTestMethod().getName();
            RunOptions options =
                    RunOptions.defaults()
                            .backend(backend)
                            .rootTaskName("test " + name)
                            .clock(clock);
            if (seed != null) {
                options = options.seed(seed);
            }
            RunOptions opts = options;
            AtomicReference<WeftRuntime> runtime = new AtomicReference<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread runner =
                    Thread.ofPlatform()
                            .daemon()
                            .name("weft-test-" + name)
                            .start(() -> {
                                try {
                                    Weft.run(
                                            opts,
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
