package io.weft.process;

import static io.weft.process.ProcessTesting.deleteDir;
import static io.weft.process.ProcessTesting.readText;
import static io.weft.process.ProcessTesting.readToEnd;
import static io.weft.process.ProcessTesting.tempDir;
import static io.weft.process.ProcessTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BrokenResourceError;
import io.weft.BusyResourceError;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.stream.BufferedByteReceiveStream;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Open processes ({@code Processes.open}, {@link WeftProcess}): streams, exit status, signals,
 * closing, and cancellation that never harms the process. On every backend.
 *
 * <p>Ports of AnyIO's {@code tests/test_subprocesses.py}: {@code test_terminate} (a shell trap
 * instead of a Python signal handler), {@code test_process_receive_invalid_max_bytes}, {@code
 * test_open_process_connect_to_file}, {@code
 * test_process_aexit_cancellation_doesnt_orphan_process}, {@code
 * test_process_aexit_cancellation_closes_standard_streams}, {@code
 * test_exceptions_after_subprocess_closes_standard_streams}, {@code test_close_early}, {@code
 * test_close_while_reading}, {@code test_wait_returns_on_process_exit_with_open_stdout} and {@code
 * test_close_with_stdout_blocked_subprocess}. The tests of {@code run} are in {@link
 * ProcessesTest}; cancelled receives under load and the leak tests in {@link
 * ProcessCancellationTest} and {@link ProcessLeakTest}.
 */
class WeftProcessTest {

    @WeftTest
    void aProcessIsASortFilterThroughItsStreams() throws Exception {
        try (WeftProcess p = Processes.open(List.of("sort"))) {
            assertThat(p.args()).containsExactly("sort");
            assertThat(
                            ProcessHandle.of(p.pid())
                                    .flatMap(ProcessHandle::parent)
                                    .map(ProcessHandle::pid))
                    .contains(ProcessHandle.current().pid());
            assertThat(p.returnCode()).isNull();
            assertThat(p.toString()).contains(String.valueOf(p.pid())).contains("running");
            p.stdin().send(utf8("pear\napple\nfig\n"));
            p.stdin().close(); // sort reads to the end of its input before it writes
            assertThat(readText(p.stdout())).isEqualTo("apple\nfig\npear\n");
            assertThat(readToEnd(p.stderr())).isEmpty();
            assertThat(p.waitFor()).isZero();
            assertThat(p.returnCode()).isZero();
            assertThat(p.toString()).contains("exited with status 0");
        }
    }

    @WeftTest
    void streamsThatAreNotPipedAreNull() throws Exception {
        ProcessOptions none =
                ProcessOptions.defaults()
                        .stdin(Redirect.DISCARD)
                        .stdout(Redirect.DISCARD)
                        .stderr(Redirect.DISCARD);
        try (WeftProcess p = Processes.open(List.of("true"), none)) {
            assertThat(p.stdin()).isNull();
            assertThat(p.stdout()).isNull();
            assertThat(p.stderr()).isNull();
            assertThat(p.waitFor()).isZero();
        }
        try (WeftProcess p =
                Processes.openShell(
                        "echo out; echo err >&2", ProcessOptions.defaults().stderrToStdout())) {
            assertThat(p.stdin()).isNotNull();
            assertThat(p.stderr()).as("merged into stdout").isNull();
            assertThat(readText(p.stdout())).isEqualTo("out\nerr\n");
        }
    }

    /** A shell's tail that says "ready" and waits for a background sleep that holds no pipe. */
    private static final String SLEEP_IN_BACKGROUND =
            "sleep 30 </dev/null >/dev/null 2>&1 & echo ready; wait";

    // AnyIO: test_terminate
    @WeftTest
    void terminateSendsSigtermWhichTheChildMayHandle() throws Exception {
        // wait returns early when the trapped signal arrives. The background sleep has none of
        // the pipes: the trap's kill can miss it (a child between fork and exec still runs the
        // shell's handler, and loses the signal), and it must not keep the outputs open then.
        String script = "trap 'kill $! 2>/dev/null; exit 2' TERM; " + SLEEP_IN_BACKGROUND;
        WeftProcess p = Processes.openShell(script);
        try {
            var out = new BufferedByteReceiveStream(p.stdout());
            assertThat(out.receiveUntil(utf8("\n"), 100)).isEqualTo(utf8("ready"));
            p.terminate();
            assertThat(p.waitFor()).isEqualTo(2);
            assertThat(readToEnd(p.stderr())).isEmpty();
        } finally {
            p.kill(); // a failed assertion must not leave close() waiting for a shell that waits
            p.close();
        }
    }

