package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.weft.Backend;
import io.weft.examples.IgnoredSignals;
import io.weft.examples.QuickStartTest;
import io.weft.process.ToProcessOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The samples of the pages with one or two each: README.md ({@link QuickStart}), backends.md,
 * observability.md, processes.md, signals.md and worker-processes.md.
 */
class SmallPagesTest {

    @Test
    void theReadmeQuickStartPrintsWhatTheReadmeSays() throws Throwable {
        QuickStartTest.assertPrintsWhatS1Prints(SystemOut.of(() -> QuickStart.main(new String[0])));
    }

    @Test
    void aRuntimeOnSerial() throws Throwable {
        assertThat(SystemOut.of(BackendsPage::serial)).containsExactly("running on SERIAL");
    }

    @Test
    void theInstrumentSeesTheWait() throws Throwable {
        assertThat(SystemOut.of(ObservabilityPage::instrument))
                .singleElement()
                .asString()
                .endsWith(" waits in io.weft.Weft.sleep");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void processesRunToTheirEndOrAreFedWhileRunning(Backend backend) throws Throwable {
        assertThat(SystemOut.inRuntime(backend, ProcessesPage::run))
                .containsExactly("40 apple pear ");
        assertThat(SystemOut.inRuntime(backend, ProcessesPage::open))
                .containsExactly("apple", "pear", "sort exited with 0");
    }

    @Test
    void hupReloadsAndTermStopsTheApplication() throws Throwable {
        assumeFalse(IgnoredSignals.ignored(1), "SIGHUP is ignored (nohup?)");
        assumeFalse(IgnoredSignals.ignored(15), "SIGTERM is ignored");
        assertThat(SystemOut.of(SignalsPage::receiving))
                .containsExactly("configuration reloaded", "stopped cleanly");
    }

    @TempDir Path dir;

    @Test
    void functionsRunInWorkerJvms() throws Throwable {
        assertThat(SystemOut.of(WorkerProcessesPage::primes)).containsExactly("348513");
        Path in = Files.writeString(dir.resolve("in.txt"), "text");
        String out = dir.resolve("out.txt").toString();
        WorkerProcessesPage.Scene scene = new WorkerProcessesPage.Scene("a cat");
        var page = new WorkerProcessesPage();
        assertThat(
                        SystemOut.inRuntime(
                                Backend.VIRTUAL,
                                () -> {
                                    WorkerProcessesPage.functions(in.toString(), scene, out);
                                    WorkerProcessesPage.namedClass();
                                    page.cancellable();
                                }))
                .containsExactly(
                        "text, a picture of a cat", "Hello, world!", "cancelled: true, best: -1");
        ToProcessOptions options = WorkerProcessesPage.options();
        assertThat(options.cancellable()).isTrue();
        assertThat(options.limiter().totalTokens()).isEqualTo(2.0);
    }
}
