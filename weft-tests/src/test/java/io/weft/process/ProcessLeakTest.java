package io.weft.process;

import static io.weft.process.ProcessTesting.children;
import static io.weft.process.ProcessTesting.deleteDir;
import static io.weft.process.ProcessTesting.hasProcFd;
import static io.weft.process.ProcessTesting.joinProcessThreads;
import static io.weft.process.ProcessTesting.openDescriptors;
import static io.weft.process.ProcessTesting.tempDir;
import static io.weft.process.ProcessTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.sync.Event;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No orphans and no leaks (issue 15): {@code run} cancelled at random points kills its process, a
 * thousand open processes neither starve the runtime's other tasks nor leak when closed, and a run
 * kills what is left open. Afterwards the JVM has no child, no more file descriptors than before
 * ({@code /proc/self/fd}) and no process thread. Each runs {@code Weft.run} itself, on every
 * backend, to look at the JVM after the run.
 *
 * <p>Weft's own tests: AnyIO's nearest, {@code
 * test_process_aexit_cancellation_doesnt_orphan_process}, is ported in {@link WeftProcessTest}.
 */
class ProcessLeakTest {

    private static final int RUNS = 1000;
    private static final int OPEN = 1000;

    /**
     * 1,000 {@code run}s of a process that ignores SIGTERM, each cancelled at a random point by
     * another task: after a random number of checkpoints (mostly while starting), once every task
     * waits, or once the process has shown that it runs (while feeding its input, draining its
     * output or waiting for its exit). Every run ends cancelled, no child is left, and after the
     * run no descriptor or process thread is.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void cancelledRunsLeaveNoOrphanDescriptorOrThread(Backend backend) throws Exception {
        assumeTrue(hasProcFd(), "needs /proc/self/fd");
        RunOptions options = RunOptions.defaults().backend(backend);
        Path dir = tempDir();
        try {
            // Warm up: class loading opens the JDK's and Weft's jars, which stay open.
            Weft.run(options, () -> cancelledRuns(new SplittableRandom(1), 20, dir));
            joinProcessThreads();
            int before = openDescriptors();
            int[] kinds =
                    Weft.run(
                            options,
                            () -> {
                                int[] k = cancelledRuns(new SplittableRandom(15), RUNS, dir);
                                // Before the run's end kills leftovers: run itself left none.
                                assertThat(children()).isEmpty();
                                return k;
                            });
            assertThat(children()).isEmpty();
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
                    .isEmpty();
            joinProcessThreads();
            assertThat(openDescriptors())
                    .as("descriptors after %d cancelled runs vs before", RUNS)
                    .isLessThanOrEqualTo(before);
            // The moments were varied: some cancels came after the child had started.
            assertThat(kinds[2] + kinds[3]).isPositive();
        } finally {
            deleteDir(dir);
        }
    }

    /**
     * {@code n} runs, each cancelled; returns how many were cancelled by each of the four ways. The
     * child ignores SIGTERM (an ignored signal stays ignored across {@code exec}), touches its
     * marker file, and then sleeps with nothing written, with input to feed, or with output to
     * drain.
     */
    private static int[] cancelledRuns(SplittableRandom random, int n, Path dir) throws Exception {
        int[] kinds = new int[4];
        for (int i = 0; i < n; i++) {
            Path marker = dir.resolve("started-" + i);
            int variant = random.nextInt(3);
            String script =
                    "trap '' TERM; : > \"$1\"; "
                            + (variant == 2 ? "printf '%300000s' x; " : "")
                            + "exec sleep 30";
            List<String> command = List.of("/bin/sh", "-c", script, "sh", marker.toString());
            ProcessOptions opts =
                    variant == 1
                            ? ProcessOptions.defaults().input(new byte[256 << 10]) // never read
                            : ProcessOptions.defaults().stdin(Redirect.DISCARD);
            int kind = random.nextInt(4);
            int checkpoints = random.nextInt(kind == 0 ? 40 : 8);
            kinds[kind]++;
            CancelScope scope = new CancelScope();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    if (kind >= 2) {
                        // The child has started once its marker exists: a condition, polled
                        // at checkpoints (no timed sleep).
                        while (!Files.exists(marker) && !scope.cancelCalled()) {
                            Weft.checkpoint();
                        }
                    }
                    if (kind == 1 || kind == 3) {
                        Weft.waitAllTasksBlocked();
                    }
                    for (int c = 0; c < checkpoints; c++) {
                        Weft.checkpoint();
                    }
                    scope.cancel();
                });
                scope.run(() -> Processes.run(command, opts));
            });
            assertThat(scope.cancelledCaught()).as("run %d", i).isTrue();
            Files.deleteIfExists(marker);
        }
        return kinds;
    }

    /**
     * 1,000 {@code cat}s open at once, each with all three pipes and a task waiting in a receive of
     * its output: an Event ping-pong between two other tasks still completes, a line sent to each
     * cat comes back to its task, and closing them all ends every waiting receive with {@link
     * ClosedResourceError} and leaks nothing.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aThousandOpenProcessesDoNotStarveTheRuntimeAndLeakNothingWhenClosed(Backend backend)
            throws Exception {
        assumeTrue(hasProcFd(), "needs /proc/self/fd");
        RunOptions options = RunOptions.defaults().backend(backend);
        Weft.run(options, () -> openEchoClose(4)); // warm up
        joinProcessThreads();
        int before = openDescriptors();
        Weft.run(options, () -> openEchoClose(OPEN));
        assertThat(children()).isEmpty();
        joinProcessThreads();
        assertThat(openDescriptors())
                .as("descriptors after %d open processes vs before", OPEN)
                .isLessThanOrEqualTo(before);
    }

    private static void openEchoClose(int n) throws Exception {
        List<WeftProcess> processes = new ArrayList<>(n);
        AtomicInteger echoed = new AtomicInteger();
        AtomicInteger closedInReceive = new AtomicInteger();
        Event allEchoed = new Event();
        try {
            TaskGroup.run(tg -> {
                for (int i = 0; i < n; i++) {
                    WeftProcess p = Processes.open(List.of("cat"));
                    processes.add(p);
                    byte[] line = utf8("process " + i + "\n");
                    tg.startSoon(() -> {
                        assertThat(p.stdout().receive()).isEqualTo(line);
                        if (echoed.incrementAndGet() == n) {
                            allEchoed.set();
                        }
                        // Waits again, until the close below.
                        assertThatThrownBy(() -> p.stdout().receive())
                                .isInstanceOf(ClosedResourceError.class);
                        closedInReceive.incrementAndGet();
                    });
                }
                Weft.waitAllTasksBlocked(); // every task waits in its receive

                // Other tasks make progress meanwhile: 1,000 handoffs through events.
                int rounds = 1000;
                TaskGroup.run(pingPong -> {
                    Event[] ping = new Event[rounds + 1];
                    Event[] pong = new Event[rounds + 1];
                    for (int r = 0; r <= rounds; r++) {
                        ping[r] = new Event();
                        pong[r] = new Event();
                    }
                    pingPong.startSoon(() -> {
                        for (int r = 0; r < rounds; r++) {
                            ping[r].await();
                            pong[r].set();
                        }
                    });
                    for (int r = 0; r < rounds; r++) {
                        ping[r].set();
                        pong[r].await();
                    }
                });

                for (int i = 0; i < n; i++) {
                    processes.get(i).stdin().send(utf8("process " + i + "\n"));
                }
                allEchoed.await(); // every line came back to its task
                Weft.waitAllTasksBlocked(); // ... which waits in its second receive
                for (WeftProcess p : processes) {
                    p.close(); // cat reads the end of its input and exits
                    assertThat(p.returnCode()).isZero();
                }
            });
        } finally {
            for (WeftProcess p : processes) {
                p.close();
            }
        }
        assertThat(echoed).hasValue(n);
        assertThat(closedInReceive).hasValue(n);
    }

    /** {@code Weft.run} kills and waits for the processes still open at its end. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theEndOfTheRunKillsTheProcessesLeftOpen(Backend backend) throws Exception {
        long[] pids =
                Weft.run(
                        RunOptions.defaults().backend(backend),
                        () -> {
                            WeftProcess a = Processes.openShell("trap '' TERM; exec sleep 30");
                            WeftProcess b = Processes.open(List.of("cat"));
                            b.stdin().send(utf8("x"));
                            assertThat(b.stdout().receive()).isEqualTo(utf8("x"));
                            return new long[] {a.pid(), b.pid()};
                        });
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("process %d", pid)
                    .isEmpty();
        }
        assertThat(children()).isEmpty();
        joinProcessThreads();
    }

    /** A run whose body throws still kills its open processes; the failure is what it throws. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingRunKillsItsProcessesToo(Backend backend) throws Exception {
        long[] pid = new long[1];
        assertThatThrownBy(() ->
                        Weft.run(
                                RunOptions.defaults().backend(backend),
                                () -> {
                                    WeftProcess p = Processes.open(List.of("cat"));
                                    pid[0] = p.pid();
                                    p.stdin().send(utf8("x"));
                                    assertThat(p.stdout().receive()).isEqualTo(utf8("x"));
                                    throw new IllegalStateException("boom");
                                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ProcessHandle.of(pid[0]).filter(ProcessHandle::isAlive)).isEmpty();
        joinProcessThreads();
    }
}
