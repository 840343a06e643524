package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import io.weft.testing.ScheduleTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SERIAL backend: one task at a time, FIFO or seeded order, traces, the stall warning, and
 * SERIAL-only options.
 */
class SerialSchedulingTest {

    @WeftTest(backends = Backend.SERIAL)
    void startSoonOnlyQueuesTheChildRunsWhenTheHostCheckpoints() {
        List<String> log = new ArrayList<>();
        TaskGroup.run(tg -> {
            TaskHandle<Void> child =
                    tg.startSoon(() -> {
                        log.add("child");
                    });
            log.add("host after startSoon");
            assertThat(child.status()).isEqualTo(TaskHandle.Status.PENDING);
            assertThat(log).containsExactly("host after startSoon");
            Weft.checkpoint();
            assertThat(log).containsExactly("host after startSoon", "child");
            assertThat(child.status()).isEqualTo(TaskHandle.Status.FINISHED);
        });
    }

    @WeftTest(backends = Backend.SERIAL)
    void codeBetweenCheckpointsIsAtomic() {
        // Plain fields, no lock: only the task holding the runtime touches them.
        int[] counter = {0};
        int[] inside = {0};
        List<String> overlaps = new ArrayList<>();
        int tasks = 4;
        int rounds = 50;
        TaskGroup.run(tg -> {
            for (int i = 0; i < tasks; i++) {
                String name = "t" + i;
                tg.startSoon(() -> {
                    for (int r = 0; r < rounds; r++) {
                        if (inside[0]++ != 0) {
                            overlaps.add(name + " entered while another task was inside");
                        }
                        int read = counter[0];
                        for (int spin = 0; spin < 1_000; spin++) {
                            Thread.onSpinWait(); // a window in which a parallel task would run
                        }
                        counter[0] = read + 1;
                        inside[0]--;
                        Weft.checkpoint();
                    }
                });
            }
        });
        assertThat(overlaps).isEmpty();
        assertThat(counter[0]).isEqualTo(tasks * rounds);
    }

    @WeftTest(backends = Backend.SERIAL)
    void readyTasksRunInFifoOrder() {
        List<String> log = new ArrayList<>();
        TaskGroup.run(tg -> {
            for (String name : List.of("a", "b", "c")) {
                tg.startSoon(() -> {
                    log.add(name + "1");
                    Weft.checkpoint(); // to the back of the queue
                    log.add(name + "2");
                });
            }
        });
        assertThat(log).containsExactly("a1", "b1", "c1", "a2", "b2", "c2");
    }

