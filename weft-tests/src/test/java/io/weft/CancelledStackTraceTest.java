package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import io.weft.process.CompletedProcess;
import io.weft.process.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a {@link Cancelled} has a stack trace: only with assertions enabled for Weft (as in this
 * test run), unless the system property {@code weft.cancelledStackTraces} says otherwise; checked
 * in this JVM and in child JVMs started with and without {@code -ea} and the property.
 */
class CancelledStackTraceTest {

    @WeftTest
    void theChoiceFollowsThePropertyThenTheAssertionStatus() {
        assertThat(Cancelled.stackTraces(null, true)).isTrue();
        assertThat(Cancelled.stackTraces(null, false)).isFalse();
        assertThat(Cancelled.stackTraces("auto", true)).isTrue();
        assertThat(Cancelled.stackTraces("auto", false)).isFalse();
        assertThat(Cancelled.stackTraces("true", false)).isTrue();
        assertThat(Cancelled.stackTraces("false", true)).isFalse();
        assertThatThrownBy(() -> Cancelled.stackTraces("yes", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weft.cancelledStackTraces")
                .hasMessageContaining("'yes'");
    }

    /** This test run enables assertions (Surefire's default), so a Cancelled has its trace. */
    @WeftTest
    void withAssertionsEnabledACancelledHasItsStackTrace() {
        assertThat(Cancelled.class.desiredAssertionStatus()).isTrue();
        assertThat(Cancelled.hasStackTraces()).isTrue();
        assertThat(caughtCancelled().getStackTrace()).isNotEmpty();
    }

    // The backend plays no part in the choice: one is enough for the four child JVMs.
    @WeftTest(backends = Backend.VIRTUAL)
    void aChildJvmHasStackTracesOnlyWhenAssertionsOrThePropertySaySo() throws IOException {
        assertThat(childReport()).isEqualTo("no stack trace");
        assertThat(childReport("-ea")).isEqualTo("stack trace");
        assertThat(childReport("-Dweft.cancelledStackTraces=true")).isEqualTo("stack trace");
        assertThat(childReport("-ea", "-Dweft.cancelledStackTraces=false"))
                .isEqualTo("no stack trace");
    }

    private static String childReport(String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        CompletedProcess r = Processes.run(command);
        return r.stdoutText().strip();
    }

    private static Cancelled caughtCancelled() {
        AtomicReference<Cancelled> caught = new AtomicReference<>();
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            s.cancel();
            try {
                Weft.checkpoint();
            } catch (Cancelled c) {
                caught.set(c);
                throw c;
            }
        });
        assertThat(scope.cancelledCaught()).isTrue();
        return caught.get();
    }

    /** Run in a child JVM: says whether a Cancelled caught there has a stack trace. */
    static final class Main {
        private Main() {}

        /** Prints "stack trace" or "no stack trace". */
        public static void main(String[] args) {
            Cancelled c = Weft.run(() -> caughtCancelled());
            System.out.println(c.getStackTrace().length > 0 ? "stack trace" : "no stack trace");
        }
    }
}
