package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.file.AsyncFile;
import io.weft.file.AsyncPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The samples of docs/files.md and docs/paths.md ({@link FilesPage}), on every backend. */
class FilesPageTest {

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void filesAndTemporaryFiles(Backend backend) throws Throwable {
        byte[] bytes = new byte[200_000];
        Arrays.fill(bytes, (byte) 7);
        Files.write(dir.resolve("data.bin"), bytes);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        assertThat(SystemOut.inRuntime(backend, () -> FilesPage.files(dir, digest)))
                .containsExactly("first", "second");
        assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(
                        SystemOut.inRuntime(
                                backend,
                                () -> {
                                    try (AsyncFile f =
                                            AsyncFile.open(dir.resolve("data.bin"), "rb")) {
                                        FilesPage.cancelledRead(f);
                                    }
                                }))
                .containsExactly("read 200000 bytes", "at 200000, moved on: false");
        assertThat(
                        SystemOut.inRuntime(
                                backend,
                                () -> FilesPage.temporaryFiles(new byte[10], new byte[100])))
                .containsExactly("the tool reads 10 bytes");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pathOperations(Backend backend) throws Throwable {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("hello.bin"), new byte[3]);
        Files.createDirectories(data.resolve(".git"));
        Files.writeString(data.resolve("old.log"), "x");
        var lines = SystemOut.inRuntime(backend, () -> FilesPage.paths(AsyncPath.of(dir)));
        assertThat(lines).contains("hello.bin 3", "hello.txt 6", "old.log 1", "hello 3");
        assertThat(lines).anyMatch(l -> l.startsWith(".git "));
        // The walk, with .git pruned: one directory, whose files no longer include old.log.
        assertThat(lines.stream().filter(l -> l.contains(": [")).toList())
                .singleElement()
                .asString()
                .startsWith(data + ": [")
                .contains("hello.bin", "hello.txt")
                .doesNotContain("old.log");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
