package io.weft.diag;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.WeftDiagnostics;
import io.weft.internal.Task;
import io.weft.junit.WeftTest;
import io.weft.stream.MemoryObjectStream;
import io.weft.sync.Event;
import io.weft.sync.Futures;
import io.weft.sync.Lock;
import io.weft.sync.Semaphore;
import io.weft.thread.ToThread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the task-tree dumps say about the wait a task is in: the object it waits on (its class's
 * simple name and {@code toString()}) and for how long, in the text and the JSON; a task inside a
 * no-interrupt section; a target whose {@code toString()} throws or needs escaping; and the
 * with-stacks form of {@code Weft.dumpTaskTree}. States are reached with events and {@code
 * waitAllTasksBlocked}, and no test asserts on an amount of time, only that one is shown.
 */
class WaitTargetDumpTest {
    /** How the text shows a duration. */
    private static final String FOR = " for \\d+\\.\\d{3} s";

    @WeftTest
    void aParkedTaskShowsWhatItWaitsOnAndForHowLong() {
        Event event = new Event();
        MemoryObjectStream<String> stream = MemoryObjectStream.create(0);
        Semaphore semaphore = new Semaphore(0);
        Lock lock = new Lock();
        lock.acquire(); // held by this task, so that 'on-lock' waits
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("on-event", event);
        targets.put("on-stream", stream.receiveStream());
        targets.put("on-semaphore", semaphore);
        targets.put("on-lock", lock);
        AtomicReference<String> text = new AtomicReference<>();
        AtomicReference<String> json = new AtomicReference<>();
        Map<String, String> shown = new LinkedHashMap<>(); // each target's toString meanwhile
        TaskGroup.run(tg -> {
            tg.startSoon("on-event", event::await);
            tg.startSoon("on-stream", () -> stream.receiveStream().receive());
            tg.startSoon(
                    "on-semaphore",
                    () -> {
                        semaphore.acquire();
                    });
            tg.startSoon(
                    "on-lock",
                    () -> {
                        lock.acquire();
                    });
            Weft.waitAllTasksBlocked();
            text.set(Weft.dumpTaskTree());
            json.set(Weft.dumpTaskTreeAsJson());
            targets.forEach((name, target) -> shown.put(name, target.toString()));
            tg.cancel();
        });
        lock.release();
        stream.close();

        assertThat(shown.get("on-event")).isEqualTo("Event[unset, waiting=1]");
        assertThat(shown.get("on-stream")).startsWith("MemoryObjectReceiveStream@");
        assertThat(shown.get("on-semaphore")).startsWith("Semaphore[value=0");
        assertThat(shown.get("on-lock")).startsWith("Lock[locked by ");
        Map<String, String> waitingIn =
                Map.of(
                        "on-event", "io.weft.sync.Event.await",
                        "on-stream", "io.weft.stream.MemoryObjectReceiveStream.receive",
                        "on-semaphore", "io.weft.sync.Semaphore.acquire",
                        "on-lock", "io.weft.sync.Lock.acquire");
        Map<String, Map<String, Object>> tasks = tasksByName(json.get());
        for (String name : targets.keySet()) {
            // Each toString starts with its class's simple name, so the text shows it alone.
            assertThat(line(text.get(), name))
                    .as(name)
                    .matches(
                            ".* '"
                                    + name
                                    + "' PARKED in "
                                    + quote(waitingIn.get(name))
                                    + " on "
                                    + quote(shown.get(name))
                                    + FOR
                                    + "(, called from .*)?");
            Map<String, Object> task = tasks.get(name);
            assertThat(task.get("state")).as(name).isEqualTo("PARKED");
            assertThat(task.get("waitingIn")).as(name).isEqualTo(waitingIn.get(name));
            assertThat(task.get("waitingOnClass"))
                    .as(name)
                    .isEqualTo(targets.get(name).getClass().getSimpleName());
            assertThat(task.get("waitingOn")).as(name).isEqualTo(shown.get(name));
            assertThat((Long) task.get("waitingForNanos")).as(name).isNotNegative();
        }
        // The root task runs (it is dumping): nothing about a wait.
        String rootName = Weft.currentTask().name();
        Map<String, Object> root = tasks.get(rootName);
        assertThat(root.get("state")).isEqualTo("RUNNING");
        assertThat(root.get("waitingOn")).isNull();
        assertThat(root.get("waitingOnClass")).isNull();
        assertThat(root.get("waitingForNanos")).isNull();
    }

