package io.weft.process;

import static io.weft.process.ProcessTesting.children;
import static io.weft.process.ProcessTesting.readToEnd;
import static io.weft.process.ProcessTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.weft.CancelScope;
import io.weft.CheckedRunnable;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cancellation never harms a process or its pipes: a cancelled receive consumes nothing, a
 * cancelled send leaves the pipe usable (the child got a prefix), a cancelled {@code waitFor}
 * leaves the process running, and an {@code open} cancelled while it starts leaves nothing behind.
 * On every backend.
 *
 * <p>Weft's own tests (issue 15): AnyIO's {@code test_subprocesses.py} does not cancel a receive, a
 * send or a wait of a process; its closing tests are ported in {@link WeftProcessTest}.
 */
class ProcessCancellationTest {

    @WeftTest
    void aCancelledReceiveConsumesNothingAndTheNextReceiveGetsTheBytes() throws Exception {
        try (WeftProcess p = Processes.open(List.of("cat"))) {
            // Cancelled while it waits: nothing has arrived.
            CancelScope waiting = cancelOnceBlocked(() -> p.stdout().receive());
            assertThat(waiting.cancelledCaught()).isTrue();

            // Cancelled with bytes buffered: the receive's checkpoint throws, nothing is taken.
            p.stdin().send(utf8("abc"));
            CancelScope buffered = new CancelScope();
            buffered.cancel();
            buffered.run(() -> p.stdout().receive());
            assertThat(buffered.cancelledCaught()).isTrue();

            p.stdin().send(utf8("def"));
            p.stdin().close();
            assertThat(new String(readToEnd(p.stdout()))).isEqualTo("abcdef");
            assertThat(p.waitFor()).isZero();
        }
    }

