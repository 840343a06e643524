package io.weft.process;

import static io.weft.process.ProcessTesting.NO_INPUT;
import static io.weft.process.ProcessTesting.children;
import static io.weft.process.ProcessTesting.deleteDir;
import static io.weft.process.ProcessTesting.sh;
import static io.weft.process.ProcessTesting.tempDir;
import static io.weft.process.ProcessTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.CancelScope;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code Processes.run} and {@code runShell}: input, output, exit status, {@code check}, the
 * options, large outputs and inputs, cancellation. On every backend.
 *
 * <p>Ports of AnyIO's {@code tests/test_subprocesses.py}: {@code test_run_process} (shell and exec,
 * with {@code rev} instead of a Python one-liner), {@code test_run_process_checked}, {@code
 * test_process_cwd}, {@code test_process_env}, {@code test_process_new_session_sid}, {@code
 * test_run_process_connect_to_file}, and {@code test_run_process_inherit_stdout} in part (the
 * standard error only: Surefire's fork talks to Maven through the JVM's standard output, so a test
 * must not let a child write to it, and a JVM cannot capture its own descriptor 2 as pytest's
 * {@code capfd} does; the test checks that an inherited stream is not captured). {@code
 * test_stdin_input_both_passed} is in {@link ProcessBadInputTest}; the tests of open processes are
 * in {@link WeftProcessTest}.
 *
 * <p>Not applicable: {@code test_user_group_arguments} ({@code user}, {@code group}, {@code umask}:
 * the JDK's {@code ProcessBuilder} cannot set them, so {@code ProcessOptions} has no such options)
 * and {@code test_arguments_passed_through} (it mocks the backend's {@code open_process} to check
 * that every keyword reaches it; Weft has one implementation, and the tests below check that each
 * option reaches the child).
 */
class ProcessesTest {

    // AnyIO: test_run_process[exec]
    @WeftTest
    void runFeedsTheInputAndReturnsTheOutput() throws Exception {
        CompletedProcess r =
                Processes.run(List.of("rev"), ProcessOptions.defaults().input(utf8("abc\n")));
        assertThat(r.returnCode()).isZero();
        assertThat(r.stdoutText()).isEqualTo("cba\n");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.args()).containsExactly("rev");
    }

    // AnyIO: test_run_process[shell]
    @WeftTest
    void runShellRunsTheCommandLineThroughTheShell() throws Exception {
        CompletedProcess r =
                Processes.runShell(
                        "rev | tr a-z A-Z", ProcessOptions.defaults().input(utf8("abc\n")));
        assertThat(r.returnCode()).isZero();
        assertThat(r.stdoutText()).isEqualTo("CBA\n");
        assertThat(r.args()).containsExactly("/bin/sh", "-c", "rev | tr a-z A-Z");
    }

    // AnyIO: test_run_process_checked
    @WeftTest
    void aNonZeroExitIsACalledProcessErrorCarryingTheCommandStatusAndOutput() {
        String script = "echo stdout-text; echo stderr-text >&2; exit 1";
        Throwable thrown = catchThrowable(() -> Processes.runShell(script, NO_INPUT));
        assertThat(thrown).isInstanceOf(CalledProcessError.class).isInstanceOf(IOException.class);
        CalledProcessError e = (CalledProcessError) thrown;
        assertThat(e.returnCode()).isEqualTo(1);
        assertThat(e.command()).isEqualTo(sh(script));
        assertThat(new String(e.stdout(), StandardCharsets.UTF_8)).isEqualTo("stdout-text\n");
        assertThat(new String(e.stderr(), StandardCharsets.UTF_8)).isEqualTo("stderr-text\n");
        assertThat(e.getMessage())
                .contains("returned non-zero exit status 1")
                .contains(script)
                .contains("stderr-text");
    }

    @WeftTest
    void withoutCheckANonZeroExitIsReturnedAndCheckReturnCodeThrowsLater() throws Exception {
        CompletedProcess r = Processes.runShell("echo out; exit 255", NO_INPUT.check(false));
        assertThat(r.returnCode()).isEqualTo(255);
        assertThat(r.stdoutText()).isEqualTo("out\n");
        Throwable e = catchThrowable(r::checkReturnCode);
        assertThat(e).isInstanceOf(CalledProcessError.class);
        assertThat(((CalledProcessError) e).returnCode()).isEqualTo(255);
        assertThat(((CalledProcessError) e).stdout()).isEqualTo(r.stdout());
        Processes.run(List.of("true")).checkReturnCode(); // status 0: nothing thrown
    }

    /** The JDK's convention, as a shell reports it: 128 + n for signal n (Python: -n). */
    @WeftTest
    void aProcessEndedBySignalNHasStatus128PlusN() throws Exception {
        assertThat(Processes.runShell("kill -KILL $$", NO_INPUT.check(false)).returnCode())
                .isEqualTo(128 + 9);
        assertThat(Processes.runShell("kill -TERM $$", NO_INPUT.check(false)).returnCode())
                .isEqualTo(128 + 15);
    }

    // AnyIO: test_process_cwd
    @WeftTest
    void cwdIsTheChildsWorkingDirectory() throws Exception {
        Path dir = tempDir();
        try {
            CompletedProcess r = Processes.run(List.of("pwd", "-P"), NO_INPUT.cwd(dir));
            assertThat(r.stdoutText().strip()).isEqualTo(dir.toRealPath().toString());
        } finally {
            deleteDir(dir);
        }
    }

    // AnyIO: test_process_env
    @WeftTest
    void envIsTheChildsWholeEnvironment() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("foo", "bar");
        CompletedProcess r = Processes.runShell("echo \"$foo\"", NO_INPUT.env(env));
        assertThat(r.stdoutText()).isEqualTo("bar\n");

        // Replaced, not added to: env prints exactly what it was given.
        CompletedProcess only =
                Processes.run(List.of("/usr/bin/env"), NO_INPUT.env(Map.of("ONLY", "this")));
        assertThat(only.stdoutText()).isEqualTo("ONLY=this\n");
    }

    @WeftTest
    void extendEnvAddsToTheJvmsEnvironmentOrToTheGivenOne() throws Exception {
        String path = System.getenv("PATH");
        CompletedProcess r =
                Processes.runShell(
                        "echo \"$WEFT_A|$WEFT_B|$PATH\"",
                        NO_INPUT.extendEnv(Map.of("WEFT_A", "1")).extendEnv(Map.of("WEFT_B", "2")));
        assertThat(r.stdoutText()).isEqualTo("1|2|" + path + "\n");

        CompletedProcess replaced =
                Processes.runShell(
                        "echo \"$PATH\"", NO_INPUT.extendEnv(Map.of("PATH", "/nowhere")));
        assertThat(replaced.stdoutText()).isEqualTo("/nowhere\n");

        CompletedProcess both =
                Processes.run(
                        List.of("/usr/bin/env"),
                        NO_INPUT.env(Map.of("A", "1", "B", "old")).extendEnv(Map.of("B", "2")));
        assertThat(both.stdoutText().lines().sorted()).containsExactly("A=1", "B=2");
    }

    // AnyIO: test_process_new_session_sid
    @WeftTest
    void startNewSessionGivesTheChildItsOwnSession() throws Exception {
        String jvm = String.valueOf(ProcessHandle.current().pid());
        String jvmSid =
                Processes.run(List.of("ps", "-o", "sid=", "-p", jvm), NO_INPUT)
                        .stdoutText()
                        .strip();
        assertThat(jvmSid).isNotEmpty();
        String sameSid = Processes.runShell("ps -o sid= -p $$", NO_INPUT).stdoutText().strip();
        assertThat(sameSid).isEqualTo(jvmSid);
        CompletedProcess own =
                Processes.runShell("ps -o sid= -p $$", NO_INPUT.startNewSession(true));
        assertThat(own.stdoutText().strip()).isNotEmpty().isNotEqualTo(jvmSid);
        // The shell leads its new session: its session id is its own pid.
        CompletedProcess leader =
                Processes.runShell(
                        "test \"$(ps -o sid= -p $$ | tr -d ' ')\" = $$ && echo leader",
                        NO_INPUT.startNewSession(true));
        assertThat(leader.stdoutText()).isEqualTo("leader\n");
    }

    // AnyIO: test_run_process_connect_to_file
    @WeftTest
    void theStreamsCanBeFiles() throws Exception {
        Path dir = tempDir();
        try {
            File in = dir.resolve("stdin").toFile();
            File out = dir.resolve("stdout").toFile();
            File err = dir.resolve("stderr").toFile();
            Files.writeString(in.toPath(), "Hello, process!\n");
            CompletedProcess r =
                    Processes.runShell(
                            "read txt; echo \"stdin says '$txt' but stderr says NO!\" >&2;"
                                    + " echo \"stdin says '$txt' and stdout says YES!\"",
                            ProcessOptions.defaults()
                                    .stdin(Redirect.from(in))
                                    .stdout(Redirect.to(out))
                                    .stderr(Redirect.to(err)));
            assertThat(r.stdout()).as("not piped").isNull();
            assertThat(r.stderr()).as("not piped").isNull();
            assertThat(Files.readString(out.toPath()))
                    .isEqualTo("stdin says 'Hello, process!' and stdout says YES!\n");
            assertThat(Files.readString(err.toPath()))
                    .isEqualTo("stdin says 'Hello, process!' but stderr says NO!\n");

            Processes.runShell("echo appended", NO_INPUT.stdout(Redirect.appendTo(out)));
            assertThat(Files.readString(out.toPath()))
                    .isEqualTo("stdin says 'Hello, process!' and stdout says YES!\nappended\n");
        } finally {
            deleteDir(dir);
        }
    }

    @WeftTest
    void discardedStreamsAreNotCaptured() throws Exception {
        CompletedProcess r =
                Processes.runShell(
                        "echo out; echo err >&2",
                        NO_INPUT.stdout(Redirect.DISCARD).stderr(Redirect.DISCARD));
        assertThat(r.returnCode()).isZero();
        assertThat(r.stdout()).isNull();
        assertThat(r.stderr()).isNull();
        // A discarded input is the null device: cat reads its end at once.
        assertThat(Processes.run(List.of("cat"), NO_INPUT).stdout()).isEmpty();
    }

    // AnyIO: test_run_process_inherit_stdout, for the standard error of a quiet command only
    @WeftTest
    void anInheritedStreamIsNotCaptured() throws Exception {
        CompletedProcess r = Processes.run(List.of("true"), NO_INPUT.stderr(Redirect.INHERIT));
        assertThat(r.returnCode()).isZero();
        assertThat(r.stderr()).isNull();
        assertThat(r.stdout()).isEmpty();
    }

    @WeftTest
    void stderrToStdoutMergesTheStreamsInTheOrderWritten() throws Exception {
        CompletedProcess r =
                Processes.runShell("echo one; echo two >&2; echo three", NO_INPUT.stderrToStdout());
        assertThat(r.stdoutText()).isEqualTo("one\ntwo\nthree\n");
        assertThat(r.stderr()).isNull();
        assertThat(r.stderrText()).isNull();
        // A later stderr(...) replaces the merge.
        CompletedProcess apart =
                Processes.runShell(
                        "echo one; echo two >&2", NO_INPUT.stderrToStdout().stderr(Redirect.PIPE));
        assertThat(apart.stdoutText()).isEqualTo("one\n");
        assertThat(apart.stderrText()).isEqualTo("two\n");
    }

    /**
     * A child that fills its standard error before it writes its standard output, and one that does
     * the opposite: a {@code run} that read one stream to its end before the other would deadlock
     * with one of them. All 10 MB of each arrive.
     */
    @WeftTest
    void tenMegabytesOnBothOutputsInEitherOrderDoNotDeadlock() throws Exception {
        int n = 10 << 20;
        String out = "yes out | head -c " + n;
        String err = "yes err | head -c " + n + " >&2";
        for (String script : List.of(err + "; " + out, out + "; " + err)) {
            CompletedProcess r = Processes.runShell(script, NO_INPUT);
            assertThat(r.stdout()).hasSize(n);
            assertThat(r.stderr()).hasSize(n);
            assertThat(r.stdout()).isEqualTo(repeated("out\n", n));
            assertThat(r.stderr()).isEqualTo(repeated("err\n", n));
        }
    }

    /** {@code n} bytes of {@code unit} repeated (what {@code yes} writes). */
    private static byte[] repeated(String unit, int n) {
        byte[] u = utf8(unit);
        byte[] all = new byte[n];
        for (int i = 0; i < n; i++) {
            all[i] = u[i % u.length];
        }
        return all;
    }

    /**
     * {@code cat} writes what it reads while it reads it, so 10 MB through it need the input fed
     * while its output is drained.
     */
    @WeftTest
    void tenMegabytesOfInputAreFedWhileTheOutputIsDrained() throws Exception {
        byte[] data = new byte[10 << 20];
        new SplittableRandom(15).nextBytes(data);
        CompletedProcess r = Processes.run(List.of("cat"), ProcessOptions.defaults().input(data));
        assertThat(r.stdout().length).isEqualTo(data.length);
        assertThat(Arrays.equals(r.stdout(), data)).as("the bytes, in order").isTrue();
    }

    /** Input that the child never reads: the feeder meets a closed pipe, which is not an error. */
    @WeftTest
    void inputTheChildDoesNotReadIsNoError() throws Exception {
        CompletedProcess r =
                Processes.run(List.of("true"), ProcessOptions.defaults().input(new byte[1 << 20]));
        assertThat(r.returnCode()).isZero();
        CompletedProcess empty =
                Processes.run(List.of("cat"), ProcessOptions.defaults().input(new byte[0]));
        assertThat(empty.stdout()).isEmpty();
    }

    @WeftTest
    void aMissingExecutableIsAnIOExceptionNamingIt() {
        String name = "weft-no-such-program-4711";
        assertThat(catchThrowable(() -> Processes.run(List.of(name, "arg"))))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(CalledProcessError.class)
                .hasMessageContaining(name);
        assertThat(catchThrowable(() -> Processes.run(List.of("/nonexistent/dir/" + name))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(name);
        assertThat(catchThrowable(() -> Processes.open(List.of(name))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(name);
        assertThat(children()).isEmpty();
    }

    /**
     * A run cancelled while it waits for its process kills the process and waits for it to be gone
     * before it throws: no child of the JVM is left. The process ignores SIGTERM, so only a kill
     * ends it.
     */
    @WeftTest
    void aCancelledRunKillsItsProcessBeforeItReturns() throws Exception {
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked(); // the run waits: for the start, output or exit
                scope.cancel();
            });
            scope.run(() -> Processes.runShell("trap '' TERM; exec sleep 30", NO_INPUT));
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(children()).isEmpty();
    }

    /** A run cancelled before it starts starts nothing. */
    @WeftTest
    void aRunInACancelledScopeStartsNothing() throws Exception {
        Path dir = tempDir();
        try {
            Path marker = dir.resolve("ran");
            CancelScope scope = new CancelScope();
            scope.cancel();
            scope.run(() -> Processes.run(List.of("touch", marker.toString()), NO_INPUT));
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(marker).doesNotExist();
        } finally {
            deleteDir(dir);
        }
    }

    /** A run cancelled while its input is being fed to a child that does not read it. */
    @WeftTest
    void aRunCancelledWhileFeedingItsInputKillsTheProcess() throws Exception {
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                scope.cancel();
            });
            // 1 MB into a pipe of 64 KiB that nobody reads: the feeder blocks until the kill.
            scope.run(() ->
                    Processes.run(
                            List.of("sleep", "30"),
                            ProcessOptions.defaults().input(new byte[1 << 20])));
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(children()).isEmpty();
    }

    @WeftTest
    void theRecordComparesContents() throws Exception {
        CompletedProcess a = Processes.run(List.of("echo", "x"), NO_INPUT);
        CompletedProcess b = Processes.run(List.of("echo", "x"), NO_INPUT);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString())
                .isEqualTo(
                        "CompletedProcess[args=[echo, x], returnCode=0, stdout=2 bytes, stderr=0"
                                + " bytes]");
        assertThat(a.stdoutText()).isEqualTo("x\n");
        assertThat(a.stderrText()).isEmpty();
    }
}
