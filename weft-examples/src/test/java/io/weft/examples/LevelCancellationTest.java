package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S2 LevelCancellation: a swallowed cancellation does not let the task wait again. */
class LevelCancellationTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theSleepAfterASwallowedCancellationIsCancelledToo(Backend backend) {
        // With edge-triggered cancellation the task would sleep forever and the run never end.
        assertThat(Output.of(LevelCancellation::run, backend)).containsExactly("done");
    }
}
