package io.weft.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.BrokenWorkerProcess;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.internal.process.ThrownInWorker;
import io.weft.internal.process.WorkerJvmPool;
import io.weft.junit.WeftTest;
import io.weft.sync.CapacityLimiter;
import io.weft.testing.MockClock;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;

/**
 * ToProcess.runSync: functions in pooled worker JVMs, on every backend.
 *
 * <p>Ported from AnyIO's {@code tests/test_to_process.py}: {@code test_run_sync_in_process_pool}
 * (another process, the same one twice), {@code test_identical_sys_path} (the worker's class path
 * is the caller's), {@code test_partial} (arguments travel with the function: in Java, as captured
 * values), {@code test_exception} (rethrown as is), {@code test_print} and {@code
 * test_stderr_flood} (printing, a lot, disturbs nothing), {@code test_cancel_before} (no worker is
 * reserved), {@code test_cancel_during} (a cancellable call's worker is killed) and {@code
 * test_exec_while_pruning} (retiring idle workers keeps the one in use; here on a virtual clock).
 * Not applicable: {@code test_nonexistent_main_module} and {@code test_entrypoint_main_module},
 * which are about Python re-importing the {@code __main__} script in the worker; a JVM loads the
 * function's class from the class path, which {@code theWorkerHasTheCallersClassPath} covers.
 *
 * <p>Weft's own: the shielded (not cancellable) call, the limiter, workers that die during a call
 * or while idle, start-up failures (no answer within the deadline, a process that is no worker, one
 * that exits), what cannot be serialized in either direction, an {@code Error} that retires its
 * worker, and the void form. {@link ToProcessRunEndTest} checks that no worker outlives the run.
 */
class ToProcessTest {
    @TempDir Path dir;

    // ---------------------------------------------------------------- AnyIO's

    // AnyIO: test_run_sync_in_process_pool
    @WeftTest
    void runsInAnotherJvmAndReusesIt() {
        long worker = Workers.workerPid();
        assertThat(worker).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(Workers.workerPid()).isEqualTo(worker);
        assertThat(Workers.pool().startedCount()).isEqualTo(1);
    }

    // AnyIO: test_identical_sys_path
    @WeftTest
    void theWorkerHasTheCallersClassPath() {
        String classPath = ToProcess.runSync(() -> System.getProperty("java.class.path"));
        assertThat(classPath).isEqualTo(System.getProperty("java.class.path"));
    }

    // AnyIO: test_partial (arguments bound to the function travel with it)
    @WeftTest
    void capturedValuesTravelWithTheFunction() {
        List<String> words = new ArrayList<>(List.of("a", "b"));
        boolean reverse = true;
        List<String> sorted =
                ToProcess.runSync(() -> {
                    List<String> copy = new ArrayList<>(words);
                    copy.sort(reverse ? Comparator.reverseOrder() : Comparator.naturalOrder());
                    return copy;
                });
        assertThat(sorted).containsExactly("b", "a");
        assertThat(words).containsExactly("a", "b"); // the worker changed its own copy
    }

    // AnyIO: test_exception
    @WeftTest
    void anExceptionIsRethrownAsItsOwnClassWithTheWorkersFrames() {
        Throwable e = catchThrowable(() -> ToProcess.runSync(() -> Integer.parseInt("a")));
        assertThat(e)
                .isExactlyInstanceOf(NumberFormatException.class)
                .hasMessageContaining("\"a\"");
        assertThat(e.getStackTrace())
                .anySatisfy(f -> assertThat(f.getClassName()).endsWith("WorkerMain"));
        assertThat(e.getSuppressed()).singleElement().isInstanceOf(ThrownInWorker.class);
        ThrownInWorker marker = (ThrownInWorker) e.getSuppressed()[0];
        assertThat(marker).hasMessageContaining("worker process");
        assertThat(marker.getStackTrace())
                .anySatisfy(f -> assertThat(f.getClassName()).isEqualTo(getClass().getName()));
    }

    @WeftTest
    void aCheckedExceptionKeepsItsClassAndIsDeclared() {
        String file = dir.resolve("missing").toString();
        // runSync declares what the lambda throws: here an IOException, caught as one.
        try {
            ToProcess.runSync(() -> Files.readString(Path.of(file)));
        } catch (IOException e) {
            assertThat(e).isExactlyInstanceOf(java.nio.file.NoSuchFileException.class);
            return;
        }
        throw new AssertionError("no exception");
    }

    // AnyIO: test_print
    @WeftTest
    void printingInTheFunctionDoesNotDisturbTheProtocol() {
        long worker = Workers.workerPid();
        ToProcess.runSync(() -> System.out.println("hello"));
        ToProcess.runSync(() -> System.out.print("world"));
        assertThat(Workers.workerPid()).isEqualTo(worker);
    }

