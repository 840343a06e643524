package io.weft.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.CheckedRunnable;
import io.weft.ExceptionGroup;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.Weft;
import io.weft.examples.Timeouts;
import io.weft.stream.MemoryObjectStream;
import io.weft.sync.Event;
import io.weft.testing.MockClock;
import io.weft.thread.ToThread;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Weft's JFR events, recorded with {@code jdk.jfr.Recording} around a known run and read back with
 * {@code RecordingFile}: which events, with which fields.
 */
class JfrEventsTest {
    /** Every Weft event. */
    static final List<String> EVENTS =
            List.of(
                    "io.weft.TaskStart",
                    "io.weft.TaskEnd",
                    "io.weft.CancelScopeCancelled",
                    "io.weft.DeadlineFired",
                    "io.weft.LongWait",
                    "io.weft.ToThreadCall",
                    "io.weft.StreamBackpressure");

    /** The events with a threshold: recorded with threshold 0 unless a test says otherwise. */
    private static final List<String> TIMED =
            List.of("io.weft.LongWait", "io.weft.ToThreadCall", "io.weft.StreamBackpressure");

    /**
     * Runs {@code root} as the root task of a runtime of {@code backend}, under {@link #record}.
     */
    private static List<RecordedEvent> recordRun(
            Backend backend, CheckedRunnable<RuntimeException> root) throws Exception {
        return record(() -> Weft.run(RunOptions.defaults().backend(backend), root));
    }

    /** Runs {@code body} under a recording of Weft's events, the timed ones at threshold 0. */
    private static List<RecordedEvent> record(Runnable body) throws Exception {
        Path file = Files.createTempFile("weft-events", ".jfr");
        try {
            try (Recording r = new Recording()) {
                for (String name : EVENTS) {
                    if (TIMED.contains(name)) {
                        r.enable(name).withThreshold(Duration.ZERO);
                    } else {
                        r.enable(name);
                    }
                }
                r.start();
                body.run();
                r.stop();
                r.dump(file);
            }
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> EVENTS.contains(e.getEventType().getName()))
                    .toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<RecordedEvent> named(List<RecordedEvent> all, String type) {
        return all.stream().filter(e -> e.getEventType().getName().equals(type)).toList();
    }

    private static RecordedEvent task(List<RecordedEvent> all, String type, String name) {
        List<RecordedEvent> found =
                named(all, type).stream().filter(e -> name.equals(e.getString("name"))).toList();
        assertThat(found).as(type + " of " + name).hasSize(1);
        return found.get(0);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tasksCancellationsAndDeadlinesAreRecordedWithTheirFields(Backend backend)
            throws Exception {
        AtomicLong rootId = new AtomicLong();
        Event never = new Event();
        List<RecordedEvent> events =
                recordRun(
                        backend,
                        () -> {
                            rootId.set(Weft.currentTask().id());
                            TaskGroup.run(tg -> {
                                tg.startSoon("jfr-ok", () -> "fine");
                                tg.startSoon(
                                        "jfr-swallowed",
                                        () ->
                                                new CancelScope()
                                                        .run(s -> {
                                                            s.cancel("jfr reason");
                                                            Weft.checkpoint();
                                                        }));
                                TaskHandle<Void> h = tg.startSoon("jfr-handle", never::await);
                                Weft.waitAllTasksBlocked();
                                h.cancel("by the handle");
                                Weft.moveOnAfter(Duration.ofMillis(1), s -> Weft.sleepForever());
                            });
                        });

        RecordedEvent start = task(events, "io.weft.TaskStart", "jfr-ok");
        assertThat(start.getLong("parentId")).isEqualTo(rootId.get());
        assertThat(start.getLong("taskId")).isPositive();
        assertThat(start.getLong("runtimeId")).isPositive();
        assertThat(task(events, "io.weft.TaskEnd", "jfr-ok").getString("outcome"))
                .isEqualTo("FINISHED");
        assertThat(task(events, "io.weft.TaskEnd", "jfr-swallowed").getString("outcome"))
                .isEqualTo("FINISHED"); // its own scope swallowed the cancellation
        RecordedEvent handleEnd = task(events, "io.weft.TaskEnd", "jfr-handle");
        assertThat(handleEnd.getString("outcome")).isEqualTo("CANCELLED");
        assertThat(handleEnd.getString("failure")).isNull();

        List<RecordedEvent> cancels = named(events, "io.weft.CancelScopeCancelled");
        RecordedEvent byCall =
                cancels.stream()
                        .filter(e -> "jfr reason".equals(e.getString("reason")))
                        .findFirst()
                        .orElseThrow();
        assertThat(byCall.getString("kind")).isEqualTo("cancelScope");
        assertThat(byCall.getString("canceller")).isEqualTo("task 'jfr-swallowed'");
        assertThat(byCall.getBoolean("byDeadline")).isFalse();
        assertThat(byCall.getStackTrace()).isNotNull(); // who called cancel
        RecordedEvent byHandle =
                cancels.stream()
                        .filter(e -> "by the handle".equals(e.getString("reason")))
                        .findFirst()
                        .orElseThrow();
        assertThat(byHandle.getString("kind")).isEqualTo("task");
        RecordedEvent byDeadline =
                cancels.stream().filter(e -> e.getBoolean("byDeadline")).findFirst().orElseThrow();
        assertThat(byDeadline.getString("reason")).isEqualTo("deadline exceeded");
        assertThat(byDeadline.getLong("ownerTaskId")).isEqualTo(rootId.get());

        List<RecordedEvent> fired = named(events, "io.weft.DeadlineFired");
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).getLong("ownerTaskId")).isEqualTo(rootId.get());
        assertThat(fired.get(0).getLong("lateness")).isNotNegative();
    }

