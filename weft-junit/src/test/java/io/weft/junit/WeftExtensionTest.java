package io.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.weft.Backend;
import io.weft.ExceptionGroup;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.testing.MockClock;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs sample test classes through the JUnit engine and checks what @WeftTest does with them. */
class WeftExtensionTest {

    static final List<String> RECORDED = new CopyOnWriteArrayList<>();
    static volatile boolean releaseStuck;
    static volatile Thread stuckThread;

    @AfterEach
    void clear() {
        RECORDED.clear();
        System.clearProperty("weft.backends");
        System.clearProperty("weft.test.graceSeconds");
    }

    /** Not run on its own (nested classes are excluded by Surefire); run through the test kit. */
    static class Samples {
        @WeftTest
        void records() {
            RECORDED.add(Weft.currentBackend() + " " + Weft.currentTask().name());
        }

        @WeftTest(backends = Backend.PLATFORM)
        void platformOnly() {
            RECORDED.add(Weft.currentBackend().toString());
        }

        @WeftTest(backends = Backend.VIRTUAL)
        void childFails() {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    throw new IllegalStateException("child broke");
                });
                tg.startSoon(() -> {
                    throw new IllegalArgumentException("sibling broke");
                });
            });
        }

        @WeftTest(backends = Backend.VIRTUAL, timeoutSeconds = 1)
        void hangs() {
            TaskGroup.run(tg -> {
                tg.startSoon("stuck-worker", Weft::sleepForever);
                Weft.sleepForever();
            });
        }

        @WeftTest(backends = Backend.VIRTUAL, timeoutSeconds = 1)
        void ignoresCancellation() {
            stuckThread = Thread.currentThread();
            while (!releaseStuck) {
                LockSupport.park(); // an interrupt unparks, and we park again
            }
        }

        @WeftTest(timeoutSeconds = 0)
        void badTimeout() {}

        @WeftTest(seeds = 5)
        void seeded() {
            RECORDED.add(Weft.currentBackend().toString());
        }

        @WeftTest(seeds = 3)
        void seededFails() {
            throw new IllegalStateException("broke on purpose");
        }

        @WeftTest(seed = 42)
        void replaysOneSeed() {
            RECORDED.add(String.join(",", interleaving()));
        }

        @WeftTest(
                seeds = 2,
                backends = {Backend.VIRTUAL, Backend.SERIAL})
        void seededWithSerialAmongTheBackends() {
            RECORDED.add(Weft.currentBackend().toString());
        }

        @WeftTest(seed = 1, seeds = 2)
        void seedAndSeeds() {}

        @WeftTest(seeds = 2, backends = Backend.VIRTUAL)
        void seedsWithoutSerial() {}

        @WeftTest(
                seed = 7,
                backends = {Backend.VIRTUAL, Backend.PLATFORM})
        void seedWithoutSerial() {}

        @WeftTest(seeds = -1)
        void negativeSeeds() {}

        @Tag(WeftTest.PARALLEL)
        @WeftTest(seeds = 2)
        void seedsOnAParallelTest() {}

        @WeftTest(clock = WeftTest.Clock.AUTOJUMP)
        void autojumpClock() {
            long start = Weft.now();
            Weft.sleep(Duration.ofHours(1));
            RECORDED.add(Weft.currentBackend() + " " + start + " " + Weft.now());
        }

        @WeftTest(clock = WeftTest.Clock.AUTOJUMP, backends = Backend.VIRTUAL)
        void autojumpClockAsParameter(MockClock clock) {
            RECORDED.add(clock.autojumpThreshold() + " " + (clock.now() == Weft.now()));
        }

        @WeftTest(clock = WeftTest.Clock.MOCK, backends = Backend.VIRTUAL)
        void mockClock() {
            long start = Weft.now();
            Weft.checkpoint();
            Weft.moveOnAfter(Duration.ofMillis(1), s -> Weft.checkpoint());
            RECORDED.add(start + " " + Weft.now());
        }

        @WeftTest(backends = Backend.VIRTUAL)
        void systemClockWithAMockClockParameter(MockClock clock) {
            RECORDED.add(clock.autojumpThreshold() + " " + clock.now() + " " + Weft.now());
        }

        @WeftTest(backends = Backend.VIRTUAL)
        void systemClock() {
            RECORDED.add(String.valueOf(Weft.now() != 0));
        }
    }

    /**
     * A program with real scheduling choices: three tasks that each record their name around two
     * checkpoints; returns the order of the records.
     */
    static List<String> interleaving() {
        List<String> order = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            for (String name : List.of("a", "b", "c")) {
                tg.startSoon(() -> {
                    for (int i = 0; i < 3; i++) {
                        order.add(name + i);
                        Weft.checkpoint();
                    }
                });
            }
        });
        return order;
    }

    private static Events run(String method) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(sample(method))
                .execute()
                .testEvents();
    }

    /** Selects the sample method named {@code name}, whatever its parameters. */
    private static MethodSelector sample(String name) {
        for (Method m : Samples.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return selectMethod(Samples.class, m);
            }
        }
        throw new IllegalArgumentException("no sample " + name);
    }

    private static List<String> displayNames(Events events) {
        return events.started().list().stream()
                .map(e -> e.getTestDescriptor().getDisplayName())
                .toList();
    }

    private static Throwable failureOf(Event event) {
        return event.getPayload(TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
    }

    /** Runs the sample {@code method} and expects a configuration error naming every fragment. */
    private static void assertConfigurationError(String method, String... fragments) {
        EngineTestKit.engine("junit-jupiter")
                .selectors(sample(method))
                .execute()
                .containerEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                finishedWithFailure(
                                        instanceOf(ExtensionConfigurationException.class),
                                        message(m -> Stream.of(fragments).allMatch(m::contains)))));
    }

    private static final Pattern SEEDED = Pattern.compile("\\[SERIAL seed=(-?\\d+)]");

    @Test
    void runsOncePerBackendWithTheBackendInTheDisplayName() {
        Events events = run("records");
        events.assertStatistics(s -> s.started(3).succeeded(3));
        assertThat(events.started().list())
                .extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactly("[VIRTUAL]", "[PLATFORM]", "[SERIAL]");
        assertThat(RECORDED)
                .containsExactly(
                        "VIRTUAL test records", "PLATFORM test records", "SERIAL test records");
    }

    @Test
    void backendsNarrowsTheRun() {
        run("platformOnly").assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(RECORDED).containsExactly("PLATFORM");
    }

    @Test
    void theSystemPropertyNarrowsTheDefault() {
        System.setProperty("weft.backends", " platform ");
        run("records").assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(RECORDED).containsExactly("PLATFORM test records");
    }

    @Test
    void anUnknownBackendInThePropertyIsAConfigurationError() {
        System.setProperty("weft.backends", "VIRTUAL,fibers");
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Samples.class, "records"))
                .execute()
                .containerEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                finishedWithFailure(
                                        message(m -> m.contains("unknown backend 'fibers'")))));
    }

    @Test
    void aNonPositiveTimeoutIsAConfigurationError() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Samples.class, "badTimeout"))
                .execute()
                .containerEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                finishedWithFailure(
                                        message(m -> m.contains("must be positive, was 0")))));
    }

    @Test
    void aFailingTaskFailsTheTestWithTheWholeExceptionGroup() {
        Events events = run("childFails");
        events.assertStatistics(s -> s.started(1).failed(1));
        Throwable failure =
                events.failed()
                        .list()
                        .get(0)
                        .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .orElseThrow()
                        .getThrowable()
                        .orElseThrow();
        assertThat(failure).isInstanceOf(ExceptionGroup.class);
        assertThat(((ExceptionGroup) failure).exceptions())
                .extracting(Throwable::getMessage)
                .containsExactlyInAnyOrder("child broke", "sibling broke");
    }

    @Test
    void aHungTestFailsAtItsDeadlineWithATaskDump() {
        Events events = run("hangs");
        events.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                finishedWithFailure(
                                        instanceOf(AssertionError.class),
                                        message(m ->
                                                m.contains("exceeded its deadline of 1 s")
                                                        && m.contains("'stuck-worker'")
                                                        && m.contains("'test hangs'")
                                                        && m.contains("sleepForever")))));
    }

    @Test
    void aTestThatIgnoresCancellationIsAbandonedAfterTheGracePeriod() throws Exception {
        System.setProperty("weft.test.graceSeconds", "1");
        releaseStuck = false;
        try {
            Events events = run("ignoresCancellation");
            events.assertThatEvents()
                    .haveExactly(
                            1,
                            event(
                                    finishedWithFailure(
                                            message(m ->
                                                    m.contains("did not stop within 1 s")
                                                            && m.contains("were abandoned")))));
        } finally {
            releaseStuck = true;
            Thread t = stuckThread;
            if (t != null) {
                LockSupport.unpark(t);
                t.join();
            }
        }
    }

    // ---------------------------------------------------------------- seeds

    @Test
    void seedsRunsNInvocationsOnSerialEachWithItsOwnSeed() {
        Events events = run("seeded");
        events.assertStatistics(s -> s.started(5).succeeded(5));
        List<String> names = displayNames(events);
        assertThat(names).allMatch(n -> SEEDED.matcher(n).matches());
        assertThat(RECORDED).containsOnly("SERIAL").hasSize(5);
        List<Long> seeds =
                names.stream()
                        .map(n -> {
                            Matcher m = SEEDED.matcher(n);
                            assertThat(m.matches()).isTrue();
                            return Long.parseLong(m.group(1));
                        })
                        .toList();
        assertThat(seeds).doesNotHaveDuplicates();
        // They look random: not 0..4, and spread over the whole long range.
        assertThat(seeds).doesNotContain(0L, 1L, 2L, 3L, 4L, WeftTest.NO_SEED);
        assertThat(seeds).anyMatch(x -> Math.abs(x) > 1L << 40);
        // Every run of the suite uses the same seeds.
        assertThat(displayNames(run("seeded"))).isEqualTo(names);
    }

    @Test
    void seedsOfDifferentTestsDiffer() {
        List<String> a = displayNames(run("seeded"));
        List<String> b = displayNames(run("seededFails"));
        assertThat(b).doesNotContainAnyElementsOf(a);
    }

    @Test
    void aSeededTestRunsOnSerialWhateverTheBackendPropertySays() {
        System.setProperty("weft.backends", "VIRTUAL");
        run("seeded").assertStatistics(s -> s.started(5).succeeded(5));
        assertThat(RECORDED).containsOnly("SERIAL").hasSize(5);
    }

    @Test
    void seedsWithSerialAmongTheBackendsRunsOnSerialOnly() {
        Events events = run("seededWithSerialAmongTheBackends");
        events.assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(RECORDED).containsExactly("SERIAL", "SERIAL");
    }

    @Test
    void aFailingSeedIsNamedInTheFailureWithHowToReplayIt() {
        Events events = run("seededFails");
        events.assertStatistics(s -> s.started(3).failed(3));
        for (Event failed : events.failed().list()) {
            Matcher name = SEEDED.matcher(failed.getTestDescriptor().getDisplayName());
            assertThat(name.matches()).isTrue();
            String seed = name.group(1);
            Throwable failure = failureOf(failed);
            assertThat(failure)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(
                            "test 'seededFails' on SERIAL failed with seed "
                                    + seed
                                    + "; replay with @WeftTest(seed = "
                                    + seed
                                    + "L)")
                    .hasMessageContaining("broke on purpose");
            // The original failure, with its stack, is the cause.
            assertThat(failure.getCause())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("broke on purpose");
            assertThat(failure.getCause().getStackTrace())
                    .anyMatch(f -> f.getMethodName().equals("seededFails"));
        }
    }

    @Test
    void seedRunsOnceOnSerialWithThatSeed() {
        Events events = run("replaysOneSeed");
        events.assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(displayNames(events)).containsExactly("[SERIAL seed=42]");
        List<String> expected =
                Weft.run(
                        RunOptions.defaults().backend(Backend.SERIAL).seed(42),
                        WeftExtensionTest::interleaving);
        assertThat(RECORDED).containsExactly(String.join(",", expected));
        // The program has real choices: FIFO order gives another interleaving, so the seed was
        // used.
        List<String> fifo =
                Weft.run(
                        RunOptions.defaults().backend(Backend.SERIAL),
                        WeftExtensionTest::interleaving);
        assertThat(fifo).containsExactly("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2");
        assertThat(expected).isNotEqualTo(fifo);
    }

    @Test
    void seedAndSeedsTogetherAreAConfigurationError() {
        assertConfigurationError("seedAndSeeds", "exclude each other", "seed = 1", "seeds = 2");
    }

    @Test
    void aSeedWithBackendsWithoutSerialIsAConfigurationError() {
        assertConfigurationError(
                "seedsWithoutSerial", "@WeftTest(seeds) runs on Backend.SERIAL only", "[VIRTUAL]");
        assertConfigurationError(
                "seedWithoutSerial",
                "@WeftTest(seed = 7) runs on Backend.SERIAL only",
                "[VIRTUAL, PLATFORM]");
    }

    @Test
    void negativeSeedsIsAConfigurationError() {
        assertConfigurationError("negativeSeeds", "must not be negative, was -1");
    }

    @Test
    void seedsOnAParallelTaggedTestIsAConfigurationError() {
        assertConfigurationError("seedsOnAParallelTest", "tagged 'parallel'");
    }

    // ---------------------------------------------------------------- clock

    @Test
    void autojumpRunsEveryBackendOnAJumpingMockClock() {
        run("autojumpClock").assertStatistics(s -> s.started(3).succeeded(3));
        long hour = Duration.ofHours(1).toNanos();
        assertThat(RECORDED)
                .containsExactly("VIRTUAL 0 " + hour, "PLATFORM 0 " + hour, "SERIAL 0 " + hour);
    }

    @Test
    void aMockClockParameterGetsTheAutojumpClock() {
        run("autojumpClockAsParameter").assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(RECORDED).containsExactly("Optional[PT0S] true");
    }

    @Test
    void mockIsAMockClockThatDoesNotJump() {
        run("mockClock").assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(RECORDED).containsExactly("0 0");
    }

    @Test
    void aMockClockParameterWithTheSystemClockSettingGetsAMockClock() {
        run("systemClockWithAMockClockParameter").assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(RECORDED).containsExactly("Optional.empty 0 0");
    }

    @Test
    void theDefaultClockIsTheSystemClock() {
        run("systemClock").assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(RECORDED).containsExactly("true");
    }
}
