package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.internal.Task;
import io.weft.internal.WeftRuntime;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Weft.run: runtimes, their threads, misuse. */
class RuntimeTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void runReturnsTheBodysValueAndRethrowsItsException(Backend backend) {
        RunOptions o = RunOptions.defaults().backend(backend);
        assertThat(Weft.run(o, () -> 42)).isEqualTo(42);
        assertThat(Weft.<String, RuntimeException>run(o, () -> null)).isNull();
        assertThatThrownBy(() ->
                        Weft.run(
                                o,
                                () -> {
                                    throw new java.io.IOException("disk");
                                }))
                .isExactlyInstanceOf(java.io.IOException.class)
                .hasMessage("disk");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void noThreadOfTheRuntimeIsAliveWhenRunReturns(Backend backend) {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicReference<WeftRuntime> runtime = new AtomicReference<>();
        Weft.run(
                RunOptions.defaults().backend(backend),
                () -> {
                    runtime.set(WeftRuntime.current());
                    threads.add(Thread.currentThread());
                    TaskGroup.run(tg -> {
                        for (int i = 0; i < 50; i++) {
                            tg.startSoon(() -> {
                                threads.add(Thread.currentThread());
                                TaskGroup.run(inner ->
                                        inner.startSoon(() -> threads.add(Thread.currentThread())));
                                Weft.sleep(Duration.ofMillis(1));
                            });
                        }
                    });
                    // A deadline starts the timer thread.
                    Weft.moveOnAfter(Duration.ofMillis(5), s -> Weft.sleepForever());
                });
        assertThat(threads).hasSize(1 + 50 + 50);
        assertThat(threads).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
        assertThat(runtime.get().timerThreadAlive()).isFalse();
    }

    @WeftTest
    void runFromInsideATaskFailsClearly() {
        assertThatThrownBy(() -> Weft.run(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Weft.run was called from inside")
                .hasMessageContaining("TaskGroup");
    }

    @Test
    void weftCallsOutsideARuntimeThrowNoRuntimeError() {
        List<Runnable> calls =
                List.of(
                        Weft::checkpoint,
                        Weft::checkpointIfCancelled,
                        Weft::cancelShieldedCheckpoint,
                        () -> Weft.sleep(Duration.ZERO),
                        Weft::sleepForever,
                        () -> Weft.sleepUntil(0),
                        Weft::now,
                        Weft::currentEffectiveDeadline,
                        Weft::currentTask,
                        Weft::runningTasks,
                        Weft::waitAllTasksBlocked,
                        Weft::currentBackend,
                        () -> TaskGroup.run(tg -> {}),
                        () -> new CancelScope().run(s -> {}),
                        () -> Weft.moveOnAfter(Duration.ZERO, s -> {}),
                        () -> new RunVar<String>("x").get(),
                        () -> new io.weft.sync.Event().await());
        for (Runnable call : calls) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(NoRuntimeError.class)
                    .hasMessageContaining("Weft.run");
        }
    }

    @Test
    void severalRuntimesRunConcurrentlyInOneJvm() throws Exception {
        int n = 4;
        Event[] events = new Event[n];
        for (int i = 0; i < n; i++) {
            events[i] = new Event();
        }
        CountDownLatch allStarted = new CountDownLatch(n);
        List<Long> runtimeIds = new CopyOnWriteArrayList<>();
        List<Thread> callers = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int me = i;
            callers.add(
                    Thread.ofPlatform()
                            .start(() ->
                                    Weft.run(() -> {
                                        runtimeIds.add(WeftRuntime.current().id);
                                        allStarted.countDown();
                                        // Each runtime waits for an event set by
                                        // another runtime's task.
                                        events[me].await();
                                        events[(me + 1) % n].set();
                                    })));
        }
        allStarted.await();
        events[0].set();
        for (Thread t : callers) {
            t.join();
        }
        assertThat(runtimeIds).doesNotHaveDuplicates().hasSize(n);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void interruptingTheCallerCancelsTheWholeRun(Backend backend) throws Exception {
        CountDownLatch asleep = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread caller =
                Thread.ofPlatform()
                        .start(() -> {
                            try {
                                Weft.run(
                                        RunOptions.defaults().backend(backend),
                                        () -> {
                                            asleep.countDown();
                                            Weft.sleepForever();
                                        });
                            } catch (Throwable t) {
                                thrown.set(t);
                            }
                            flagAfter.set(Thread.currentThread().isInterrupted());
                        });
        asleep.await();
        caller.interrupt();
        caller.join();
        assertThat(thrown.get())
                .isInstanceOf(Cancelled.class)
                .hasMessageContaining("Weft.run was interrupted");
        assertThat(flagAfter.get()).isTrue();
    }

    @WeftTest
    void currentBackendAndRootTaskName() {
        assertThat(Weft.currentBackend()).isIn((Object[]) Backend.values());
        assertThat(Weft.currentTask().name()).startsWith("test ");
        assertThat(Weft.currentTask().parentId()).isEmpty();
        assertThat(Task.current().runtime.backend).isEqualTo(Weft.currentBackend());
    }

    @Test
    void rootTaskIsNamedAfterItsCodeOrTheOption() {
        assertThat(Weft.run(() -> Weft.currentTask().name()))
                .isEqualTo("io.weft.RuntimeTest.lambda");
        assertThat(
                        Weft.run(
                                RunOptions.defaults().rootTaskName("main"),
                                () -> Weft.currentTask().name()))
                .isEqualTo("main");
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> RunOptions.defaults().backend(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageStartingWith("backend is null")
                .hasMessageContaining("pass Backend.VIRTUAL (the default)");
        assertThatThrownBy(() -> Weft.run((RunOptions) null, () -> 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessageStartingWith("options is null: pass RunOptions.defaults()");
        assertThatThrownBy(() -> Weft.run((CheckedCallable<Object, RuntimeException>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("body");
    }

    @WeftTest
    void aTaskWhoseThreadsUncaughtExceptionHandlerWasReplacedIsToldWhyWeftCannotFindIt() {
        Thread me = Thread.currentThread();
        Thread.UncaughtExceptionHandler weftsOwn = me.getUncaughtExceptionHandler();
        me.setUncaughtExceptionHandler((t, e) -> {});
        try {
            assertThatThrownBy(Weft::checkpoint)
                    .isInstanceOf(NoRuntimeError.class)
                    .hasMessageContaining("uncaught-exception handler was replaced");
        } finally {
            me.setUncaughtExceptionHandler(weftsOwn);
        }
        Weft.checkpoint(); // found again
        assertThat(Weft.currentTask().name()).isNotEmpty();
    }

    @Test
    void aThreadOutsideWeftIsNotToldAboutHandlers() {
        assertThatThrownBy(Weft::checkpoint)
                .isInstanceOf(NoRuntimeError.class)
                .hasMessageNotContaining("handler");
    }

    @WeftTest
    void anErrorEscapingATaskGoesWhereTheThreadsGroupWouldSendIt() {
        Thread me = Thread.currentThread();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> seen.set(e));
        try {
            Error bug = new Error("escaped Task.run");
            me.getUncaughtExceptionHandler().uncaughtException(me, bug);
            assertThat(seen.get()).isSameAs(bug);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