    /**
     * An example program as a user runs it (S8, {@link Timeouts}, on virtual time): its two
     * deadlines fire, each cancels its scope, and the root task that owned them ends normally.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theTimeoutsExampleRecordsItsDeadlinesAndCancellations(Backend backend) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RunOptions options =
                RunOptions.defaults()
                        .backend(backend)
                        .clock(new MockClock().autojumpThreshold(Duration.ZERO));
        List<RecordedEvent> events =
                record(() ->
                        Timeouts.run(
                                options, new PrintStream(printed, true, StandardCharsets.UTF_8)));

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Exited cancel scope, cancelled = true")
                .contains("reason: the sleep took too long");
        List<RecordedEvent> fired = named(events, "io.weft.DeadlineFired");
        assertThat(fired).hasSize(2);
        List<RecordedEvent> byDeadline =
                named(events, "io.weft.CancelScopeCancelled").stream()
                        .filter(e -> e.getBoolean("byDeadline"))
                        .toList();
        assertThat(byDeadline).hasSize(2);
        // failAfter's reason goes to the TimeoutException; the scope was cancelled by its deadline.
        assertThat(byDeadline.stream().map(e -> e.getString("reason")))
                .containsOnly("deadline exceeded");
        long rootId = fired.get(0).getLong("ownerTaskId");
        assertThat(fired).allSatisfy(e -> assertThat(e.getLong("ownerTaskId")).isEqualTo(rootId));
        assertThat(named(events, "io.weft.TaskEnd"))
                .anySatisfy(e -> {
                    assertThat(e.getLong("taskId")).isEqualTo(rootId);
                    assertThat(e.getString("outcome")).isEqualTo("FINISHED");
                });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailedTaskEndsWithItsExceptionsClass(Backend backend) throws Exception {
        List<RecordedEvent> events =
                record(() ->
                        assertThat(
                                        catchThrowable(() ->
                                                Weft.run(
                                                        RunOptions.defaults().backend(backend),
                                                        () ->
                                                                TaskGroup.run(tg ->
                                                                        tg.startSoon(
                                                                                "jfr-fails",
                                                                                () -> {
                                                                                    throw new IllegalStateException(
                                                                                            "x");
                                                                                })))))
                                .isInstanceOf(ExceptionGroup.class));
        RecordedEvent end = task(events, "io.weft.TaskEnd", "jfr-fails");
        assertThat(end.getString("outcome")).isEqualTo("FAILED");
        assertThat(end.getString("failure")).isEqualTo(IllegalStateException.class.getName());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void withoutARecordingThatEnablesThemNothingIsRecorded(Backend backend) throws Exception {
        Path file = Files.createTempFile("weft-events", ".jfr");
        try {
            try (Recording r = new Recording()) {
                r.enable("jdk.ThreadStart"); // a recording, but none of Weft's events in it
                r.start();
                Weft.run(
                        RunOptions.defaults().backend(backend),
                        () -> TaskGroup.run(tg -> tg.startSoon(() -> {})));
                r.stop();
                r.dump(file);
            }
            assertThat(RecordingFile.readAllEvents(file))
                    .noneMatch(e -> e.getEventType().getName().startsWith("io.weft."));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<RecordedEvent> ofTask(List<RecordedEvent> all, String type, String name) {
        return named(all, type).stream().filter(e -> name.equals(e.getString("name"))).toList();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWaitIsRecordedWithWhereItWaitedAndHowItEnded(Backend backend) throws Exception {
        List<RecordedEvent> events =
                recordRun(
                        backend,
                        () -> {
                            Event go = new Event();
                            Event never = new Event();
                            TaskGroup.run(tg -> {
                                tg.startSoon("jfr-resumed", go::await);
                                TaskHandle<Void> h = tg.startSoon("jfr-cancelled", never::await);
                                Weft.waitAllTasksBlocked();
                                go.set();
                                h.cancel();
                            });
                        });
        RecordedEvent resumed = only(ofTask(events, "io.weft.LongWait", "jfr-resumed"));
        assertThat(resumed.getString("waitingIn")).isEqualTo("io.weft.sync.Event.await");
        assertThat(resumed.getString("outcome")).isEqualTo("RESUMED");
        // Named when the event is committed: once the wait ended, so the event is set by then.
        assertThat(resumed.getString("waitingOn")).startsWith("Event[set");
        RecordedEvent cancelled = only(ofTask(events, "io.weft.LongWait", "jfr-cancelled"));
        assertThat(cancelled.getString("waitingIn")).isEqualTo("io.weft.sync.Event.await");
        assertThat(cancelled.getString("outcome")).isEqualTo("CANCELLED");
        assertThat(cancelled.getString("waitingOn")).startsWith("Event[unset");
        assertThat(cancelled.getLong("taskId")).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSleepIsATimedOutWaitWithTheUsersFrame(Backend backend) throws Exception {
        // On virtual time: the clock jumps only once every task is blocked, so the sleep's timer
        // cannot fire before the sleeper has parked (on the wall clock a 1 ms timer sometimes did,
        // and a wait that ends before it parks records no LongWait).
        RunOptions options =
                RunOptions.defaults()
                        .backend(backend)
                        .clock(new MockClock().autojumpThreshold(Duration.ZERO));
        List<RecordedEvent> events =
                record(() ->
                        Weft.run(
                                options,
                                () ->
                                        TaskGroup.run(tg ->
                                                tg.startSoon(
                                                        "jfr-sleeper",
                                                        () -> Weft.sleep(Duration.ofMillis(1))))));
        RecordedEvent slept = only(ofTask(events, "io.weft.LongWait", "jfr-sleeper"));
        assertThat(slept.getString("waitingIn")).isEqualTo("io.weft.Weft.sleep");
        assertThat(slept.getString("calledFrom")).contains("JfrEventsTest");
        assertThat(slept.getString("outcome")).isEqualTo("TIMED_OUT");
        assertThat(slept.getString("waitingOn")).isNull(); // a sleep waits on nothing
    }

    @Test
    void theTimedEventsDefaultTo20MsAndWeftJfcEnablesAllSevenWithThatThreshold() throws Exception {
        Weft.run(() -> {}); // loads and registers the event classes
        for (String name : TIMED) {
            EventType type =
                    FlightRecorder.getFlightRecorder().getEventTypes().stream()
                            .filter(t -> t.getName().equals(name))
                            .findFirst()
                            .orElseThrow();
            assertThat(
                            type.getSettingDescriptors().stream()
                                    .filter(d -> d.getName().equals("threshold"))
                                    .findFirst()
                                    .orElseThrow()
                                    .getDefaultValue())
                    .as(name)
                    .isEqualTo("20 ms");
        }
        Configuration jfc;
        try (InputStream in = Weft.class.getResourceAsStream("/weft.jfc")) {
            assertThat(in).as("weft.jfc in the jar").isNotNull();
            jfc = Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        for (String name : EVENTS) {
            assertThat(jfc.getSettings()).containsEntry(name + "#enabled", "true");
        }
        for (String name : TIMED) {
            assertThat(jfc.getSettings()).containsEntry(name + "#threshold", "20 ms");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void toThreadCallsAreRecordedWithTheirOutcomeAndLimiter(Backend backend) throws Exception {
        List<RecordedEvent> events =
                recordRun(
                        backend,
                        () ->
                                TaskGroup.run(tg -> {
                                    tg.startSoon("jfr-returns", () -> ToThread.runSync(() -> 42));
                                    tg.startSoon(
                                            "jfr-throws",
                                            () ->
                                                    catchThrowable(() ->
                                                            ToThread.runSync(() -> {
                                                                throw new IOException("x");
                                                            })));
                                    tg.startSoon(
                                            "jfr-cancelled",
                                            () ->
                                                    new CancelScope()
                                                            .run(s -> {
                                                                s.cancel();
                                                                ToThread.runSync(() -> 1);
                                                            }));
                                }));
        RecordedEvent returned = only(ofTask(events, "io.weft.ToThreadCall", "jfr-returns"));
        assertThat(returned.getString("outcome")).isEqualTo("RETURNED");
        assertThat(returned.getString("function")).contains("JfrEventsTest");
        assertThat(returned.getDouble("limiterTokens")).isEqualTo(40.0);
        assertThat(returned.getBoolean("abandonOnCancel")).isFalse();
        assertThat(returned.getLong("limiterWait")).isNotNegative();
        assertThat(only(ofTask(events, "io.weft.ToThreadCall", "jfr-throws")).getString("outcome"))
                .isEqualTo("FAILED");
        assertThat(
                        only(ofTask(events, "io.weft.ToThreadCall", "jfr-cancelled"))
                                .getString("outcome"))
                .isEqualTo("CANCELLED");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSendThatWaitsForRoomIsRecordedAsBackpressure(Backend backend) throws Exception {
        List<RecordedEvent> events =
                recordRun(
                        backend,
                        () -> {
                            MemoryObjectStream<String> s = MemoryObjectStream.create(1);
                            s.sendStream().send("fills the buffer");
                            TaskGroup.run(tg -> {
                                tg.startSoon("jfr-sender", () -> s.sendStream().send("waits"));
                                Weft.waitAllTasksBlocked();
                                TaskHandle<Void> h =
                                        tg.startSoon(
                                                "jfr-cancelled-sender",
                                                () -> s.sendStream().send("never"));
                                Weft.waitAllTasksBlocked();
                                h.cancel();
                                Weft.waitAllTasksBlocked();
                                assertThat(s.receiveStream().receive())
                                        .isEqualTo("fills the buffer");
                            });
                            assertThat(s.receiveStream().receive()).isEqualTo("waits");
                        });
        RecordedEvent sent = only(ofTask(events, "io.weft.StreamBackpressure", "jfr-sender"));
        assertThat(sent.getString("outcome")).isEqualTo("SENT");
        assertThat(sent.getInt("capacity")).isEqualTo(1);
        assertThat(sent.getString("itemClass")).isEqualTo("java.lang.String");
        RecordedEvent cancelled =
                only(ofTask(events, "io.weft.StreamBackpressure", "jfr-cancelled-sender"));
        assertThat(cancelled.getString("outcome")).isEqualTo("CANCELLED");
        assertThat(cancelled.getInt("streamId")).isEqualTo(sent.getInt("streamId"));
    }

    private static RecordedEvent only(List<RecordedEvent> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
