package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pipeline: the end of the stream reaches the consumer once every clone of the senders is closed; a
 * consumer that closes its end stops the stages upstream, each learning exactly which item was not
 * delivered.
 */
class PipelineTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void closingCarriesTheEndOfTheStreamBothWays(Backend backend) {
        assertThat(Output.of(Pipeline::run, backend))
                .containsExactly(
                        "1. received [1, 4, 9, 16, 25], then the end of the stream",
                        "2. consumer: got 1",
                        "   consumer: got 4",
                        "   consumer: got 9",
                        "   consumer: enough, closing its end",
                        "   squarer: the consumer is gone, 16 was not delivered",
                        "   producer: the squarer is gone, 5 was not sent");
    }
}
