package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S9 Shielding: the shielded host finishes its sleep; the task it started is cancelled. */
class ShieldingTest {

    private static final String EXTERNAL_STARTED = "Started sleeping in the external task";

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theShieldProtectsTheHostButNotTheTaskItStarted(Backend backend) {
        List<String> lines = Output.of(Shielding::run, backend);
        if (backend == Backend.SERIAL) {
            // AnyIO's exact order: the external task, started into the cancelled group, runs only
            // once the host sleeps, and then up to its own (cancelled) sleep.
            assertThat(lines)
                    .containsExactly(
                            "Started sleeping in the host task",
                            EXTERNAL_STARTED,
                            "Finished sleeping in the host task");
        }
        assertThat(lines).doesNotContain("This line should never be seen");
        assertThat(lines.stream().filter(EXTERNAL_STARTED::equals).count()).isLessThanOrEqualTo(1);
        assertThat(lines.stream().filter(l -> !l.equals(EXTERNAL_STARTED)).toList())
                .containsExactly(
                        "Started sleeping in the host task", "Finished sleeping in the host task");
    }
}
