package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** Task names (default and given) and what happens when a group is used after it exited. */
class TaskNamesTest {

    /** The default name of a task whose code is a lambda written in this class. */
    private static final String LAMBDA_NAME = "io.weft.TaskNamesTest.lambda";

    /** Task code that is a class of its own rather than a lambda. */
    static final class NamedWork implements CheckedCallable<String, RuntimeException> {
        @Override
        public String call() {
            return Weft.currentTask().name();
        }
    }

    /** Holds lambdas written in a nested class. */
    static final class Nested {
        static CheckedCallable<String, RuntimeException> work() {
            return () -> Weft.currentTask().name();
        }
    }

    // ---------------------------------------------------------------- default names

    // AnyIO: test_task_name_default[start_soon] and [create_task] (both are startSoon in Weft)
    @WeftTest
    void aStartSoonTaskIsNamedAfterTheClassThatDeclaresItsLambda() {
        TaskGroup.run(tg -> {
            TaskHandle<String> withResult = tg.startSoon(() -> Weft.currentTask().name());
            assertThat(withResult.join()).isEqualTo(withResult.name()).isEqualTo(LAMBDA_NAME);

            AtomicReference<String> seen = new AtomicReference<>();
            TaskHandle<Void> withoutResult =
                    tg.startSoon(() -> seen.set(Weft.currentTask().name()));
            withoutResult.join();
            assertThat(seen.get()).isEqualTo(withoutResult.name()).isEqualTo(LAMBDA_NAME);
            assertThat(withoutResult.toString()).contains("name='" + LAMBDA_NAME + "'");
        });
    }

    // AnyIO: test_task_name_default[start]
    @WeftTest
    void aStartedTaskIsNamedAfterTheClassThatDeclaresItsLambda() {
        TaskGroup.run(tg -> {
            AtomicReference<String> seen = new AtomicReference<>();
            StartedTaskHandle<String, Void> h =
                    tg.startWithHandle(status -> {
                        status.started(Weft.currentTask().name());
                        seen.set(Weft.currentTask().name());
                    });
            h.join();
            assertThat(h.startValue()).isEqualTo(h.name()).isEqualTo(LAMBDA_NAME);
            assertThat(seen.get()).isEqualTo(LAMBDA_NAME);
            String fromStart = tg.start(status -> status.started(Weft.currentTask().name()));
            assertThat(fromStart).isEqualTo(LAMBDA_NAME);
        });
    }

    @WeftTest
    void taskCodeThatIsAClassIsNamedAfterThatClass() {
        TaskGroup.run(tg -> {
            TaskHandle<String> named = tg.startSoon(new NamedWork());
            assertThat(named.join())
                    .isEqualTo(named.name())
                    .isEqualTo("io.weft.TaskNamesTest$NamedWork");
            TaskHandle<String> nested = tg.startSoon(Nested.work());
            assertThat(nested.join())
                    .isEqualTo(nested.name())
                    .isEqualTo("io.weft.TaskNamesTest$Nested.lambda");
        });
    }

    @WeftTest
    void namesAreListedByRunningTasks() {
        TaskGroup.run(tg -> {
            TaskHandle<Void> h = tg.startSoon("listed", Weft::sleepForever);
            Weft.waitAllTasksBlocked();
            assertThat(Weft.runningTasks())
                    .anySatisfy(info -> {
                        assertThat(info.id()).isEqualTo(h.id());
                        assertThat(info.name()).isEqualTo("listed");
                    });
            assertThat(h.info().name()).isEqualTo("listed");
            h.cancel();
        });
    }

    // ---------------------------------------------------------------- given names

