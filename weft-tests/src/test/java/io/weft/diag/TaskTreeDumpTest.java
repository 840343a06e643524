package io.weft.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.CancelScope;
import io.weft.NoRuntimeError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.WeftDiagnostics;
import io.weft.internal.diag.TaskTreeJson;
import io.weft.internal.diag.TaskTreeText;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import io.weft.thread.ToThread;
import io.weft.util.LruCache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The task-tree dumps ({@code Weft.dumpTaskTree}, {@code WeftDiagnostics}) against a known tree:
 * names, nesting, states, what parked tasks wait in, and each scope's deadline, shield and
 * cancellation; the JSON form read back by a strict reader. This test lives outside Weft's packages
 * on purpose: a dump tells Weft's frames from the caller's by package.
 */
class TaskTreeDumpTest {

    /**
     * Runs {@code check} in the host of a group whose three tasks are parked: 'waiter' on an event,
     * 'sleeper' sleeping in a one-hour {@code moveOnAfter}, 'guarded' on the event inside a
     * cancelled scope (reason "stop now") that a shielded scope inside it keeps from reaching it.
     * Then sets the event (the shield keeps the group's cancel from ending 'guarded') and cancels.
     */
    private static void withKnownTree(Runnable check) {
        Event never = new Event();
        TaskGroup.run(tg -> {
            tg.startSoon("waiter", never::await);
            tg.startSoon(
                    "sleeper",
                    () -> Weft.moveOnAfter(Duration.ofHours(1), s -> Weft.sleepForever()));
            tg.startSoon(
                    "guarded",
                    () ->
                            new CancelScope()
                                    .run(outer -> {
                                        outer.cancel("stop now");
                                        CancelScope.shielded().run(s -> never.await());
                                    }));
            Weft.waitAllTasksBlocked();
            check.run();
            never.set();
            tg.cancel();
        });
    }

    @WeftTest
    void theTextDumpNestsTasksInTheirGroupAndSaysWhatEachWaitsFor() {
        String root = Weft.currentTask().name();
        long rootId = Weft.currentTask().id();
        AtomicReference<String> dump = new AtomicReference<>();
        withKnownTree(() -> dump.set(Weft.dumpTaskTree()));
        List<String> lines = dump.get().lines().toList();
        String self = TaskTreeDumpTest.class.getName();

        assertThat(lines.get(0))
                .matches("Weft runtime \\d+ \\((VIRTUAL|PLATFORM|SERIAL)\\), clock .* s, 4 tasks");
        assertThat(lines.get(1)).isEqualTo("  task " + rootId + " '" + root + "' RUNNING");
        assertThat(lines.get(2)).isEqualTo("    task group");
        // A method reference leaves no frame of the test's own: nothing to say it was called from.
        // A sleep names no object to wait on. (WaitTargetDumpTest has more of what waits show.)
        assertThat(lines.get(3))
                .matches(
                        "      task \\d+ 'waiter' PARKED in io\\.weft\\.sync\\.Event\\.await on"
                                + " Event\\[unset, waiting=2\\] for \\d+\\.\\d{3} s");
        assertThat(lines.get(4))
                .startsWith("      task ")
                .contains(" 'sleeper' PARKED in io.weft.Weft.sleepForever for ")
                .contains(" s, called from " + self);
        assertThat(lines.get(5)).startsWith("        cancel scope: deadline in 3").endsWith(" s");
        assertThat(lines.get(6))
                .startsWith("      task ")
                .contains(
                        " 'guarded' PARKED in io.weft.sync.Event.await on Event[unset, waiting=2] for ")
                .contains(" s, called from " + self);
        assertThat(lines.get(7))
                .matches(
                        "        cancel scope: cancelled \\(reason: stop now; by task '.*guarded.*'\\)");
        assertThat(lines.get(8)).isEqualTo("          cancel scope: shielded");
        assertThat(lines).hasSize(9);
    }

    @WeftTest
    @SuppressWarnings("unchecked")
    void theJsonDumpHasTheSameTreeAndReadsBack() {
        AtomicReference<String> json = new AtomicReference<>();
        withKnownTree(() -> json.set(Weft.dumpTaskTreeAsJson()));
        Map<String, Object> top = (Map<String, Object>) JsonReader.parse(json.get());
        List<Object> runtimes = (List<Object>) top.get("runtimes");
        assertThat(runtimes).hasSize(1);
        Map<String, Object> rt = (Map<String, Object>) runtimes.get(0);
        assertThat(rt.get("taskCount")).isEqualTo(4L);
        long now = (Long) rt.get("clockNanos");

        Map<String, Object> root = (Map<String, Object>) ((List<Object>) rt.get("tasks")).get(0);
        assertThat(root.get("state")).isEqualTo("RUNNING");
        assertThat(root.get("waitingIn")).isNull();
        assertThat(root.get("stack")).isEqualTo(List.of());
        List<Object> rootScopes = (List<Object>) root.get("scopes");
        Map<String, Object> own = (Map<String, Object>) rootScopes.get(0);
        assertThat(own).containsEntry("kind", "task").containsEntry("cancelled", false);
        assertThat(own.get("deadlineNanos")).isNull();
        Map<String, Object> group = (Map<String, Object>) rootScopes.get(rootScopes.size() - 1);
        assertThat(group.get("kind")).isEqualTo("taskGroup");
        List<Object> children = (List<Object>) group.get("tasks");
        assertThat(children)
                .extracting(c -> ((Map<String, Object>) c).get("name"))
                .containsExactly("waiter", "sleeper", "guarded");
        for (Object c : children) {
            Map<String, Object> child = (Map<String, Object>) c;
            assertThat(child.get("state")).isEqualTo("PARKED");
            assertThat(child.get("waitingIn")).isNotNull();
        }
        assertThat(((Map<String, Object>) children.get(0)).get("calledFrom")).isNull();

        Map<String, Object> sleeper = (Map<String, Object>) children.get(1);
        List<Object> sleeperScopes = (List<Object>) sleeper.get("scopes");
        assertThat(sleeperScopes).hasSize(2);
        long deadline = (Long) ((Map<String, Object>) sleeperScopes.get(1)).get("deadlineNanos");
        assertThat(deadline - now).isGreaterThan(Duration.ofMinutes(59).toNanos());

        Map<String, Object> guarded = (Map<String, Object>) children.get(2);
        List<Object> guardedScopes = (List<Object>) guarded.get("scopes");
        assertThat(guardedScopes).hasSize(3);
        Map<String, Object> cancelled = (Map<String, Object>) guardedScopes.get(1);
        assertThat(cancelled)
                .containsEntry("kind", "cancelScope")
                .containsEntry("cancelled", true)
                .containsEntry("reason", "stop now")
                .containsEntry("shield", false);
        assertThat((String) cancelled.get("canceller")).contains("guarded");
        assertThat((Map<String, Object>) guardedScopes.get(2))
                .containsEntry("shield", true)
                .containsEntry("cancelled", false);
    }

