package io.weft.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Backend;
import io.weft.Instrument;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.TaskInfo;
import io.weft.Weft;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Instrument}s: which callbacks come, in which order, and what a throwing one costs. (In
 * this package because a wait is named by its outermost frame in a public Weft package, and test
 * code in {@code io.weft} would count as Weft's.)
 */
class InstrumentTest {

    /** Records every callback as "callback task [waitingIn]". */
    static final class Recorder implements Instrument {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void taskSpawned(TaskInfo task) {
            calls.add("spawned " + task.name());
        }

        @Override
        public void taskScheduled(TaskInfo task) {
            calls.add("scheduled " + task.name());
        }

        @Override
        public void beforeTaskStep(TaskInfo task) {
            calls.add("beforeStep " + task.name());
        }

        @Override
        public void afterTaskStep(TaskInfo task) {
            calls.add("afterStep " + task.name());
        }

        @Override
        public void taskExited(TaskInfo task) {
            calls.add("exited " + task.name());
        }

        @Override
        public void beforeWait(TaskInfo task, String waitingIn) {
            calls.add("beforeWait " + task.name() + " " + waitingIn);
        }

        @Override
        public void afterWait(TaskInfo task, String waitingIn) {
            calls.add("afterWait " + task.name() + " " + waitingIn);
        }

        List<String> of(String taskName) {
            List<String> out = new ArrayList<>();
            for (String c : calls) {
                String[] words = c.split(" ");
                if (words[1].equals(taskName)) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    private static void childWaitsForTheRoot(Backend backend, Instrument... instruments) {
        RunOptions options = RunOptions.defaults().backend(backend).rootTaskName("root");
        for (Instrument i : instruments) {
            options = options.instrument(i);
        }
        Weft.run(
                options,
                () -> {
                    Event go = new Event();
                    TaskGroup.run(tg -> {
                        tg.startSoon("child", go::await);
                        Weft.waitAllTasksBlocked();
                        go.set();
                    });
                });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTaskIsReportedFromSpawnThroughItsWaitToItsExit(Backend backend) {
        Recorder r = new Recorder();
        childWaitsForTheRoot(backend, r);
        List<String> child = r.of("child");
        if (backend == Backend.SERIAL) {
            assertThat(child)
                    .containsExactly(
                            "spawned child",
                            "scheduled child",
                            "beforeStep child",
                            "beforeWait child io.weft.sync.Event.await",
                            "afterStep child",
                            "scheduled child",
                            "beforeStep child",
                            "afterWait child io.weft.sync.Event.await",
                            "exited child",
                            "afterStep child");
        } else {
            assertThat(child)
                    .containsExactly(
                            "spawned child",
                            "scheduled child",
                            "beforeWait child io.weft.sync.Event.await",
                            "scheduled child",
                            "afterWait child io.weft.sync.Event.await",
                            "exited child");
        }
        assertThat(r.of("root"))
                .startsWith("spawned root", "scheduled root")
                .contains("exited root");
    }

    @Test
    void onSerialTheWholeRunIsOneReproducibleSequenceOfSteps() {
        Recorder first = new Recorder();
        childWaitsForTheRoot(Backend.SERIAL, first);
        Recorder second = new Recorder();
        childWaitsForTheRoot(Backend.SERIAL, second);
        assertThat(second.calls).isEqualTo(first.calls);
        assertThat(first.calls) // as docs/observability.md shows it
                .containsExactly(
                        "spawned root",
                        "scheduled root",
                        "beforeStep root",
                        "spawned child",
                        "scheduled child",
                        "beforeWait root io.weft.Weft.waitAllTasksBlocked",
                        "afterStep root",
                        "beforeStep child",
                        "beforeWait child io.weft.sync.Event.await",
                        "scheduled root",
                        "afterStep child",
                        "beforeStep root",
                        "afterWait root io.weft.Weft.waitAllTasksBlocked",
                        "scheduled child",
                        "beforeWait root io.weft.TaskGroup.run",
                        "afterStep root",
                        "beforeStep child",
                        "afterWait child io.weft.sync.Event.await",
                        "exited child",
                        "scheduled root",
                        "afterStep child",
                        "beforeStep root",
                        "afterWait root io.weft.TaskGroup.run",
                        "exited root",
                        "afterStep root");
        // Steps never overlap: each beforeStep is followed by that task's afterStep before any
        // other task's beforeStep.
        String running = null;
        for (String c : first.calls) {
            String[] w = c.split(" ");
            if (w[0].equals("beforeStep")) {
                assertThat(running).as("a step began while " + running + " ran").isNull();
                running = w[1];
            } else if (w[0].equals("afterStep")) {
                assertThat(w[1]).isEqualTo(running);
                running = null;
            }
        }
        assertThat(running).isNull();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anInstrumentThatThrowsIsRemovedAndLoggedAndTheRunGoesOn(Backend backend) {
        Logger logger = Logger.getLogger("io.weft"); // held: JUL keeps loggers weakly
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler =
                new Handler() {
                    @Override
                    public void publish(LogRecord r) {
                        logged.add(r);
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        boolean parentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        try {
            AtomicInteger calls = new AtomicInteger();
            Instrument bad =
                    new Instrument() {
                        @Override
                        public void taskSpawned(TaskInfo task) {
                            calls.incrementAndGet();
                            throw new IllegalStateException("instrument bug");
                        }

                        @Override
                        public void taskExited(TaskInfo task) {
                            calls.incrementAndGet();
                        }
                    };
            Recorder good = new Recorder();
            childWaitsForTheRoot(backend, bad, good);
            assertThat(calls).hasValue(1); // removed from every callback after its first throw
            assertThat(good.of("child")).contains("spawned child", "exited child");
            assertThat(logged).hasSize(1);
            assertThat(logged.get(0).getMessage()).contains("threw from taskSpawned", "removed");
            assertThat(logged.get(0).getThrown()).hasMessage("instrument bug");
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(parentHandlers);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCallbackThatWaitsInWeftIsRemovedAndTheWaitingTaskIsUnharmed(Backend backend) {
        Logger logger = Logger.getLogger("io.weft");
        boolean parentHandlers = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false); // the expected warning stays out of the console
        try {
            List<Throwable> nested = new CopyOnWriteArrayList<>();
            Instrument waits =
                    new Instrument() {
                        @Override
                        public void beforeWait(TaskInfo task, String waitingIn) {
                            try {
                                Weft.sleep(Duration.ofMillis(1)); // not allowed here
                            } catch (Throwable e) {
                                nested.add(e);
                                throw e;
                            }
                        }
                    };
            String done =
                    Weft.run(
                            RunOptions.defaults().backend(backend).instrument(waits),
                            () -> {
                                Weft.sleep(Duration.ofMillis(1));
                                Weft.sleep(Duration.ofMillis(1)); // the instrument is gone
                                return "done";
                            });
            assertThat(done).isEqualTo("done");
            assertThat(nested).singleElement().isInstanceOf(IllegalStateException.class);
        } finally {
            logger.setUseParentHandlers(parentHandlers);
        }
    }

    @Test
    void stepsAreReportedOnSerialOnly() {
        Recorder r = new Recorder();
        childWaitsForTheRoot(Backend.VIRTUAL, r);
        assertThat(r.calls).noneMatch(c -> c.contains("Step "));
    }

    @Test
    void optionsKeepInstrumentsInOrderAndRejectNull() {
        Instrument a = new Recorder();
        Instrument b = new Recorder();
        RunOptions o = RunOptions.defaults().instrument(a).instrument(b);
        assertThat(o.instruments()).containsExactly(a, b);
        assertThat(RunOptions.defaults().instruments()).isEmpty();
        assertThat(o.backend(Backend.SERIAL).instruments()).containsExactly(a, b);
        assertThatThrownBy(() -> RunOptions.defaults().instrument(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("instrument is null");
    }
}