    // AnyIO: test_stderr_flood
    @WeftTest
    void floodingStandardOutputAndErrorDoesNotBlockTheWorker() {
        long worker = Workers.workerPid();
        String result =
                ToProcess.runSync(() -> {
                    String payload = "x".repeat(1024 * 1024);
                    System.out.print(payload);
                    System.out.flush();
                    System.err.print(payload);
                    System.err.flush();
                    return "completed";
                });
        assertThat(result).isEqualTo("completed");
        assertThat(Workers.workerPid()).isEqualTo(worker);
    }

    // AnyIO: test_cancel_before
    @WeftTest
    void aCancelledCallerStartsNoWorkerAndNeverRunsTheFunction() throws IOException {
        Path ran = dir.resolve("ran");
        String file = ran.toString();
        WorkerJvmPool pool = Workers.pool();
        CancelScope scope = new CancelScope();
        scope.cancel();
        scope.run(s -> ToProcess.runSync(() -> Files.writeString(Path.of(file), "ran")));
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(pool.startedCount()).isZero();
        assertThat(ran).doesNotExist();
    }

    // AnyIO: test_cancel_during
    @WeftTest
    void cancellingACancellableCallKillsItsWorker() throws IOException {
        long first = Workers.workerPid();
        ProcessHandle worker = ProcessHandle.of(first).orElseThrow();
        Gate gate = Gate.create(dir, "never");
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    scope.run(s ->
                            ToProcess.runSync(
                                    ToProcessOptions.defaults().cancellable(true),
                                    () -> {
                                        gate.await();
                                        return 1;
                                    })));
            Weft.waitAllTasksBlocked(); // the call is waiting for the worker
            scope.cancel();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(worker.isAlive()).as("the worker was killed and reaped").isFalse();
        assertThat(Workers.pool().workerPids()).doesNotContain(first);
        assertThat(Workers.workerPid()).as("a new worker").isNotEqualTo(first);
    }

    // AnyIO: test_exec_while_pruning, on a virtual clock: the worker idle for 300 s is retired, the
    // one used since is kept and serves the next call.
    @WeftTest
    void workersIdleFor300SecondsAreRetiredAndTheRecentlyUsedOneIsKept(MockClock clock)
            throws IOException {
        List<Long> two = twoWorkersAtOnce();
        WorkerJvmPool pool = Workers.pool();
        List<Long> idle = pool.idlePids();
        assertThat(idle).containsExactlyInAnyOrderElementsOf(two);
        long recent = idle.getFirst();
        long old = idle.getLast();
        ProcessHandle oldHandle = ProcessHandle.of(old).orElseThrow();

        clock.jump(Duration.ofSeconds(200));
        assertThat(Workers.workerPid()).as("most recently used first").isEqualTo(recent);
        clock.jump(Duration.ofSeconds(100)); // old: idle 300 s; recent: 100 s
        Workers.awaitExit(oldHandle);
        assertThat(pool.workerPids()).containsExactly(recent);
        assertThat(Workers.workerPid()).isEqualTo(recent);

        clock.jump(Duration.ofSeconds(300));
        assertThat(pool.workerPids()).isEmpty();
        assertThat(Workers.workerPid()).isNotIn(recent, old);
    }

    private List<Long> twoWorkersAtOnce() throws IOException {
        Gate a = Gate.create(dir, "a");
        Gate b = Gate.create(dir, "b");
        ToProcessOptions two = ToProcessOptions.defaults().limiter(new CapacityLimiter(2));
        Set<Long> pids = ConcurrentHashMap.newKeySet();
        TaskGroup.run(tg -> {
            for (Gate g : List.of(a, b)) {
                tg.startSoon(() ->
                        pids.add(
                                ToProcess.runSync(
                                        two,
                                        () -> {
                                            g.await();
                                            return ProcessHandle.current().pid();
                                        })));
            }
            a.open();
            b.open();
        });
        assertThat(pids).hasSize(2);
        return List.copyOf(pids);
    }

    // ---------------------------------------------------------------- cancellation

    @WeftTest
    void aCallThatIsNotCancellableReturnsItsResultAndTheCancellationComesAfter()
            throws IOException {
        long first = Workers.workerPid();
        Gate gate = Gate.create(dir, "gate");
        AtomicReference<String> result = new AtomicReference<>();
        AtomicBoolean cancelledAtNextCheckpoint = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    scope.run(s -> {
                        result.set(
                                ToProcess.runSync(() -> {
                                    gate.await();
                                    return "finished";
                                }));
                        try {
                            Weft.checkpoint();
                        } catch (Cancelled c) {
                            cancelledAtNextCheckpoint.set(true);
                            throw c;
                        }
                    }));
            Weft.waitAllTasksBlocked(); // the call is waiting for the worker
            scope.cancel();
            gate.open(); // only now can the function finish: it ran through the cancellation
        });
        assertThat(result).hasValue("finished");
        assertThat(cancelledAtNextCheckpoint).isTrue();
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(Workers.workerPid()).as("the worker is kept").isEqualTo(first);
    }

    @WeftTest
    void aCallCancelledWhileItsWorkerStartsLeavesNoWorker() {
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> scope.run(s -> ToProcess.runSync(() -> 1)));
            Weft.waitAllTasksBlocked(); // waiting for the new worker's READY
            scope.cancel();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(Workers.pool().workerPids()).isEmpty();
        assertThat(Workers.alive()).isEmpty();
    }

    // ---------------------------------------------------------------- limiter

    // AnyIO: (test_to_thread's test_run_in_custom_limiter, for processes)
    @WeftTest
    void aLimiterBoundsHowManyFunctionsRunAtOnce() throws IOException {
        CapacityLimiter limiter = new CapacityLimiter(2);
        ToProcessOptions options = ToProcessOptions.defaults().limiter(limiter);
        List<Gate> gates = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            gates.add(Gate.create(dir, "g" + i));
        }
        Set<Long> pids = ConcurrentHashMap.newKeySet();
        TaskGroup.run(tg -> {
            for (Gate g : gates) {
                tg.startSoon(() ->
                        pids.add(
                                ToProcess.runSync(
                                        options,
                                        () -> {
                                            g.await();
                                            return ProcessHandle.current().pid();
                                        })));
            }
            Weft.waitAllTasksBlocked();
            assertThat(limiter.borrowedTokens()).isEqualTo(2);
            assertThat(limiter.statistics().tasksWaiting()).isEqualTo(2);
            for (Gate g : gates) {
                tg.startSoon(g::open);
            }
        });
        assertThat(pids).as("two workers served four calls").hasSize(2);
        assertThat(Workers.pool().startedCount()).isEqualTo(2);
        assertThat(limiter.borrowedTokens()).isZero();
    }

    @WeftTest
    void theDefaultLimiterHasOneTokenPerProcessorAndBelongsToTheRuntime() {
        CapacityLimiter limiter = ToProcess.currentDefaultProcessLimiter();
        assertThat(limiter.totalTokens()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(ToProcess.currentDefaultProcessLimiter()).isSameAs(limiter);
    }

    // ---------------------------------------------------------------- broken workers

    @WeftTest
    void aWorkerKilledDuringTheCallIsABrokenWorkerProcess() {
        Throwable e =
                catchThrowable(() ->
                        ToProcess.runSync(() -> {
                            String self = Long.toString(ProcessHandle.current().pid());
                            new ProcessBuilder("kill", "-9", self).start().waitFor();
                            Thread.sleep(Long.MAX_VALUE);
                            return 0;
                        }));
        assertThat(e)
                .isExactlyInstanceOf(BrokenWorkerProcess.class)
                .hasMessageContaining("during the call")
                .hasMessageContaining("signal 9 (SIGKILL)");
        assertThat(Workers.pool().workerPids()).isEmpty();
        assertThat(ToProcess.runSync(() -> "next")).isEqualTo("next");
    }

    @WeftTest
    void aWorkerThatExitsDuringTheCallIsABrokenWorkerProcess() {
        assertThatThrownBy(() ->
                        ToProcess.runSync(() -> {
                            System.exit(3);
                            return 0;
                        }))
                .isExactlyInstanceOf(BrokenWorkerProcess.class)
                .hasMessageContaining("exited with status 3");
    }

    @WeftTest
    void aWorkerThatDiesWhileItsChildHoldsItsPipesIsStillABrokenWorkerProcess() throws IOException {
        // The function starts a process that inherits the worker's standard output and outlives
        // it: the output never ends, but the worker's exit ends the call.
        Path pidFile = dir.resolve("grandchild");
        String file = pidFile.toString();
        Throwable e =
                catchThrowable(() ->
                        ToProcess.runSync(() -> {
                            Process p = new ProcessBuilder("sleep", "600").inheritIO().start();
                            Files.writeString(Path.of(file), Long.toString(p.pid()));
                            Runtime.getRuntime().halt(5);
                            return 0;
                        }));
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile)))
                .ifPresent(ProcessHandle::destroyForcibly);
        assertThat(e)
                .isExactlyInstanceOf(BrokenWorkerProcess.class)
                .hasMessageContaining("exited with status 5");
    }

    @WeftTest
    void aWorkerThatDiedWhileIdleIsReplacedWithoutAnError() {
        long first = Workers.workerPid();
        ProcessHandle worker = ProcessHandle.of(first).orElseThrow();
        worker.destroyForcibly();
        Workers.awaitExit(worker);
        long second = Workers.workerPid();
        assertThat(second).isNotEqualTo(first);
        assertThat(Workers.pool().workerPids()).containsExactly(second);
    }

    @WeftTest
    void aWorkerThatDoesNotAnswerInTimeIsKilled() {
        Workers.startWith(FakeWorkers.Silent.class.getName(), Duration.ofMillis(300));
        assertThatThrownBy(Workers::workerPid)
                .isExactlyInstanceOf(BrokenWorkerProcess.class)
                .hasMessageContaining("did not answer within 0.3 s");
        assertThat(Workers.alive()).isEmpty();
    }

    @WeftTest
    void aProcessThatIsNoWorkerBreaksTheProtocol() {
        Workers.startWith(FakeWorkers.Chatty.class.getName(), Duration.ofSeconds(20));
        assertThatThrownBy(Workers::workerPid)
                .isExactlyInstanceOf(BrokenWorkerProcess.class)
                .hasMessageContaining("broke the protocol while starting")
                .hasMessageContaining("'hello, ");
        assertThat(Workers.alive()).isEmpty();
    }

    @WeftTest
    void aWorkerThatExitsAtOnceSaysHowItEnded() {
        Workers.startWith(FakeWorkers.Failing.class.getName(), Duration.ofSeconds(20));
        assertThatThrownBy(Workers::workerPid)
                .isExactlyInstanceOf(BrokenWorkerProcess.class)
                .hasMessageContaining("while starting")
                .hasMessageContaining("exited with status 3");
    }

    @WeftTest
    void aVirtualMachineErrorIsRethrownAndRetiresTheWorker() {
        long first = Workers.workerPid();
        Throwable e = catchThrowable(() -> ToProcess.runSync(ToProcessTest::recurse));
        assertThat(e).isExactlyInstanceOf(StackOverflowError.class);
        assertThat(Workers.workerPid()).isNotEqualTo(first);
    }

    private static int recurse() {
        return recurse() + 1;
    }

    // ---------------------------------------------------------------- serialization

    @WeftTest
    void aFunctionThatCannotBeSerializedFailsBeforeAnythingStarts() {
        Object notSerializable = new Object();
        assertThatThrownBy(() -> ToProcess.runSync(() -> notSerializable.hashCode()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be serialized")
                .cause()
                .isInstanceOf(NotSerializableException.class)
                .hasMessage("java.lang.Object");
        assertThat(Workers.pool().startedCount()).isZero();
    }

    @WeftTest
    void aResultThatCannotBeSerializedIsABrokenWorkerProcessAndTheWorkerIsKept() {
        long first = Workers.workerPid();
        assertThatThrownBy(() -> ToProcess.runSync(() -> new Object()))
                .isExactlyInstanceOf(BrokenWorkerProcess.class)
                .hasMessageContaining("result, a java.lang.Object, could not be serialized")
                .cause()
                .isInstanceOf(NotSerializableException.class);
        assertThat(Workers.workerPid()).isEqualTo(first);
    }

    @WeftTest
    void anExceptionThatCannotBeSerializedIsABrokenWorkerProcessThatQuotesIt() {
        assertThatThrownBy(() ->
                        ToProcess.runSync(() -> {
                            throw new Unsendable("the original message");
                        }))
                .isExactlyInstanceOf(BrokenWorkerProcess.class)
                .hasMessageContaining("the original message")
                .hasMessageContaining("could not be serialized")
                .cause()
                .isInstanceOf(NotSerializableException.class);
    }

    /** An exception with a field that cannot be serialized. */
    static final class Unsendable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("serial") // that is the point
        private final Object payload = new Object();

        Unsendable(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return super.toString() + " carrying " + payload.getClass().getName();
        }
    }

    @WeftTest
    void aRunnableRunsInTheWorker() throws IOException {
        String file = dir.resolve("out").toString();
        ToProcess.runSync(() -> {
            Files.writeString(Path.of(file), "written");
        });
        assertThat(Path.of(file)).hasContent("written");
    }

    @WeftTest
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> ToProcess.runSync(null, () -> 1))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageContaining("ToProcessOptions.defaults()");
        assertThatThrownBy(() ->
                        ToProcess.runSync((SerializableCallable<Object, RuntimeException>) null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("fn");
    }
}
