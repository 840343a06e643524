package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.Weft;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The samples of docs/cancellation.md ({@link CancellationPage}), on every backend. */
class CancellationPageTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aScopeCancelledByAnotherTaskSwallowsItsCancellation(Backend backend) throws Throwable {
        assertThat(SystemOut.inVirtualTime(backend, CancellationPage::cancelScopes))
                .containsExactly("true");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyBodyShapeRunsAndTheBlockingPollIsInterrupted(Backend backend) throws Throwable {
        // The poll's take() is interrupted at the 200 ms deadline: not on SERIAL, where a task
        // blocked outside Weft holds the runtime, but a deadline still reaches it by interrupt.
        assertThat(SystemOut.inRuntime(backend, () -> new CancellationPage().timeouts()))
                .containsExactly(
                        "uploaded report.pdf", "flushed", "page /index.html, moved on: true");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theShieldedCleanupWaitsInACancelledTask(Backend backend) throws Throwable {
        var page = new CancellationPage();
        var connection = new CancellationPage.Connection();
        assertThat(
                        SystemOut.inRuntime(
                                backend,
                                () ->
                                        Weft.moveOnAfter(
                                                Duration.ofMillis(1),
                                                () -> page.shielding(connection))))
                .containsExactly("closed politely");
    }
}
