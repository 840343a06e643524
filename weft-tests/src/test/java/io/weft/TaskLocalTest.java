package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import io.weft.thread.FromThread;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * TaskLocal: per-task values, inherited by child tasks, worker calls and callbacks at the moment
 * they start; tokens; errors.
 */
class TaskLocalTest {

    @WeftTest
    void aValueIsSetReadAndResetWithItsToken() {
        TaskLocal<Integer> var = new TaskLocal<>("var", 1);
        assertThat(var.get()).isEqualTo(1);
        TaskLocal.Token<Integer> first = var.set(6);
        assertThat(var.get()).isEqualTo(6);
        try (var second = var.set(7)) {
            assertThat(second.variable()).isSameAs(var);
            assertThat(var.get()).isEqualTo(7);
        }
        assertThat(var.get()).isEqualTo(6);
        var.reset(first);
        assertThat(var.get()).isEqualTo(1);
        assertThat(var.get(5)).as("a fallback ignores the default").isEqualTo(5);
    }

    @WeftTest
    void withoutAValueOrDefaultGetThrowsAndNullIsAValue() {
        TaskLocal<String> var = new TaskLocal<>("requestId");
        assertThatThrownBy(var::get)
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("'requestId' has no value in this task and no default");
        assertThat(var.get("none")).isEqualTo("none");
        var.set(null);
        assertThat(var.get()).isNull();
        assertThat(var.get("none")).isNull();
    }

    @WeftTest
    void twoTaskLocalsWithOneNameAreIndependent() {
        TaskLocal<Integer> a = new TaskLocal<>("x", 0);
        TaskLocal<Integer> b = new TaskLocal<>("x", 0);
        a.set(1);
        assertThat(b.get()).isZero();
    }

    @WeftTest
    void aChildTaskStartsWithTheSpawnersValuesAndChangesStayOnEachSide() {
        TaskLocal<String> var = new TaskLocal<>("var", "unset");
        var.set("parent");
        Event childChanged = new Event();
        Event parentChanged = new Event();
        AtomicReference<String> childSawAtStart = new AtomicReference<>();
        AtomicReference<String> childSawLater = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                childSawAtStart.set(var.get());
                var.set("child");
                childChanged.set();
                parentChanged.await();
                childSawLater.set(var.get());
            });
            childChanged.await();
            assertThat(var.get()).as("the child's change stays in the child").isEqualTo("parent");
            var.set("parent again");
            parentChanged.set();
        });
        assertThat(childSawAtStart).hasValue("parent");
        assertThat(childSawLater).hasValue("child");
    }

    @WeftTest
    void aTaskStartedFromAChildInheritsTheChildsValues() {
        TaskLocal<String> var = new TaskLocal<>("var", "root");
        AtomicReference<String> grandchild = new AtomicReference<>();
        TaskGroup.run(tg ->
                tg.startSoon(() -> {
                    var.set("child");
                    tg.startSoon(
                            () -> grandchild.set(var.get())); // in the root's group, by the child
                }));
        assertThat(grandchild).hasValue("child");
    }

    @WeftTest
    void aTaskStartedWithStartInheritsTheCallersValues() {
        TaskLocal<String> var = new TaskLocal<>("var", "unset");
        var.set("caller");
        String seen =
                TaskGroup.call(
                        tg -> tg.start((TaskStatus<String> status) -> status.started(var.get())));
        assertThat(seen).isEqualTo("caller");
    }

    // AnyIO: test_to_thread.py::test_contextvar_propagation
    @WeftTest
    void aWorkerCallStartsWithTheCallersValuesAndItsChangesStayInIt() {
        TaskLocal<Integer> var = new TaskLocal<>("var", 1);
        var.set(6);
        assertThat(ToThread.runSync(() -> var.get())).isEqualTo(6);
        ToThread.runSync(() -> var.set(8));
        assertThat(var.get()).isEqualTo(6);
    }

    // AnyIO: test_from_thread.py::TestRunAsyncFromThread::test_contextvar_propagation and
    // TestRunSyncFromThread::test_contextvar_propagation
    @WeftTest
    void aCallbackSeesTheWorkersValues() {
        TaskLocal<Integer> var = new TaskLocal<>("var", 1);
        int viaRun =
                ToThread.runSync(() -> {
                    var.set(6);
                    return FromThread.run(() -> {
                        Weft.checkpoint();
                        return var.get();
                    });
                });
        assertThat(viaRun).isEqualTo(6);
        assertThat(
                        ToThread.runSync(() -> {
                            var.set(7);
                            return FromThread.runSync(() -> var.get());
                        }))
                .isEqualTo(7);
        int inSystemTask =
                ToThread.runSync(
                        ToThreadOptions.defaults().abandonOnCancel(true),
                        () -> {
                            var.set(9);
                            return FromThread.run(() -> var.get());
                        });
        assertThat(inSystemTask).isEqualTo(9);
        assertThat(var.get()).as("the caller's own value is untouched").isEqualTo(1);
    }

    @WeftTest
    void aCallbacksChangesDoNotReachTheHostOrTheWorker() {
        TaskLocal<String> var = new TaskLocal<>("var", "host");
        String workerAfter =
                ToThread.runSync(() -> {
                    FromThread.run(() -> var.set("callback"));
                    return var.get();
                });
        assertThat(workerAfter).isEqualTo("host");
        assertThat(var.get()).isEqualTo("host");
    }

    @WeftTest
    void tokensAreCheckedForVariableTaskAndReuse() {
        TaskLocal<Integer> a = new TaskLocal<>("a", 0);
        TaskLocal<Integer> b = new TaskLocal<>("b", 0);
        TaskLocal.Token<Integer> token = a.set(1);
        @SuppressWarnings({"unchecked", "rawtypes"})
        TaskLocal.Token<Integer> foreign = (TaskLocal.Token) token;
        assertThatThrownBy(() -> b.reset(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("created by TaskLocal 'a', not 'b'");
        TaskGroup.run(tg ->
                tg.startSoon(() ->
                        assertThatThrownBy(() -> a.reset(token))
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining("created in another task")));
        a.reset(token);
        assertThatThrownBy(() -> a.reset(token))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already been used");
    }

    @Test
    void outsideARuntimeATaskLocalIsANoRuntimeError() {
        TaskLocal<Integer> var = new TaskLocal<>("var", 1);
        assertThatThrownBy(var::get)
                .isInstanceOf(NoRuntimeError.class)
                .hasMessageContaining(
                        "task-locals exist in Weft tasks and ToThread worker threads");
        assertThatThrownBy(() -> var.set(2)).isInstanceOf(NoRuntimeError.class);
    }
}
