package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.weft.junit.WeftTest;
import io.weft.testing.ScheduleTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** A planted race is found by @WeftTest(seeds = 100), and the seed it prints replays it. */
class PlantedRaceTest {

    /**
     * Two tasks increment a shared counter without a lock, by {@code read; checkpoint; write}: the
     * race. The second task first passes two checkpoints, so plain FIFO order happens to miss it.
     */
    static int racyIncrements() {
        int[] counter = {0};
        TaskGroup.run(tg -> {
            tg.startSoon("first", () -> increment(counter));
            tg.startSoon(
                    "second",
                    () -> {
                        Weft.checkpoint();
                        Weft.checkpoint();
                        increment(counter);
                    });
        });
        return counter[0];
    }

    private static void increment(int[] counter) {
        int read = counter[0];
        Weft.checkpoint();
        counter[0] = read + 1;
    }

    /** Not run on its own (nested classes are excluded by Surefire); run through the test kit. */
    static class Samples {
        @WeftTest(seeds = 100)
        void counterIsRaceFree() {
            assertThat(racyIncrements()).as("the counter after two increments").isEqualTo(2);
        }
    }

    private static final Pattern DISPLAY = Pattern.compile("\\[SERIAL seed=(-?\\d+)]");

    private record Outcome(long seed, Throwable failure) {}

    /** Runs the 100 seeded invocations through the JUnit engine. */
    private static List<Outcome> runSeeds() {
        Events events =
                EngineTestKit.engine("junit-jupiter")
                        .selectors(selectMethod(Samples.class, "counterIsRaceFree"))
                        .execute()
                        .testEvents();
        events.assertStatistics(s -> s.started(100).finished(100));
        List<Outcome> out = new ArrayList<>();
        for (Event e : events.finished().list()) {
            Matcher m = DISPLAY.matcher(e.getTestDescriptor().getDisplayName());
            assertThat(m.matches()).as(e.getTestDescriptor().getDisplayName()).isTrue();
            TestExecutionResult result = e.getPayload(TestExecutionResult.class).orElseThrow();
            out.add(new Outcome(Long.parseLong(m.group(1)), result.getThrowable().orElse(null)));
        }
        return out;
    }

    /** Runs the racy program on SERIAL with {@code seed} as the seeded invocation does. */
    private static void replay(long seed, ScheduleTrace trace) {
        Weft.run(
                RunOptions.defaults().backend(Backend.SERIAL).seed(seed).trace(trace),
                () -> {
                    assertThat(racyIncrements())
                            .as("the counter after two increments")
                            .isEqualTo(2);
                });
    }

    @Test
    void plainFifoOrderMissesTheRace() {
        int n = Weft.run(RunOptions.defaults().backend(Backend.SERIAL), () -> racyIncrements());
        assertThat(n).isEqualTo(2);
    }

    @Test
    void seedsFindTheRaceAndEachFailureNamesItsSeed() {
        List<Outcome> outcomes = runSeeds();
        List<Outcome> failed = outcomes.stream().filter(o -> o.failure() != null).toList();
        assertThat(failed).as("seeds that found the race").isNotEmpty();
        assertThat(outcomes.size() - failed.size()).as("seeds that missed it").isPositive();
        for (Outcome o : failed) {
            assertThat(o.failure())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(
                            "failed with seed "
                                    + o.seed()
                                    + "; replay with @WeftTest(seed = "
                                    + o.seed()
                                    + "L)");
            // The lost update itself is the cause, with its own message and stack.
            assertThat(o.failure().getCause())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the counter after two increments")
                    .hasMessageContaining("expected: 2")
                    .hasMessageContaining("but was: 1");
        }
        // Every run of the suite tries the same seeds and finds the same failures.
        assertThat(runSeeds())
                .extracting(o -> o.seed() + (o.failure() == null ? " passed" : " failed"))
                .isEqualTo(
                        outcomes.stream()
                                .map(o -> o.seed() + (o.failure() == null ? " passed" : " failed"))
                                .toList());
    }

    @Test
    void thePrintedSeedReplaysTheRaceTheSameWay() {
        List<Outcome> outcomes = runSeeds();
        for (Outcome o : outcomes) {
            ScheduleTrace first = new ScheduleTrace();
            ScheduleTrace second = new ScheduleTrace();
            if (o.failure() == null) {
                replay(o.seed(), first);
                replay(o.seed(), second);
            } else {
                String message = o.failure().getCause().getMessage();
                assertThatThrownBy(() -> replay(o.seed(), first))
                        .as("replaying seed %d", o.seed())
                        .isInstanceOf(AssertionError.class)
                        .hasMessage(message);
                assertThatThrownBy(() -> replay(o.seed(), second))
                        .isInstanceOf(AssertionError.class)
                        .hasMessage(message);
            }
            assertThat(second.events()).isNotEmpty().isEqualTo(first.events());
        }
    }
}
