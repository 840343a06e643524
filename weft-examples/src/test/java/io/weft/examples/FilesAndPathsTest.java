package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S18 FilesAndPaths: write, read back line by line, glob, all in a directory gone afterwards. */
class FilesAndPathsTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void writesReadsGlobsAndLeavesNothing(Backend backend) {
        assertThat(Output.of(FilesAndPaths::run, backend))
                .containsExactly(
                        "hello, world", "second line", "found hello.txt", "directory gone: true");
    }
}
