package io.weft.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 15: {@link Processes} and {@link ToProcess} need no JVM flags and print no warning on the
 * standard error when there are none. The suite's own JVM runs with Surefire's flags, so a child
 * JVM is started on the same class path with none at all; a restricted method (native access), an
 * illegal reflective access or {@code sun.misc.Unsafe} on their path would make the JDK print a
 * warning there.
 */
class NoJvmFlagsTest {
    // The backend plays no part in what the JDK warns about: one is enough for the child JVM.
    @WeftTest(backends = Backend.VIRTUAL)
    void processesAndToProcessPrintNothingOnStandardErrorWithoutJvmFlags() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName());
        CompletedProcess r =
                Processes.run(command, ProcessTesting.NO_INPUT.check(false).env(childEnv()));
        assertThat(r.stderrText()).as("the child's standard error").isEmpty();
        assertThat(r.returnCode()).isZero();
        // What it did, so that an early return cannot pass for silence.
        assertThat(r.stdoutText().lines().toList())
                .containsExactly("true exited 0", "ran in another JVM: true", "done");
    }

    /**
     * The environment without {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS}: flags the
     * test must not pass, and the JDK announces on the standard error ("Picked up ...").
     */
    private static Map<String, String> childEnv() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        return env;
    }

    /** Run in the child JVM: a subprocess and a function in a worker JVM. */
    static final class Main {
        private Main() {}

        /** Prints what happened on the standard output; a failure goes to the standard error. */
        public static void main(String[] args) throws Exception {
            long self = ProcessHandle.current().pid();
            Weft.run(() -> {
                CompletedProcess t = Processes.run(List.of("true"), ProcessTesting.NO_INPUT);
                System.out.println("true exited " + t.returnCode());
                long worker = ToProcess.runSync(() -> ProcessHandle.current().pid());
                System.out.println("ran in another JVM: " + (worker != self));
            });
            System.out.println("done");
        }
    }
}
