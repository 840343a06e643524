package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.testing.ScheduleTrace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S13 EventNotification: the host waiting on an event wakes when a child sets it. */
class EventNotificationTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theHostIsNotified(Backend backend) {
        assertThat(Output.of(EventNotification::run, backend))
                .containsExactly("Received notification!");
    }

    /**
     * AnyIO's order on SERIAL, which the one output line cannot show: the host parks in {@code
     * await()} before the notifier runs at all, the notifier sets the event and ends, and only then
     * does the host go on (a task woken by {@code set()} queues behind the running one).
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "SERIAL")
    void theHostWaitsBeforeTheNotifierRunsAndWakesAfterItEnds(Backend backend) {
        ScheduleTrace trace = new ScheduleTrace();
        assertThat(
                        Output.of(
                                EventNotification::run,
                                RunOptions.defaults().backend(backend).trace(trace)))
                .containsExactly("Received notification!");
        String host = "io.weft.examples.EventNotification.lambda#0";
        String notifier = "io.weft.examples.EventNotification.lambda#1";
        assertThat(trace.events())
                .containsExactly(
                        "- start -> " + host,
                        host + " wait -> " + notifier,
                        notifier + " end -> " + host,
                        host + " end -> (all blocked)");
    }
}
