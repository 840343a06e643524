package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The samples of docs/threads.md ({@link ThreadsPage}), on every backend. */
class ThreadsPageTest {

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void blockingCallsRunInWorkerThreads(Backend backend) throws Throwable {
        Path file = Files.writeString(dir.resolve("data.txt"), "12345");
        assertThat(
                        SystemOut.inRuntime(
                                backend,
                                () ->
                                        ThreadsPage.toThread(
                                                file,
                                                new ThreadsPage.LegacyClient(),
                                                new ThreadsPage.Jdbc())))
                .containsExactly("sent GET /", "5 bytes");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWorkerSendsIntoAStreamThroughTheRuntime(Backend backend) throws Throwable {
        assertThat(
                        SystemOut.inRuntime(
                                backend,
                                () -> ThreadsPage.fromThread(new ThreadsPage.LegacyClient())))
                .containsExactly("line one", "line two", "line three");
    }

    @Test
    void aPlainThreadUsesAPortal() throws Throwable {
        var lines = SystemOut.of(ThreadsPage::portal);
        assertThat(lines).hasSize(3).contains("counted 3", "serving on 8080");
        assertThat(lines).anyMatch(l -> l.startsWith("work in "));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theChildAndTheWorkerSeeTheTaskLocal(Backend backend) throws Throwable {
        assertThat(SystemOut.inRuntime(backend, () -> ThreadsPage.handle("r-17")))
                .containsExactly("request r-17", "request r-17");
    }
}