    /**
     * 256 KiB through {@code cat} while every receive of it is cancelled at a random point (after a
     * random number of another task's checkpoints, or once every task waits): what arrives is
     * exactly what was sent, in order. Halfway, the sender pauses until a receive that has to wait
     * (everything sent so far has arrived) has been cancelled, so at least one cancellation lands
     * mid-stream in a waiting receive, however fast the random ones complete.
     */
    @WeftTest
    void receivesCancelledAtRandomPointsLoseNoByte() throws Exception {
        SplittableRandom random = new SplittableRandom(1515);
        byte[] data = new byte[256 << 10];
        random.nextBytes(data);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int[] cancelled = {0};
        int halfway = data.length / 2;
        Event resume = new Event();
        try (WeftProcess p = Processes.open(List.of("cat"))) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    SplittableRandom chunks = new SplittableRandom(7);
                    for (int at = 0; at < data.length; ) {
                        int n = Math.min(data.length - at, 1 + chunks.nextInt(20_000));
                        if (at < halfway && at + n > halfway) {
                            n = halfway - at;
                        }
                        p.stdin().send(Arrays.copyOfRange(data, at, at + n));
                        at += n;
                        if (at == halfway) {
                            resume.await();
                        }
                    }
                    p.stdin().close();
                });
                while (got.size() < data.length) {
                    if (got.size() == halfway && !resume.isSet()) {
                        // Nothing more comes until resume is set: this receive must wait.
                        CancelScope waiting = new CancelScope();
                        TaskGroup.run(inner -> {
                            inner.startSoon(() -> {
                                Weft.waitAllTasksBlocked();
                                waiting.cancel();
                            });
                            waiting.run(() -> got.writeBytes(p.stdout().receive()));
                        });
                        assertThat(waiting.cancelledCaught()).as("the waiting receive").isTrue();
                        cancelled[0]++;
                        resume.set();
                        continue;
                    }
                    int max = 1 + random.nextInt(16_384);
                    int when = random.nextInt(12) - 1; // -1: once every task waits
                    CancelScope scope = new CancelScope();
                    TaskGroup.run(inner -> {
                        inner.startSoon(() -> {
                            if (when < 0) {
                                Weft.waitAllTasksBlocked();
                            }
                            for (int i = 0; i < when; i++) {
                                Weft.checkpoint();
                            }
                            scope.cancel();
                        });
                        scope.run(() -> got.writeBytes(p.stdout().receive(max)));
                    });
                    if (scope.cancelledCaught()) {
                        cancelled[0]++;
                    }
                }
            });
            assertThat(readToEnd(p.stdout())).isEmpty();
            assertThat(p.waitFor()).isZero();
        }
        assertThat(cancelled[0]).as("receives cancelled").isPositive();
        assertThat(Arrays.equals(got.toByteArray(), data)).as("the bytes, in order").isTrue();
    }

    /**
     * A send cancelled while the pipe is full stops after the write in progress: the child gets a
     * prefix of the data, and the pipe goes on working for the next send.
     */
    @WeftTest
    void aCancelledSendLeavesAPrefixAndAUsablePipe() throws Exception {
        byte[] data = new byte[4 << 20];
        new SplittableRandom(3).nextBytes(data);
        byte[] tail = utf8("-the-end-");
        try (WeftProcess p = Processes.open(List.of("cat"))) {
            // Nobody reads cat's output yet: cat blocks, its input fills, the send waits.
            CancelScope scope = cancelOnceBlocked(() -> p.stdin().send(data));
            assertThat(scope.cancelledCaught()).isTrue();
            byte[][] out = new byte[1][];
            TaskGroup.run(tg -> {
                tg.startSoon(() -> out[0] = readToEnd(p.stdout()));
                p.stdin().send(tail); // waits for the abandoned write, then sends
                p.stdin().close();
            });
            byte[] all = out[0];
            int prefix = all.length - tail.length;
            assertThat(prefix).isBetween(0, data.length - 1);
            assertThat(Arrays.copyOfRange(all, prefix, all.length)).isEqualTo(tail);
            assertThat(Arrays.equals(all, 0, prefix, data, 0, prefix)).as("a prefix").isTrue();
            assertThat(p.waitFor()).isZero();
        }
    }

    @WeftTest
    void aCancelledWaitForLeavesTheProcessRunning() throws Exception {
        try (WeftProcess p = Processes.open(List.of("cat"))) {
            CancelScope scope = cancelOnceBlocked(p::waitFor);
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(p.returnCode()).isNull();
            assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive)).contains(true);

            // Already cancelled: the checkpoint throws; the process is still untouched.
            CancelScope again = new CancelScope();
            again.cancel();
            again.run(p::waitFor);
            assertThat(again.cancelledCaught()).isTrue();
            assertThat(p.returnCode()).isNull();

            // Still a working cat.
            p.stdin().send(utf8("alive"));
            assertThat(p.stdout().receive()).isEqualTo(utf8("alive"));
            p.kill();
            assertThat(p.waitFor()).isEqualTo(128 + 9);
        }
    }

    /**
     * {@code open} cancelled while it starts the process: either it throws {@code Cancelled} and no
     * process is left, or (the start won the race) it returns the process and the next checkpoint
     * is cancelled.
     */
    @WeftTest
    void anOpenCancelledWhileStartingLeavesNoProcess() throws Exception {
        for (int i = 0; i < 20; i++) {
            CancelScope scope = new CancelScope();
            WeftProcess[] opened = new WeftProcess[1];
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    Weft.waitAllTasksBlocked(); // open waits for its start (its only wait)
                    scope.cancel();
                });
                scope.run(() -> opened[0] = Processes.open(List.of("sleep", "30")));
            });
            if (opened[0] == null) {
                assertThat(scope.cancelledCaught()).isTrue();
            } else { // the cancel came after open had returned, outside the scope
                opened[0].kill();
                opened[0].close();
            }
            assertThat(children()).isEmpty();
        }
    }

    /**
     * Runs {@code body} in a new scope that another task cancels once every task is blocked (the
     * body is then waiting where the test wants it), and returns the scope.
     */
    private static CancelScope cancelOnceBlocked(CheckedRunnable<Exception> body) {
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                scope.cancel();
            });
            scope.run(body);
        });
        return scope;
    }
}
