package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.net.TlsStream;
import io.weft.sync.Event;
import io.weft.testing.Checkpoints;
import io.weft.testing.MemoryByteStream;
import io.weft.testing.MockClock;
import io.weft.testing.Sequencer;
import io.weft.testing.StreamConformance;
import io.weft.testing.StreamPair;
import io.weft.testing.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The code samples of docs/testing.md and the conformance-kit sample of docs/stream-hierarchy.md
 * (see {@code DocSamples}): they are tests, and run as such, on every backend.
 */
class TestingPageTest {

    @Nested
    // region weft-test
    class TimeoutTest {
        @WeftTest
        void movesOn() {
            CancelScope s = Weft.moveOnAfter(Duration.ofMillis(10), x -> Weft.sleepForever());
            assertTrue(s.cancelledCaught());
        }
    }
    // endregion

    // region deterministic
    @WeftTest
    void cancellingTheGroupCancelsAParkedChild() {
        AtomicReference<TaskHandle<Void>> child = new AtomicReference<>();
        TaskGroup.run(tg -> {
            child.set(tg.startSoon(() -> Weft.sleep(Duration.ofHours(1))));
            Weft.waitAllTasksBlocked();          // the child is parked in its sleep
            tg.cancel();
        });
        assertEquals(TaskHandle.Status.CANCELLED, child.get().status());
    }
    // endregion

    // region virtual-time
    @WeftTest
    void pollsEverySevenMinutesUntilTheHourIsUp(MockClock clock) {
        clock.autojumpThreshold(Duration.ZERO);      // jump whenever every task is parked
        AtomicInteger polls = new AtomicInteger();
        CancelScope s = Weft.moveOnAfter(Duration.ofHours(1), x -> {
            while (true) {
                Weft.sleep(Duration.ofMinutes(7));
                polls.incrementAndGet();
            }
        });
        assertTrue(s.cancelledCaught());
        assertEquals(8, polls.get());                                // at 7, 14, ... 56 minutes
        assertEquals(Duration.ofHours(1).toNanos(), Weft.now());     // exactly, in no real time
    }
    // endregion

    // region manual-jumps
    @WeftTest
    void theSleeperWakesWhenItsDeadlineIsReached(MockClock clock) {
        TaskGroup.run(tg -> {
            TaskHandle<Void> sleeper = tg.startSoon(() -> Weft.sleep(Duration.ofMinutes(5)));
            Weft.waitAllTasksBlocked();               // the sleeper is parked
            clock.jump(Duration.ofMinutes(4));
            assertTrue(sleeper.info().isWaiting());   // nothing was due
            clock.jump(Duration.ofMinutes(1));        // due now: woken before jump returns
        });
    }
    // endregion

    // region autojump
    @WeftTest(clock = WeftTest.Clock.AUTOJUMP)
    void anHourOfSleepsInNoRealTime() {
        for (int i = 0; i < 60; i++) {
            Weft.sleep(Duration.ofMinutes(1));
        }
        assertEquals(Duration.ofHours(1).toNanos(), Weft.now());
    }
    // endregion

    // region serial
    @WeftTest(backends = Backend.SERIAL)
    void theChildRunsWhenTheHostCheckpoints() {
        List<String> log = new ArrayList<>();          // no lock needed: one task at a time
        TaskGroup.run(tg -> {
            tg.startSoon(() -> { log.add("child"); });
            log.add("host");
            Weft.checkpoint();                         // the child runs here, to its end
            log.add("host again");
        });
        assertEquals(List.of("host", "child", "host again"), log);
    }
    // endregion

    @Test
    void seedsFindTheLostUpdate() throws NoSuchMethodException {
        var events =
                EngineTestKit.engine("junit-jupiter")
                        .selectors(
                                selectMethod(
                                        LostUpdateSample.class,
                                        LostUpdateSample.class.getDeclaredMethod(
                                                "bothIncrementsCount")))
                        .execute()
                        .testEvents();
        assertThat(events.started().count()).isEqualTo(100);
        assertThat(events.failed().count()).isPositive();
        Throwable failure =
                events.failed()
                        .list()
                        .getFirst()
                        .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .orElseThrow()
                        .getThrowable()
                        .orElseThrow();
        assertThat(failure)
                .hasMessageContaining("test 'bothIncrementsCount' on SERIAL failed with seed ")
                .hasMessageContaining("replay with @WeftTest(seed = ")
                .hasMessageContaining("expected: <2> but was: <1>");
    }

    // region sequencer
    @WeftTest
    void blocksRunInTheOrderOfTheirPositions() {
        Sequencer seq = new Sequencer();
        List<Integer> out = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (var _ = seq.turn(0)) { out.add(0); }
                try (var _ = seq.turn(3)) { out.add(3); }
            });
            tg.startSoon(() -> {
                try (var _ = seq.turn(1)) { out.add(1); }
                try (var _ = seq.turn(2)) { out.add(2); }
            });
        });
        assertEquals(List.of(0, 1, 2, 3), out);
    }
    // endregion

    // region checkpoints
    @WeftTest
    void eventAwaitIsACheckpointAndSetIsNot() {
        Event e = new Event();
        Checkpoints.assertNoCheckpoints(e::set);
        Checkpoints.assertCheckpoints(e::await);              // a checkpoint even when already set
        Checkpoints.assertCheckpoints(() -> Weft.sleep(Duration.ZERO));
    }
    // endregion

    // region tls
    static final TestCertificate CERT = TestCertificate.localhost();

    @WeftTest
    void greets() throws Exception {
        var raw = MemoryByteStream.pair(16);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (TlsStream s = TlsStream.wrap(raw.second(), CERT.serverContext(), true, null, true)) {
                    s.send("hello".getBytes(StandardCharsets.UTF_8));
                }
            });
            try (TlsStream c = TlsStream.wrap(raw.first(), CERT.clientContext(), false, "localhost", true)) {
                assertThat(new String(c.receive(), StandardCharsets.UTF_8)).isEqualTo("hello");
            }
        });
    }
    // endregion

    /** "Your own stream": here an in-memory one, as the kit's users would write theirs. */
    static final class MyStream {
        static StreamPair<MemoryByteStream, MemoryByteStream> connectedPair() {
            return MemoryByteStream.pair(16);
        }

        static StreamPair<MemoryByteStream, MemoryByteStream> cloggedPair() {
            return MemoryByteStream.pair(0);
        }
    }

    // region conformance
    @WeftTest
    void myStreamConforms() throws Exception {
        StreamConformance.checkByteStream(() -> MyStream.connectedPair(), () -> MyStream.cloggedPair());
    }
    // endregion
}
