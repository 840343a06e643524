package io.weft.process;

import static io.weft.process.ProcessTesting.children;
import static io.weft.process.ProcessTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.NoRuntimeError;
import io.weft.junit.WeftTest;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the process API: each is rejected before anything is started, with an exception that
 * says what was wrong. Nulls with a message saying what to pass are in {@code
 * NullArgumentMessageTest}.
 *
 * <p>Ports of AnyIO's {@code tests/test_subprocesses.py}: {@code test_stdin_input_both_passed}.
 */
class ProcessBadInputTest {

    private static void rejected(ThrowingCallable call, String... parts) {
        var thrown = assertThatThrownBy(call).isExactlyInstanceOf(IllegalArgumentException.class);
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }

    @WeftTest
    void anEmptyCommandOrANullElementIsRejected() {
        rejected(() -> Processes.run(List.of()), "the command is empty");
        rejected(() -> Processes.open(List.of()), "the command is empty");
        rejected(() -> Processes.run(Arrays.asList("echo", null)), "element 1", "is null");
        rejected(() -> Processes.open(Arrays.asList((String) null)), "element 0", "is null");
        rejected(() -> Processes.run(List.of("", "x")), "program name", "empty");
        assertThat(children()).isEmpty();
    }

    @WeftTest
    void aBlankShellCommandIsRejected() {
        rejected(() -> Processes.runShell(""), "blank");
        rejected(() -> Processes.runShell(" \t\n"), "blank");
        rejected(() -> Processes.openShell("  "), "blank");
        rejected(() -> Processes.openShell("", ProcessOptions.defaults()), "blank");
    }

    // AnyIO: test_stdin_input_both_passed ("only one of")
    @WeftTest
    void inputAndStdinExcludeEachOtherAndTheMessageNamesBoth() {
        File f = new File("/dev/null");
        rejected(
                () -> ProcessOptions.defaults().input(utf8("abc")).stdin(Redirect.from(f)),
                "only one of stdin and input");
        rejected(
                () -> ProcessOptions.defaults().stdin(Redirect.from(f)).input(utf8("abc")),
                "only one of stdin and input");
        rejected(
                () -> ProcessOptions.defaults().stdin(Redirect.PIPE).input(new byte[0]),
                "only one of stdin and input");
    }

    @WeftTest
    void inputIsForRunOnly() {
        rejected(
                () -> Processes.open(List.of("cat"), ProcessOptions.defaults().input(utf8("x"))),
                "input is only for Processes.run",
                "stdin()");
        rejected(
                () -> Processes.openShell("cat", ProcessOptions.defaults().input(utf8("x"))),
                "input is only for Processes.run");
        assertThat(children()).isEmpty();
    }

    @WeftTest
    void redirectsInTheWrongDirectionAreRejected() {
        File f = new File("/tmp/weft-never-created");
        rejected(() -> ProcessOptions.defaults().stdin(Redirect.to(f)), "stdin cannot", "from");
        rejected(() -> ProcessOptions.defaults().stdin(Redirect.appendTo(f)), "stdin cannot");
        rejected(() -> ProcessOptions.defaults().stdout(Redirect.from(f)), "stdout cannot");
        rejected(() -> ProcessOptions.defaults().stderr(Redirect.from(f)), "stderr cannot");
        assertThat(f).doesNotExist();
    }

    @WeftTest
    void badEnvironmentVariablesAreRejected() {
        rejected(() -> ProcessOptions.defaults().env(Map.of("A=B", "x")), "'A=B'", "name");
        rejected(() -> ProcessOptions.defaults().extendEnv(Map.of("", "x")), "name");
        rejected(() -> ProcessOptions.defaults().env(Map.of("A", "x\0y")), "A", "NUL");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("A", null);
        rejected(() -> ProcessOptions.defaults().extendEnv(nullValue), "null name or value");
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "x");
        rejected(() -> ProcessOptions.defaults().env(nullName), "null name or value");
    }

    @WeftTest
    void aBadSignalIsRejectedAndTheProcessIsUntouched() throws Exception {
        try (WeftProcess p = Processes.open(List.of("cat"))) {
            rejected(() -> p.sendSignal(0), "1 to 64", "was 0");
            rejected(() -> p.sendSignal(65), "1 to 64", "was 65");
            rejected(() -> p.sendSignal(-9), "1 to 64");
            rejected(() -> p.sendSignal("NOPE"), "'NOPE' is not a signal name", "HUP");
            rejected(() -> p.sendSignal("SIG"), "not a signal name");
            rejected(() -> p.sendSignal(""), "not a signal name");
            assertThat(p.returnCode()).isNull();
            p.stdin().close();
            assertThat(p.waitFor()).isZero();
        }
    }

    @Test
    void outsideARuntimeEveryCallIsNoRuntimeError() {
        assertThatThrownBy(() -> Processes.run(List.of("true"))).isInstanceOf(NoRuntimeError.class);
        assertThatThrownBy(() -> Processes.runShell("true")).isInstanceOf(NoRuntimeError.class);
        assertThatThrownBy(() -> Processes.open(List.of("true")))
                .isInstanceOf(NoRuntimeError.class);
        assertThatThrownBy(() -> Processes.openShell("true")).isInstanceOf(NoRuntimeError.class);
        assertThat(children()).isEmpty();
    }
}
