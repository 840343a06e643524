package io.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.weft.Backend;
import io.weft.ExceptionGroup;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
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
    }

    private static Events run(String method) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Samples.class, method))
                .execute()
                .testEvents();
    }

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
}
