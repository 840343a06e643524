package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Backend;
import io.weft.RunOptions;
import org.junit.jupiter.api.Test;

/** Examples.options: the programs' command line (an optional backend name). */
class ExamplesTest {

    @Test
    void noArgumentMeansTheDefaults() {
        assertThat(Examples.options(new String[0])).isSameAs(RunOptions.defaults());
    }

    @Test
    void theArgumentNamesTheBackendInAnyCase() {
        assertThat(Examples.options(new String[] {"PLATFORM"}).backend())
                .isEqualTo(Backend.PLATFORM);
        assertThat(Examples.options(new String[] {"platform"}).backend())
                .isEqualTo(Backend.PLATFORM);
        assertThat(Examples.options(new String[] {"Virtual"}).backend()).isEqualTo(Backend.VIRTUAL);
    }

    @Test
    void anUnknownBackendIsRejectedWithTheListOfBackends() {
        assertThatThrownBy(() -> Examples.options(new String[] {"fibers"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown backend 'fibers'")
                .hasMessageContaining("VIRTUAL, PLATFORM, SERIAL");
    }

    @Test
    void moreThanOneArgumentIsRejected() {
        assertThatThrownBy(() -> Examples.options(new String[] {"VIRTUAL", "PLATFORM"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most one argument")
                .hasMessageContaining("VIRTUAL, PLATFORM, SERIAL");
    }
}