    @WeftTest(backends = Backend.SERIAL)
    void wokenTasksRunInTheOrderTheyWereWoken() {
        List<String> log = new ArrayList<>();
        Event a = new Event();
        Event b = new Event();
        Event c = new Event();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                a.await();
                log.add("a");
            });
            tg.startSoon(() -> {
                b.await();
                log.add("b");
            });
            tg.startSoon(() -> {
                c.await();
                log.add("c");
            });
            Weft.waitAllTasksBlocked();
            c.set();
            a.set();
            b.set();
            assertThat(log).isEmpty(); // set() only makes them ready
        });
        assertThat(log).containsExactly("c", "a", "b");
    }

    @WeftTest(backends = Backend.SERIAL)
    void aCheckpointLetsTheNextReadyTaskRun() {
        List<String> log = new ArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> log.add("first"));
            tg.startSoon(() -> log.add("second"));
            log.add("host");
            Weft.checkpoint(); // both ready children run, each up to its end
            log.add("host again");
        });
        assertThat(log).containsExactly("host", "first", "second", "host again");
    }

    @WeftTest(backends = Backend.SERIAL)
    void cancelShieldedCheckpointYieldsButCheckpointIfCancelledDoesNot() {
        List<String> log = new ArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> log.add("child"));
            Weft.checkpointIfCancelled();
            log.add("after checkpointIfCancelled");
            Weft.cancelShieldedCheckpoint();
            log.add("after cancelShieldedCheckpoint");
        });
        assertThat(log)
                .containsExactly(
                        "after checkpointIfCancelled", "child", "after cancelShieldedCheckpoint");
    }

    @WeftTest(backends = Backend.SERIAL)
    void theHostRunsOnWhenNoOtherTaskIsReady() {
        List<String> log = new ArrayList<>();
        Weft.checkpoint();
        log.add("host");
        TaskGroup.run(tg -> {
            tg.startSoon(() -> log.add("child"));
            Weft.checkpoint();
            Weft.checkpoint(); // nobody else is ready: it returns at once
            log.add("host again");
        });
        assertThat(log).containsExactly("host", "child", "host again");
    }

    /** Two tasks passing one checkpoint each: every handoff is in the trace. */
    private static void smallProgram() {
        TaskGroup.run(tg -> {
            tg.startSoon("a", Weft::checkpoint);
            tg.startSoon("b", Weft::checkpoint);
        });
    }

    @Test
    void theTraceOfASmallProgramIsExactlyItsHandoffs() {
        ScheduleTrace trace = new ScheduleTrace();
        Weft.run(
                RunOptions.defaults().backend(Backend.SERIAL).rootTaskName("root").trace(trace),
                SerialSchedulingTest::smallProgram);
        assertThat(trace.events())
                .containsExactly(
                        "- start -> root#0",
                        "root#0 wait -> a#1", // the group waits for its children
                        "a#1 yield -> b#2",
                        "b#2 yield -> a#1",
                        "a#1 end -> b#2",
                        "b#2 end -> root#0", // the last child woke the host
                        "root#0 end -> (all blocked)");
    }

    /**
     * A program with real choices: three tasks each record their name around checkpoints; returns
     * the order of the records.
     */
    private static List<String> interleaving() {
        List<String> order = new ArrayList<>();
        TaskGroup.run(tg -> {
            for (String name : List.of("a", "b", "c")) {
                tg.startSoon(
                        name,
                        () -> {
                            for (int i = 0; i < 3; i++) {
                                order.add(name + i);
                                Weft.checkpoint();
                            }
                        });
            }
        });
        return order;
    }

    private static List<String> traceWithSeed(long seed) {
        ScheduleTrace trace = new ScheduleTrace();
        Weft.run(
                RunOptions.defaults().backend(Backend.SERIAL).seed(seed).trace(trace),
                SerialSchedulingTest::interleaving);
        return trace.events();
    }

    @Test
    void theSameSeedGivesTheSameTrace() {
        for (long seed : new long[] {1, 42, -7_340_952_118_225_612_007L}) {
            List<String> first = traceWithSeed(seed);
            assertThat(first).hasSizeGreaterThan(5);
            assertThat(traceWithSeed(seed)).as("seed %d", seed).isEqualTo(first);
        }
        // The order the tasks observed is the same too.
        RunOptions o = RunOptions.defaults().backend(Backend.SERIAL).seed(99);
        assertThat(Weft.run(o, SerialSchedulingTest::interleaving))
                .isEqualTo(Weft.run(o, SerialSchedulingTest::interleaving));
    }

    @Test
    void differentSeedsGiveDifferentTraces() {
        Set<List<String>> traces = new HashSet<>();
        for (long seed = 1; seed <= 5; seed++) {
            traces.add(traceWithSeed(seed));
        }
        assertThat(traces).hasSize(5);
        ScheduleTrace fifo = new ScheduleTrace();
        Weft.run(
                RunOptions.defaults().backend(Backend.SERIAL).trace(fifo),
                SerialSchedulingTest::interleaving);
        assertThat(traces).doesNotContain(fifo.events());
    }

    @Test
    void aTaskThatStallsTheRuntimeIsReportedWithItsNameAndStack() {
        Logger logger = Logger.getLogger("io.weft"); // held: JUL keeps loggers weakly
        CountDownLatch reported = new CountDownLatch(1);
        AtomicReference<LogRecord> record = new AtomicReference<>();
        Handler handler =
                new Handler() {
                    @Override
                    public void publish(LogRecord r) {
                        if (r.getMessage().contains("stalled") && record.compareAndSet(null, r)) {
                            reported.countDown();
                        }
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        boolean parentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false); // keep the expected warning out of the console
        try {
            AtomicBoolean otherRan = new AtomicBoolean();
            Weft.run(
                    RunOptions.defaults()
                            .backend(Backend.SERIAL)
                            .stallWarning(Duration.ofMillis(20)),
                    () ->
                            TaskGroup.run(tg -> {
                                tg.startSoon(
                                        "staller",
                                        () -> {
                                            // Blocks outside Weft until the warning is out; the
                                            // runtime cannot run anything else meanwhile.
                                            reported.await();
                                            assertThat(otherRan).isFalse();
                                        });
                                tg.startSoon("other", () -> otherRan.set(true));
                            }));
            assertThat(otherRan).isTrue();
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(parentHandlers);
        }
        LogRecord r = record.get();
        assertThat(r.getLevel()).isEqualTo(Level.WARNING);
        assertThat(r.getMessage())
                .contains("task 'staller'")
                .contains("without reaching a Weft checkpoint")
                .contains("CountDownLatch.await");
    }

    @ParameterizedTest
    @EnumSource(
            value = Backend.class,
            names = {"VIRTUAL", "PLATFORM"})
    void aSeedOnAnotherBackendIsRejectedByRun(Backend backend) {
        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() ->
                        Weft.run(
                                RunOptions.defaults().backend(backend).seed(1),
                                () -> ran.set(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "RunOptions.seed applies to Backend.SERIAL only, but the backend is "
                                + backend);
        assertThat(ran).isFalse();
    }
}