    @WeftTest
    void aSignalLeavesThePipesOpenForTheChildsLastWords() throws Exception {
        // The trap reads a line the parent sends after the signal and answers on both outputs:
        // terminate() and sendSignal only signal, they do not close the parent's pipe ends.
        String script =
                "trap 'kill $! 2>/dev/null; read line; echo \"got $line\"; echo bye >&2; exit 3'"
                        + " TERM; "
                        + SLEEP_IN_BACKGROUND;
        for (Signal signal : List.<Signal>of(WeftProcess::terminate, q -> q.sendSignal("TERM"))) {
            try (WeftProcess p = Processes.openShell(script)) {
                var out = new BufferedByteReceiveStream(p.stdout());
                assertThat(out.receiveUntil(utf8("\n"), 100)).isEqualTo(utf8("ready"));
                signal.send(p);
                p.stdin().send(utf8("last\n"));
                assertThat(readText(out)).isEqualTo("got last\n");
                assertThat(readText(p.stderr())).isEqualTo("bye\n");
                assertThat(p.waitFor()).isEqualTo(3);
            }
        }
    }

    @WeftTest
    void terminateKillAndSignalsGiveStatus128PlusTheSignal() throws Exception {
        assertThat(signalled(WeftProcess::terminate)).isEqualTo(128 + 15);
        assertThat(signalled(WeftProcess::kill)).isEqualTo(128 + 9);
        assertThat(signalled(p -> p.sendSignal(1))).isEqualTo(128 + 1);
        assertThat(signalled(p -> p.sendSignal(15))).isEqualTo(128 + 15);
        assertThat(signalled(p -> p.sendSignal(9))).isEqualTo(128 + 9);
        assertThat(signalled(p -> p.sendSignal("HUP"))).isEqualTo(128 + 1);
        assertThat(signalled(p -> p.sendSignal("SIGUSR1"))).isEqualTo(128 + 10);
        assertThat(signalled(p -> p.sendSignal("usr2"))).isEqualTo(128 + 12);
        assertThat(signalled(p -> p.sendSignal("TERM"))).isEqualTo(128 + 15);
        assertThat(signalled(p -> p.sendSignal("KILL"))).isEqualTo(128 + 9);
    }

    private interface Signal {
        void send(WeftProcess p) throws Exception;
    }

    /** The exit status of a {@code cat} (which handles no signal) after {@code signal}. */
    private static int signalled(Signal signal) throws Exception {
        try (WeftProcess p = Processes.open(List.of("cat"))) {
            signal.send(p);
            int status = p.waitFor();
            // Signalling a process that has exited does nothing.
            p.terminate();
            p.kill();
            p.sendSignal(1);
            p.sendSignal("USR1");
            assertThat(p.returnCode()).isEqualTo(status);
            return status;
        }
    }

    @WeftTest
    void aSignalTheChildHandlesLeavesItRunning() throws Exception {
        // The read builtin is interrupted by the signal, the trap runs, the loop reads again.
        String script = "trap 'echo got-hup' HUP; echo ready; while :; do read x; done";
        WeftProcess p = Processes.openShell(script);
        try {
            var out = new BufferedByteReceiveStream(p.stdout());
            assertThat(out.receiveUntil(utf8("\n"), 100)).isEqualTo(utf8("ready"));
            p.sendSignal("HUP");
            assertThat(out.receiveUntil(utf8("\n"), 100)).isEqualTo(utf8("got-hup"));
            assertThat(p.returnCode()).isNull();
        } finally {
            p.kill(); // the loop reads on at the end of its input: only a kill ends it
            p.close();
        }
        assertThat(p.returnCode()).isEqualTo(128 + 9);
    }

    // AnyIO: test_process_receive_invalid_max_bytes
    @WeftTest
    void aReceiveOfLessThanOneByteIsRejected() throws Exception {
        try (WeftProcess p = Processes.openShell("printf x")) {
            for (int max : new int[] {0, -1}) {
                assertThatThrownBy(() -> p.stdout().receive(max))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("maxBytes must be at least 1");
            }
            assertThatThrownBy(() -> p.stdout().receive(ByteBuffer.allocate(0)))
                    .isInstanceOf(IllegalArgumentException.class);
            ByteBuffer one = ByteBuffer.allocate(8);
            assertThat(p.stdout().receive(one)).isEqualTo(1);
            assertThat(one.flip().get()).isEqualTo((byte) 'x');
            assertThat(p.waitFor()).isZero();
        }
    }

