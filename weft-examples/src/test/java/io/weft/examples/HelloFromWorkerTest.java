package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S17 HelloFromWorker: a named function in a worker JVM, which is gone after the run. */
class HelloFromWorkerTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theWorkerGreetsFromAnotherJvmAndIsGoneAfterTheRun(Backend backend) {
        List<String> lines =
                Output.of(
                        (options, out) -> {
                            try {
                                HelloFromWorker.run(options, out, Duration.ofMillis(100));
                            } catch (InterruptedException e) {
                                throw new AssertionError(e);
                            }
                        },
                        backend);
        assertThat(lines)
                .containsExactly(
                        "Hello, world!",
                        "The function ran in another JVM: true",
                        "The worker JVM is gone after Weft.run: true");
    }
}