    @WeftTest
    @SuppressWarnings("unchecked")
    void namesAreEscapedSoThatTheJsonStillReadsBack() {
        String awkward = "a \"quoted\" \\ name\nwith\ttabs \u0001 and \u00e9";
        Event never = new Event();
        AtomicReference<String> json = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(awkward, never::await);
            Weft.waitAllTasksBlocked();
            json.set(Weft.dumpTaskTreeAsJson());
            tg.cancel();
        });
        Map<String, Object> rt =
                (Map<String, Object>)
                        ((List<Object>)
                                        ((Map<String, Object>) JsonReader.parse(json.get()))
                                                .get("runtimes"))
                                .get(0);
        Map<String, Object> root = (Map<String, Object>) ((List<Object>) rt.get("tasks")).get(0);
        List<Object> scopes = (List<Object>) root.get("scopes");
        Map<String, Object> group = (Map<String, Object>) scopes.get(scopes.size() - 1);
        Map<String, Object> child =
                (Map<String, Object>) ((List<Object>) group.get("tasks")).get(0);
        assertThat(child.get("name")).isEqualTo(awkward);
    }

    @WeftTest
    void aTaskWaitingForAnotherTasksLruCacheComputationIsShownWaitingInGet() {
        Event release = new Event();
        LruCache<String, String, RuntimeException> cache =
                LruCache.builder()
                        .build(k -> {
                            release.await();
                            return k;
                        });
        TaskGroup.run(tg -> {
            tg.startSoon("computing", () -> cache.get("k"));
            Weft.waitAllTasksBlocked();
            tg.startSoon("waiting", () -> cache.get("k"));
            Weft.waitAllTasksBlocked();
            String self = TaskTreeDumpTest.class.getName();
            assertThat(Weft.dumpTaskTree())
                    .containsPattern(
                            "'computing' PARKED in io\\.weft\\.sync\\.Event\\.await on Event\\[unset,"
                                    + " waiting=1\\] for \\d+\\.\\d{3} s, called from "
                                    + self)
                    // It waits for the task computing the value.
                    .containsPattern(
                            "'waiting' PARKED in io\\.weft\\.util\\.LruCache\\.get on Task\\[\\d+"
                                    + " 'computing'\\] for \\d+\\.\\d{3} s, called from "
                                    + self);
            release.set();
        });
    }

    @WeftTest
    void anyThreadCanDumpEveryRuntimeWithStacksAndAnEndedRunIsNotListed() throws Exception {
        long id = Weft.currentTask().id();
        AtomicReference<String> fromOutside = new AtomicReference<>();
        Event never = new Event();
        TaskGroup.run(tg -> {
            tg.startSoon("parked-one", never::await);
            Weft.waitAllTasksBlocked();
            Thread t =
                    Thread.ofPlatform().start(() -> fromOutside.set(WeftDiagnostics.dumpAll(true)));
            ToThread.runSync(() -> t.join());
            tg.cancel();
        });
        assertThat(fromOutside.get())
                .contains("task " + id + " '")
                .contains("'parked-one' PARKED in io.weft.sync.Event.await")
                .contains("      at io.weft.sync.Event.await(");
    }

    @Test
    void aRunThatHasEndedIsNotListed() {
        long root = Weft.run(() -> Weft.currentTask().id());
        assertThat(WeftDiagnostics.dumpAll(true)).doesNotContain("task " + root + " '");
        assertThat(WeftDiagnostics.dumpAllAsJson(true)).doesNotContain("\"id\": " + root + ",");
    }

    @Test
    void withNoRuntimeTheTextSaysSoAndTheJsonListsNone() {
        // The renderers directly: a runtime of another test may still be ending meanwhile.
        assertThat(TaskTreeText.render(List.of())).isEqualTo("no Weft runtime is running\n");
        assertThat(TaskTreeJson.render(List.of())).isEqualTo("{\"runtimes\": []}");
    }

    @Test
    void dumpTaskTreeOutsideARuntimeThrowsNoRuntimeError() {
        assertThatThrownBy(Weft::dumpTaskTree).isInstanceOf(NoRuntimeError.class);
        assertThatThrownBy(Weft::dumpTaskTreeAsJson).isInstanceOf(NoRuntimeError.class);
    }
}
