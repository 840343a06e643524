package io.weft.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;

/**
 * docs/testing.md's lost update, which some seeds find: it must fail, naming the seed. Not a test
 * class of the build (no name pattern of Surefire's matches it): {@code
 * TestingPageTest.seedsFindTheLostUpdate} runs it through the JUnit testkit and checks the failure.
 */
class LostUpdateSample {
    // region seeds
    @WeftTest(seeds = 100)
    void bothIncrementsCount() {
        int[] counter = {0};
        TaskGroup.run(tg -> {
            tg.startSoon(() -> increment(counter));
            tg.startSoon(() -> {
                Weft.checkpoint();
                Weft.checkpoint();
                increment(counter);
            });
        });
        assertEquals(2, counter[0]);
    }

    static void increment(int[] counter) {
        int read = counter[0];
        Weft.checkpoint();                  // another task may run here...
        counter[0] = read + 1;              // ...and its increment is lost
    }
    // endregion
}
