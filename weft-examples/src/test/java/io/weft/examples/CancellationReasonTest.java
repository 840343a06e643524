package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S10 CancellationReason: the Cancelled message names the reason and the cancelling task. */
class CancellationReasonTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theMessageHoldsTheFirstReasonAndTheCancellingTask(Backend backend) {
        List<String> lines =
                Output.of(
                        CancellationReason::run,
                        RunOptions.defaults().backend(backend).rootTaskName("main"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .contains("Testing cancellation")
                .contains("task 'main'")
                .doesNotContain("Another reason");
        assertThat(lines.get(1)).isEqualTo("cancelled caught: true");
    }
}
