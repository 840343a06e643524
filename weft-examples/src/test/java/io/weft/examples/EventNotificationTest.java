package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
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
}
