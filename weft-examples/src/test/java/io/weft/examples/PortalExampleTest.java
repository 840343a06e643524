package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The portal scenario: a plain thread runs three tasks through a portal and cancels one. */
class PortalExampleTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void threeTasksOneCancelledAndNothingLeftRunning(Backend backend) {
        List<String> lines = Output.of(PortalExample::run, backend);
        assertThat(lines)
                .containsExactly(
                        "a = alpha",
                        "b = beta",
                        "slow cancelled: true",
                        "slow task saw Cancelled: true",
                        "portal threads left: 0");
    }
}
