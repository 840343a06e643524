package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RunVar: per-runtime values, defaults, tokens and their misuse. */
class RunVarTest {

    // AnyIO: test_lowlevel.py::TestRunVar::test_get_set
    @ParameterizedTest
    @EnumSource(Backend.class)
    void valuesAreSharedByTheTasksOfARunAndNotKeptForTheNextRun(Backend backend) {
        RunVar<Integer> var = new RunVar<>("var");
        for (int run = 0; run < 2; run++) {
            Weft.run(
                    RunOptions.defaults().backend(backend),
                    () -> {
                        assertThatThrownBy(var::get)
                                .isInstanceOf(NoSuchElementException.class)
                                .hasMessageContaining("'var'");
                        for (int i = 0; i < 2; i++) {
                            int index = i;
                            var.set(index);
                            TaskGroup.run(tg ->
                                    tg.startSoon(() -> {
                                        assertThat(var.get()).isEqualTo(index);
                                        var.set(index + 1);
                                    }));
                            assertThat(var.get()).isEqualTo(index + 1);
                        }
                    });
        }
    }

    @Test
    void runtimesRunningAtOnceDoNotSeeEachOthersValues() throws Exception {
        RunVar<String> var = new RunVar<>("shared", "default");
        // One runtime per backend; all set their value, meet, read, meet again, and only then
        // reset.
        CyclicBarrier bothSet = new CyclicBarrier(Backend.values().length);
        CyclicBarrier bothRead = new CyclicBarrier(Backend.values().length);
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> callers = new java.util.ArrayList<>();
        for (Backend backend : Backend.values()) {
            callers.add(
                    Thread.ofPlatform()
                            .start(() -> {
                                try {
                                    Weft.run(
                                            RunOptions.defaults().backend(backend),
                                            () -> {
                                                try (var _ = var.set(backend.name())) {
                                                    bothSet.await(10, TimeUnit.SECONDS);
                                                    seen.add(backend + "=" + var.get());
                                                    bothRead.await(10, TimeUnit.SECONDS);
                                                }
                                                seen.add(backend + " after=" + var.get());
                                            });
                                } catch (Throwable t) {
                                    failures.add(t);
                                }
                            }));
        }
        for (Thread t : callers) {
            t.join();
        }
        assertThat(failures).isEmpty();
        List<String> expected = new java.util.ArrayList<>();
        for (Backend backend : Backend.values()) {
            expected.add(backend + "=" + backend);
            expected.add(backend + " after=default");
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    }

    // AnyIO: test_lowlevel.py::TestRunVar::test_runvar_does_not_share_storage_by_name
    @WeftTest
    void twoVariablesWithTheSameNameDoNotShareStorage() {
        RunVar<Integer> var1 = new RunVar<>("var", 1);
        RunVar<String> var2 = new RunVar<>("var", "a");
        assertThat(var1.get()).isEqualTo(1);
        assertThat(var2.get()).isEqualTo("a");
        var1.set(2);
        var2.set("b");
        assertThat(var1.get()).isEqualTo(2);
        assertThat(var2.get()).isEqualTo("b");
    }

    // AnyIO: test_lowlevel.py::TestRunVar::test_context_manager
    @WeftTest
    void closingATokenRestoresThePreviousValue() {
        RunVar<Integer> var = new RunVar<>("var", 3);
        try (var _ = var.set(4)) {
            try (var five = var.set(5)) {
                assertThat(var.get()).isEqualTo(5);
                assertThat(five.variable()).isSameAs(var);
            }
            assertThat(var.get()).isEqualTo(4);
        }
        assertThat(var.get()).isEqualTo(3);
    }

    @WeftTest
    void resetRestoresThePreviousValueOrNoValue() {
        RunVar<String> var = new RunVar<>("var");
        RunVar.Token<String> first = var.set("one");
        RunVar.Token<String> second = var.set("two");
        assertThat(var.get()).isEqualTo("two");
        var.reset(second);
        assertThat(var.get()).isEqualTo("one");
        var.reset(first);
        assertThatThrownBy(var::get).isInstanceOf(NoSuchElementException.class);
        assertThat(var.get("fallback")).isEqualTo("fallback");
    }

    @WeftTest
    void defaultsAndFallbacks() {
        RunVar<String> noDefault = new RunVar<>("none");
        RunVar<String> withDefault = new RunVar<>("some", "dflt");
        RunVar<String> nullDefault = new RunVar<>("null", null);

        assertThatThrownBy(noDefault::get)
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("'none'")
                .hasMessageContaining("no default");
        assertThat(noDefault.get("fb")).isEqualTo("fb");
        assertThat(withDefault.get()).isEqualTo("dflt");
        // The fallback of get(fallback) wins over the default while nothing is set.
        assertThat(withDefault.get("fb")).isEqualTo("fb");
        assertThat(nullDefault.get()).isNull();

        // null is a value like any other, distinct from "not set".
        withDefault.set(null);
        assertThat(withDefault.get()).isNull();
        assertThat(withDefault.get("fb")).isNull();
    }

    @WeftTest
    void runVarOperationsAreNotCheckpoints() {
        RunVar<String> var = new RunVar<>("var", "d");
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            try (var _ = var.set("x")) {
                assertThat(var.get()).isEqualTo("x");
            }
            assertThat(var.get()).isEqualTo("d");
        });
        assertThat(scope.cancelledCaught()).as("nothing in the body threw Cancelled").isFalse();
    }

    // AnyIO: test_lowlevel.py::TestRunVar::test_reset_token_used_on_wrong_runvar
    @WeftTest
    void aTokenOfAnotherVariableIsRejected() {
        RunVar<String> var1 = new RunVar<>("var1");
        RunVar<String> var2 = new RunVar<>("var2");
        RunVar.Token<String> token = var1.set("blah");
        assertThatThrownBy(() -> var2.reset(token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'var1'")
                .hasMessageContaining("'var2'");
        // The rejected reset changed nothing, and the token is still usable.
        assertThat(var1.get()).isEqualTo("blah");
        var1.reset(token);
        assertThat(var1.get("unset")).isEqualTo("unset");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTokenOfAnotherRuntimeIsRejected(Backend backend) {
        RunVar<String> var = new RunVar<>("var");
        RunOptions options = RunOptions.defaults().backend(backend);
        RunVar.Token<String> foreign = Weft.run(options, () -> var.set("first run"));
        Weft.run(
                options,
                () -> {
                    var.set("second run");
                    assertThatThrownBy(() -> var.reset(foreign))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("another Weft runtime");
                    assertThat(var.get()).isEqualTo("second run");
                });
    }

    // AnyIO: test_lowlevel.py::TestRunVar::test_reset_token_used_twice
    @WeftTest
    void aTokenUsedTwiceIsRejected() {
        RunVar<String> var = new RunVar<>("var");
        RunVar.Token<String> token = var.set("blah");
        var.reset(token);
        assertThatThrownBy(() -> var.reset(token))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already been used");
        // Closing counts as a use too.
        RunVar.Token<String> closed = var.set("again");
        closed.close();
        assertThatThrownBy(closed::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already been used");
        assertThatThrownBy(() -> var.reset(closed)).isInstanceOf(IllegalStateException.class);
        assertThat(var.get("unset")).isEqualTo("unset");
    }

    @WeftTest
    void aTokenCanBeUsedByAnotherTaskOfTheSameRuntime() {
        RunVar<String> var = new RunVar<>("var", "d");
        AtomicReference<RunVar.Token<String>> token = new AtomicReference<>();
        TaskGroup.run(tg -> tg.startSoon(() -> token.set(var.set("from child"))));
        assertThat(var.get()).isEqualTo("from child");
        var.reset(token.get());
        assertThat(var.get()).isEqualTo("d");
    }

    @Test
    void badArgumentsAndOutsideARuntime() {
        assertThatThrownBy(() -> new RunVar<String>(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> new RunVar<String>(null, "d"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        RunVar<String> var = new RunVar<>("var");
        assertThat(var.name()).isEqualTo("var");
        assertThat(var.toString()).contains("var");
        assertThatThrownBy(() -> var.set("x")).isInstanceOf(NoRuntimeError.class);
        assertThatThrownBy(() -> var.get("x")).isInstanceOf(NoRuntimeError.class);
        Weft.run(() ->
                assertThatThrownBy(() -> var.reset(null))
                        .isInstanceOf(NullPointerException.class)
                        .hasMessage("token"));
    }
}
