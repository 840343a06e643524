package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S11 MemoryStream: the consumer prints the ten items in order and stops at the end. */
class MemoryStreamTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theConsumerReceivesTheTenItemsInOrderAndTheLoopEnds(Backend backend) {
        // The same on every backend: one producer and one consumer over a rendezvous stream.
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            expected.add("received number " + n);
        }
        assertThat(Output.of(MemoryStream::run, backend)).containsExactlyElementsOf(expected);
    }
}
