package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tempfiles: each kind of temporary file once, and nothing left after each block. */
class TempfilesTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachKindIsGoneAfterItsBlock(Backend backend) {
        assertThat(Output.of(Tempfiles::run, backend))
                .containsExactly(
                        "TemporaryFile read back: temporary",
                        "left behind: 0",
                        "NamedTemporaryFile exists: true",
                        "left behind: 0",
                        "SpooledTemporaryFile rolled over: false, then true",
                        "left behind: 0",
                        "TemporaryDirectory holds 1 file",
                        "left behind: 0");
    }
}