    // AnyIO: test_task_name_custom_name[start_soon] and [create_task]
    @WeftTest
    void aStartSoonTaskCanBeGivenAName() {
        TaskGroup.run(tg -> {
            TaskHandle<String> withResult =
                    tg.startSoon("custom name", () -> Weft.currentTask().name());
            assertThat(withResult.join()).isEqualTo(withResult.name()).isEqualTo("custom name");
            assertThat(withResult.toString()).contains("name='custom name'");

            AtomicReference<String> seen = new AtomicReference<>();
            TaskHandle<Void> withoutResult =
                    tg.startSoon("other name", () -> seen.set(Weft.currentTask().name()));
            withoutResult.join();
            assertThat(seen.get()).isEqualTo(withoutResult.name()).isEqualTo("other name");
        });
    }

    // AnyIO: test_task_name_custom_name[start]
    @WeftTest
    void aStartedTaskCanBeGivenAName() {
        TaskGroup.run(tg -> {
            StartedTaskHandle<String, Void> h =
                    tg.startWithHandle(
                            "custom name", status -> status.started(Weft.currentTask().name()));
            h.join();
            assertThat(h.startValue()).isEqualTo(h.name()).isEqualTo("custom name");
            StartedTaskHandle<String, String> r =
                    tg.startForResult(
                            "named for result",
                            status -> {
                                status.started(Weft.currentTask().name());
                                return Weft.currentTask().name();
                            });
            assertThat(r.join()).isEqualTo(r.startValue()).isEqualTo("named for result");
            String fromStart =
                    tg.start("started name", status -> status.started(Weft.currentTask().name()));
            assertThat(fromStart).isEqualTo("started name");
        });
    }

    @WeftTest
    void aNullNameMeansTheDefaultName() {
        // AnyIO's name=None; a Java caller passing an optional name may pass null.
        TaskGroup.run(tg -> {
            TaskHandle<Void> soon = tg.startSoon((String) null, () -> {});
            TaskHandle<String> value = tg.startSoon((String) null, () -> "x");
            String started =
                    tg.start((String) null, status -> status.started(Weft.currentTask().name()));
            StartedTaskHandle<Integer, Void> withHandle =
                    tg.startWithHandle((String) null, status -> status.started(1));
            StartedTaskHandle<Integer, Integer> forResult =
                    tg.startForResult(
                            (String) null,
                            status -> {
                                status.started(1);
                                return 2;
                            });
            for (String name :
                    List.of(
                            soon.name(),
                            value.name(),
                            started,
                            withHandle.name(),
                            forResult.name())) {
                assertThat(name).isEqualTo(LAMBDA_NAME);
            }
        });
    }

    // ---------------------------------------------------------------- a group after it exited

    // AnyIO: test_taskgroup_reentry. A TaskGroup cannot be re-entered at all: the API is
    // lambda-scoped, so the only TaskGroup object is the one TaskGroup.run hands to its body, and
    // there is no way to enter it again. What can happen is that the object escapes the body;
    // using it after the group has exited must then fail clearly.
    @WeftTest
    void usingAGroupAfterItExitedFailsClearly() {
        AtomicReference<TaskGroup> escaped = new AtomicReference<>();
        TaskGroup.run(escaped::set);
        TaskGroup tg = escaped.get();
        AtomicBoolean ran = new AtomicBoolean();
        List<ThrowingConsumer<TaskGroup>> uses =
                List.of(
                        g -> g.startSoon(() -> ran.set(true)),
                        g -> g.startSoon(() -> ran.getAndSet(true)),
                        g -> g.startSoon("named", () -> ran.set(true)),
                        g -> g.start(status -> ran.set(true)),
                        g -> g.startWithHandle("named", status -> ran.set(true)));
        for (ThrowingConsumer<TaskGroup> use : uses) {
            assertThatThrownBy(() -> use.accept(tg))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not active");
        }
        assertThat(ran).as("no task code ran").isFalse();
    }

    @WeftTest
    void aGroupInsideATaskIsAlsoClosedWhenItExits() {
        AtomicReference<TaskGroup> escaped = new AtomicReference<>();
        TaskGroup.run(outer -> outer.startSoon(() -> TaskGroup.run(escaped::set)));
        assertThatThrownBy(() -> escaped.get().startSoon(() -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has exited");
    }
}
