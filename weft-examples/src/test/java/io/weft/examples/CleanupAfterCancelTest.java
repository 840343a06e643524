package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S4 CleanupAfterCancel: a task started into a cancelled group still runs its cleanup. */
class CleanupAfterCancelTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTaskCancelledBeforeItRanStillClosesItsResource(Backend backend) {
        assertThat(Output.of(CleanupAfterCancel::run, backend)).containsExactly("closed");
    }
}
