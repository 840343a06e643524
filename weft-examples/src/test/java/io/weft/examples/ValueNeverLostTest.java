package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.testing.ScheduleTrace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S3 ValueNeverLost: an item handed to a parked receiver survives the cancel that follows. */
class ValueNeverLostTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theReceiverPrintsTheItemAndNothingElse(Backend backend) {
        assertThat(Output.of(ValueNeverLost::run, backend)).containsExactly("hello");
    }

    /**
     * AnyIO's order on SERIAL: the receiver runs and parks in {@code receive()} while the host
     * waits for every task to block; the host hands it the item, cancels the group and waits for it
     * without the receiver having run in between; the receiver then prints, meets the cancellation
     * in its sleep and ends, and the host leaves the group.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "SERIAL")
    void theReceiverWakesWithTheItemOnlyAfterTheHostCancelled(Backend backend) {
        ScheduleTrace trace = new ScheduleTrace();
        assertThat(
                        Output.of(
                                ValueNeverLost::run,
                                RunOptions.defaults().backend(backend).trace(trace)))
                .containsExactly("hello");
        String host = "io.weft.examples.ValueNeverLost.lambda#0";
        String receiver = "io.weft.examples.ValueNeverLost.lambda#1";
        assertThat(trace.events())
                .containsExactly(
                        "- start -> " + host,
                        host + " wait -> " + receiver,
                        receiver + " wait -> " + host,
                        host + " wait -> " + receiver,
                        receiver + " end -> " + host,
                        host + " end -> (all blocked)");
    }
}
