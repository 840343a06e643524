package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The samples of docs/utilities.md, on virtual time, on every backend. */
class UtilitiesPageTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theFourShapesOfTasks(Backend backend) throws Throwable {
        assertThat(SystemOut.inVirtualTime(backend, UtilitiesPage::tasks))
                .containsExactly(
                        "[page /a, page /b, page /c] page /mirror-1 [7, 7, 7]",
                        "page /x",
                        "page /slow-one");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tenCallersOneComputation(Backend backend) throws Throwable {
        assertThat(SystemOut.inVirtualTime(backend, UtilitiesPage::tenTasksOneComputation))
                .containsExactly(
                        "reading /etc/hosts",
                        "CacheInfo[hits=9, misses=1, maxSize=1000, currSize=1, ttl=PT5M]");
    }
}
