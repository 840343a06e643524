package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.testing.MockClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S13 ConditionExample: six listeners woken one, two, then all, in the order they waited. */
class ConditionExampleTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theListenersWakeInTheOrderTheyWaited(Backend backend) {
        MockClock clock = new MockClock().autojumpThreshold(Duration.ZERO);
        List<Integer> waits = new ArrayList<>();
        List<String> lines =
                Output.of(
                        (options, out) -> ConditionExample.run(options, out, waits),
                        RunOptions.defaults().backend(backend).clock(clock));
        assertThat(waits).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        List<String> inWaitOrder = waits.stream().map(n -> "Woke up task number " + n).toList();
        if (backend == Backend.SERIAL) {
            // AnyIO's exact order: the listeners wait in the order they were started and wake in
            // that order, those signalled together re-acquiring the lock first come first served.
            assertThat(waits).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(lines).containsExactlyElementsOf(inWaitOrder);
        }
        // In parallel: each signal wakes the longest-waiting listeners (1, then 2, then the other
        // 3); those woken by the same signal race for the lock, so only the groups are ordered.
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(0, 1)).containsExactlyElementsOf(inWaitOrder.subList(0, 1));
        assertThat(lines.subList(1, 3))
                .containsExactlyInAnyOrderElementsOf(inWaitOrder.subList(1, 3));
        assertThat(lines.subList(3, 6))
                .containsExactlyInAnyOrderElementsOf(inWaitOrder.subList(3, 6));
        assertThat(Duration.ofNanos(clock.now())).isEqualTo(Duration.ofSeconds(3));
    }
}