    // AnyIO: test_open_process_connect_to_file
    @WeftTest
    void anOpenProcessCanUseFiles() throws Exception {
        Path dir = tempDir();
        try {
            File in = dir.resolve("stdin").toFile();
            File out = dir.resolve("stdout").toFile();
            File err = dir.resolve("stderr").toFile();
            Files.writeString(in.toPath(), "Hello, process!\n");
            ProcessOptions files =
                    ProcessOptions.defaults()
                            .stdin(Redirect.from(in))
                            .stdout(Redirect.to(out))
                            .stderr(Redirect.to(err));
            try (WeftProcess p =
                    Processes.openShell(
                            "read txt; echo \"stdin says '$txt' but stderr says NO!\" >&2;"
                                    + " echo \"stdin says '$txt' and stdout says YES!\"",
                            files)) {
                assertThat(p.stdin()).isNull();
                assertThat(p.stdout()).isNull();
                assertThat(p.stderr()).isNull();
                assertThat(p.waitFor()).isZero();
            }
            assertThat(Files.readString(out.toPath()))
                    .isEqualTo("stdin says 'Hello, process!' and stdout says YES!\n");
            assertThat(Files.readString(err.toPath()))
                    .isEqualTo("stdin says 'Hello, process!' but stderr says NO!\n");
        } finally {
            deleteDir(dir);
        }
    }

    // AnyIO: test_process_aexit_cancellation_doesnt_orphan_process
    @WeftTest
    void aCloseWhoseWaitIsCancelledKillsTheProcessAndRethrows() throws Exception {
        CancelScope scope = new CancelScope();
        WeftProcess[] opened = new WeftProcess[1];
        scope.run(() -> {
            try (WeftProcess p = Processes.openShell("trap '' TERM; exec sleep 30")) {
                opened[0] = p;
                scope.cancel();
            }
        });
        assertThat(scope.cancelledCaught()).isTrue();
        WeftProcess p = opened[0];
        assertThat(p.returnCode()).isEqualTo(128 + 9);
        assertThat(ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive)).isEmpty();

