package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The samples of docs/streams.md ({@link StreamsPage}), on every backend. */
class StreamsPageTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theConsumerReceivesEveryItemInOrder(Backend backend) throws Throwable {
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            expected.add("received number " + n);
        }
        assertThat(SystemOut.inRuntime(backend, StreamsPage::rendezvous))
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anItemHandedOverIsReceivedDespiteTheCancellation(Backend backend) throws Throwable {
        assertThat(SystemOut.inRuntime(backend, StreamsPage::valueNeverLost))
                .containsExactly("hello");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoConsumersShareTheItemsOfTwoProducers(Backend backend) throws Throwable {
        var lines = SystemOut.inRuntime(backend, StreamsPage::clones);
        assertThat(lines.stream().map(l -> l.substring(l.length() - 2)).toList())
                .containsExactlyInAnyOrder("A0", "A1", "B0", "B1");
        assertThat(lines).allMatch(l -> l.startsWith("X got ") || l.startsWith("Y got "));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void flowAdaptersCarryEveryItemBothWays(Backend backend) throws Throwable {
        var lines = SystemOut.inRuntime(backend, StreamsPage::flowAdapters);
        assertThat(lines)
                .containsExactlyInAnyOrder(
                        "subscriber got a",
                        "subscriber got b",
                        "subscriber done",
                        "stream got x",
                        "stream got y");
        assertThat(lines.indexOf("subscriber got a")).isLessThan(lines.indexOf("subscriber got b"));
        assertThat(lines.indexOf("stream got x")).isLessThan(lines.indexOf("stream got y"));
    }
}
