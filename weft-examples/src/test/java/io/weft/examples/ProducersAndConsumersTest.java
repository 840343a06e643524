package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S12 ProducersAndConsumers: each of the six items reaches exactly one consumer; both end. */
class ProducersAndConsumersTest {

    private static final Pattern LINE =
            Pattern.compile("consumer ([XY]) received '(\\d) from producer ([AB])'");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyItemIsReceivedOnceAndTheProgramEnds(Backend backend) {
        List<String> lines = Output.of(ProducersAndConsumers::run, backend);
        if (backend == Backend.SERIAL) {
            // AnyIO's exact output (asyncio): the consumers take turns, X getting A's items and Y
            // getting B's, as the four tasks run in the order they were started.
            assertThat(lines)
                    .containsExactly(
                            "consumer X received '0 from producer A'",
                            "consumer Y received '0 from producer B'",
                            "consumer X received '1 from producer A'",
                            "consumer Y received '1 from producer B'",
                            "consumer X received '2 from producer A'",
                            "consumer Y received '2 from producer B'");
        }
        List<String> items = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("line '%s'", line).isTrue();
            items.add(m.group(2) + m.group(3));
        }
        assertThat(items).containsExactlyInAnyOrder("0A", "1A", "2A", "0B", "1B", "2B");
        // Each consumer sees each producer's items in the order they were sent.
        for (String consumer : List.of("X", "Y")) {
            for (String producer : List.of("A", "B")) {
                List<Integer> numbers = new ArrayList<>();
                for (String line : lines) {
                    Matcher m = LINE.matcher(line);
                    if (m.matches() && m.group(1).equals(consumer) && m.group(3).equals(producer)) {
                        numbers.add(Integer.parseInt(m.group(2)));
                    }
                }
                assertThat(numbers).isSorted();
            }
        }
    }
}