        // close() itself throws the Cancelled, after the kill.
        // (sleep, not cat: cat would exit at once when close() closes its input.)
        try (WeftProcess q = Processes.open(List.of("sleep", "30"))) {
            CancelScope s = new CancelScope();
            s.run(() -> {
                s.cancel();
                assertThatThrownBy(q::close).isInstanceOf(Cancelled.class);
                assertThat(q.returnCode()).isEqualTo(128 + 9);
            });
        }
    }

    // AnyIO: test_process_aexit_cancellation_closes_standard_streams
    @WeftTest
    void afterACancelledCloseEveryStreamIsClosed() throws Exception {
        CancelScope scope = new CancelScope();
        WeftProcess[] opened = new WeftProcess[1];
        scope.run(() -> {
            try (WeftProcess p = Processes.open(List.of("sleep", "30"))) {
                opened[0] = p;
                scope.cancel();
            }
        });
        WeftProcess p = opened[0];
        assertThatThrownBy(() -> p.stdin().send(utf8("foo")))
                .isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(() -> p.stdout().receive(1)).isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(() -> p.stderr().receive(1)).isInstanceOf(ClosedResourceError.class);
    }

    // AnyIO: test_exceptions_after_subprocess_closes_standard_streams
    @WeftTest
    void afterTheChildExitsStdinIsBrokenTheOutputsEndAndAfterCloseAllAreClosed() throws Exception {
        WeftProcess p = Processes.open(List.of("true"));
        try (p) {
            assertThat(p.waitFor()).isZero();
            // Unlike some of AnyIO's event loops, the first send already fails: the pipe has no
            // reader once the child has exited.
            assertThatThrownBy(() -> p.stdin().send(utf8("foo")))
                    .isInstanceOf(BrokenResourceError.class)
                    .hasMessageContaining("standard input");
            assertThatThrownBy(() -> p.stdin().send(utf8("foo")))
                    .isInstanceOf(BrokenResourceError.class);
            assertThatThrownBy(() -> p.stdout().receive(1)).isInstanceOf(EndOfStream.class);
            assertThatThrownBy(() -> p.stderr().receive(1)).isInstanceOf(EndOfStream.class);
        }
        assertThatThrownBy(() -> p.stdin().send(utf8("foo")))
                .isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(() -> p.stdout().receive(1)).isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(() -> p.stderr().receive(1)).isInstanceOf(ClosedResourceError.class);
        p.close(); // idempotent
        assertThat(p.returnCode()).isZero();
    }

    // AnyIO: test_close_early
    @WeftTest
    void closingWithUnreadOutputReturns() throws Exception {
        try (WeftProcess p = Processes.openShell("head -c 25600 /dev/zero")) {
            assertThat(p.pid()).isPositive();
        }
    }

    // AnyIO: test_close_with_stdout_blocked_subprocess
    @WeftTest
    void closingAProcessBlockedOnAFullStdoutPipeDoesNotHang() throws Exception {
        // 1 MB: more than the stream's buffer and the OS pipe together, so the child blocks.
        WeftProcess p = Processes.openShell("head -c 1048576 /dev/zero");
        p.close();
        assertThat(p.returnCode()).as("it was closed only once it had exited").isNotNull();
    }

    // AnyIO: test_close_while_reading
    @WeftTest
    void closingAStreamWhileATaskReceivesFromItMakesThatAClosedResourceError() throws Exception {
        try (WeftProcess p = Processes.open(List.of("sleep", "30"))) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    Weft.waitAllTasksBlocked();
                    p.stdout().close();
                });
                assertThatThrownBy(() -> p.stdout().receive())
                        .isInstanceOf(ClosedResourceError.class);
            });
            p.terminate();
            assertThat(p.waitFor()).isEqualTo(128 + 15);
        }
    }

    @WeftTest
    void closingTheProcessWhileTasksReceiveAndSendFailsThemWithClosedResourceError()
            throws Exception {
        // The child reads nothing: a big send blocks in the full pipe until the close.
        WeftProcess p = Processes.open(List.of("sleep", "30"));
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    assertThatThrownBy(() -> p.stdin().send(new byte[1 << 20]))
                            .isInstanceOf(ClosedResourceError.class));
            tg.startSoon(() ->
                    assertThatThrownBy(() -> p.stdout().receive())
                            .isInstanceOf(ClosedResourceError.class));
            tg.startSoon(() ->
                    assertThatThrownBy(() -> p.stderr().receive())
                            .isInstanceOf(ClosedResourceError.class));
            Weft.waitAllTasksBlocked();
            CancelScope closing = new CancelScope();
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked(); // close() waits for the exit of a child that won't
                closing.cancel();
            });
            closing.run(p::close);
            assertThat(closing.cancelledCaught()).isTrue();
        });
        assertThat(p.returnCode()).isEqualTo(128 + 9);
    }

    /**
     * Closing a {@code cat} ends it (its input is closed), and its end of output must not beat the
     * close to the waiting receiver: that receiver gets {@link ClosedResourceError}, every time.
     */
    @WeftTest
    void closingACatWhileATaskReceivesGivesThatTaskClosedResourceError() throws Exception {
        for (int i = 0; i < 20; i++) {
            WeftProcess p = Processes.open(List.of("cat"));
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        assertThatThrownBy(() -> p.stdout().receive())
                                .isInstanceOf(ClosedResourceError.class));
                Weft.waitAllTasksBlocked();
                p.close();
            });
            assertThat(p.returnCode()).isZero();
        }
    }

    @WeftTest
    void aSecondReceiverIsBusy() throws Exception {
        try (WeftProcess p = Processes.open(List.of("cat"))) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> assertThat(p.stdout().receive()).isEqualTo(utf8("hi")));
                Weft.waitAllTasksBlocked();
                assertThatThrownBy(() -> p.stdout().receive())
                        .isInstanceOf(BusyResourceError.class)
                        .hasMessageContaining("standard output");
                p.stdin().send(utf8("hi"));
            });
            p.stdin().close();
            assertThat(p.waitFor()).isZero();
        }
    }

    // AnyIO: test_wait_returns_on_process_exit_with_open_stdout
    @WeftTest
    void waitForReturnsWhenTheChildExitsEvenIfAGrandchildHoldsItsStdout() throws Exception {
        // The shell starts a cat that inherits its stdout and stderr and reads its stdin (saved
        // as descriptor 3: a background command's stdin is the null device), then exits at once.
        try (WeftProcess p = Processes.openShell("exec 3<&0; cat <&3 &")) {
            assertThat(p.waitFor()).isZero();
            assertThat(p.returnCode()).isZero();
            // The grandchild reads the end of its input and exits: the JDK closes the process's
            // stdin when the process exits, so this close has nothing left to do.
            p.stdin().close();
            assertThat(readToEnd(p.stdout())).isEmpty();
            assertThat(readToEnd(p.stderr())).isEmpty();
        }
    }
}