    @WeftTest
    void aSleepNamesNothingToWaitOnButSaysForHowLong() {
        AtomicReference<String> text = new AtomicReference<>();
        AtomicReference<String> json = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon("sleeping", Weft::sleepForever);
            Weft.waitAllTasksBlocked();
            text.set(Weft.dumpTaskTree());
            json.set(Weft.dumpTaskTreeAsJson());
            tg.cancel();
        });
        assertThat(line(text.get(), "sleeping"))
                .matches(".* 'sleeping' PARKED in io\\.weft\\.Weft\\.sleepForever" + FOR);
        Map<String, Object> task = tasksByName(json.get()).get("sleeping");
        assertThat(task.get("waitingOn")).isNull();
        assertThat((Long) task.get("waitingForNanos")).isNotNegative();
    }

    @WeftTest
    void theHostAtTheEndOfItsGroupWaitsOnTheGroup() {
        String root = Weft.currentTask().name();
        Event never = new Event();
        AtomicReference<String> text = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon("child", never::await);
            tg.startSoon(
                    "dumper",
                    () -> {
                        Weft.waitAllTasksBlocked(); // the host too: it waits for its children
                        text.set(Weft.dumpTaskTree());
                        never.set();
                    });
        });
        assertThat(line(text.get(), root))
                .matches(
                        ".* '"
                                + quote(root)
                                + "' PARKED in io\\.weft\\.TaskGroup\\.run on TaskGroup\\[2"
                                + " unfinished\\]"
                                + FOR
                                + ".*");
    }

    @WeftTest
    void aTaskInANoInterruptSectionIsShownInThatState() throws Exception {
        CountDownLatch inSection = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> text = new AtomicReference<>();
        AtomicReference<String> json = new AtomicReference<>();
        // A thread of its own, started first: on SERIAL the task in the section keeps the
        // runtime's only turn, so no task could start a worker thread meanwhile.
        Thread dumper =
                Thread.ofPlatform()
                        .start(() -> {
                            try {
                                if (inSection.await(30, TimeUnit.SECONDS)) {
                                    text.set(WeftDiagnostics.dumpAll());
                                    json.set(WeftDiagnostics.dumpAllAsJson());
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } finally {
                                release.countDown();
                            }
                        });
        TaskGroup.run(tg ->
                // Where Weft runs a socket's channel operation; here a JDK wait stands for one
                // that takes a while, so that the other thread can dump the task meanwhile.
                tg.startSoon(
                        "holding-interrupts",
                        () -> {
                            Task.current()
                                    .withoutInterrupts(() -> {
                                        inSection.countDown();
                                        release.await(30, TimeUnit.SECONDS);
                                        return null;
                                    });
                        }));
        ToThread.runSync(() -> dumper.join());
        assertThat(text.get()).as("dumped while the task was in its section").isNotNull();
        assertThat(line(text.get(), "holding-interrupts"))
                .endsWith("'holding-interrupts' NO_INTERRUPT");
        Map<String, Object> task = tasksByName(json.get()).get("holding-interrupts");
        assertThat(task.get("state")).isEqualTo("NO_INTERRUPT");
        assertThat(task.get("waitingIn")).isNull();
        assertThat(task.get("waitingOn")).isNull();
        assertThat(task.get("waitingForNanos")).isNull();
    }

    /** A future whose {@code toString()} fails. */
    static final class ThrowingFuture extends CompletableFuture<Void> {
        @Override
        public String toString() {
            throw new IllegalStateException("no description today");
        }
    }

    /** A future whose {@code toString()} needs escaping in JSON. */
    static final class AwkwardFuture extends CompletableFuture<Void> {
        static final String TEXT = "a \"quoted\" \\ future\nwith\ttabs \u0001 and \u00e9";

        @Override
        public String toString() {
            return TEXT;
        }
    }

    @WeftTest
    void aToStringThatThrowsOrNeedsEscapingBreaksNeitherDump() {
        ThrowingFuture throwing = new ThrowingFuture();
        AwkwardFuture awkward = new AwkwardFuture();
        AtomicReference<String> text = new AtomicReference<>();
        AtomicReference<String> json = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon("throwing", () -> Futures.await(throwing));
            tg.startSoon("awkward", () -> Futures.await(awkward));
            Weft.waitAllTasksBlocked();
            text.set(Weft.dumpTaskTree());
            json.set(Weft.dumpTaskTreeAsJson());
            throwing.complete(null);
            awkward.complete(null);
        });
        String threw = "<toString threw java.lang.IllegalStateException>";
        assertThat(line(text.get(), "throwing"))
                .contains(
                        "'throwing' PARKED in io.weft.sync.Futures.await on ThrowingFuture "
                                + threw
                                + " for ");
        assertThat(text.get()).contains("on AwkwardFuture " + AwkwardFuture.TEXT + " for ");
        Map<String, Map<String, Object>> tasks = tasksByName(json.get()); // a strict reader
        assertThat(tasks.get("throwing"))
                .containsEntry("waitingOnClass", "ThrowingFuture")
                .containsEntry("waitingOn", threw);
        assertThat(tasks.get("awkward"))
                .containsEntry("waitingOnClass", "AwkwardFuture")
                .containsEntry("waitingOn", AwkwardFuture.TEXT);
    }

    @WeftTest
    @SuppressWarnings("unchecked")
    void dumpTaskTreeWithStacksListsEachTasksFrames() {
        Event never = new Event();
        AtomicReference<String> text = new AtomicReference<>();
        AtomicReference<String> json = new AtomicReference<>();
        AtomicReference<String> without = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon("stacked", never::await);
            Weft.waitAllTasksBlocked();
            text.set(Weft.dumpTaskTree(true));
            json.set(Weft.dumpTaskTreeAsJson(true));
            without.set(Weft.dumpTaskTreeAsJson(false));
            tg.cancel();
        });
        List<String> lines = text.get().lines().toList();
        int at = lines.indexOf(line(text.get(), "stacked"));
        // The task's frames follow its line, two levels deeper, innermost first.
        assertThat(lines.subList(at + 1, lines.size()))
                .anySatisfy(
                        l -> assertThat(l).matches(" +at .*io\\.weft\\.sync\\.Event\\.await\\(.*"));
        assertThat(text.get()).contains("at " + WaitTargetDumpTest.class.getName());
        Map<String, Map<String, Object>> tasks = tasksByName(json.get());
        assertThat((List<Object>) tasks.get("stacked").get("stack"))
                .anySatisfy(f -> assertThat((String) f).contains("io.weft.sync.Event.await("));
        assertThat((List<Object>) tasks.get(Weft.currentTask().name()).get("stack")).isNotEmpty();
        assertThat((List<Object>) tasksByName(without.get()).get("stacked").get("stack")).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** The one line of {@code text} for the task named {@code name}. */
    private static String line(String text, String name) {
        List<String> found =
                text.lines()
                        .filter(l -> l.matches(" *task \\d+ '" + quote(name) + "' .*"))
                        .toList();
        assertThat(found).as("the line of '%s' in%n%s", name, text).hasSize(1);
        return found.get(0);
    }

    private static String quote(String s) {
        return java.util.regex.Pattern.quote(s);
    }

    /** Every task of a JSON dump, found at any depth, by name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> tasksByName(String json) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        List<Object> pending = new ArrayList<>();
        for (Object rt :
                (List<Object>) ((Map<String, Object>) JsonReader.parse(json)).get("runtimes")) {
            pending.addAll((List<Object>) ((Map<String, Object>) rt).get("tasks"));
        }
        while (!pending.isEmpty()) {
            Map<String, Object> t = (Map<String, Object>) pending.remove(pending.size() - 1);
            byName.put((String) t.get("name"), t);
            for (Object s : (List<Object>) t.get("scopes")) {
                pending.addAll((List<Object>) ((Map<String, Object>) s).get("tasks"));
            }
        }
        return byName;
    }
}
