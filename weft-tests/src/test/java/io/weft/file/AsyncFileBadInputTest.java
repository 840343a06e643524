package io.weft.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.ClosedResourceError;
import io.weft.junit.WeftTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AsyncFile} given bad input: a directory, bad mode strings and newline settings, methods of
 * the other mode, use after close, null arguments (whose messages say what to pass, as {@code
 * NullArgumentMessageTest} requires).
 */
class AsyncFileBadInputTest {
    @TempDir Path dir;

    @WeftTest
    void aDirectoryIsTheJdksIoException() {
        for (String mode : List.of("r", "rb", "w", "a", "r+")) {
            assertThatThrownBy(() -> AsyncFile.open(dir, mode))
                    .as(mode)
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("Is a directory");
        }
    }

    @Test
    void badModesAreRejectedNamingTheModeAndWhy() {
        Object[][] cases = {
            {"", "exactly one of r, w, a, x"},
            {"b", "exactly one of r, w, a, x"},
            {"rw", "exactly one of r, w, a, x"},
            {"rr", "'r' appears twice"},
            {"r++", "'+' appears twice"},
            {"rbt", "both text (t) and binary (b)"},
            {"rU", "'U' is not a mode letter"},
            {"q", "'q' is not a mode letter"},
        };
        Path p = dir.resolve("never-created");
        for (Object[] c : cases) {
            String mode = (String) c[0];
            assertThatThrownBy(() -> AsyncFile.open(p, mode))
                    .as(mode)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid file mode '" + mode + "'")
                    .hasMessageContaining((String) c[1]);
        }
        assertThat(p).doesNotExist();
    }

    @Test
    void badNewlinesAreRejected() {
        assertThatThrownBy(() -> FileOptions.defaults().newline("\n\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pass null (universal newlines)");
        assertThatThrownBy(() ->
                        AsyncFile.open(dir.resolve("f"), "wb", FileOptions.defaults().newline("")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("binary mode 'wb' does not take a newline");
    }

    @WeftTest
    void theOtherModesMethodsAreAnIllegalStateNamingTheMode() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "text");
        try (AsyncFile text = AsyncFile.open(p, "r")) {
            assertThatThrownBy(text::read)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("text mode 'r'");
            assertThatThrownBy(() -> text.chunks(10)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> text.readInto(ByteBuffer.allocate(1)))
                    .isInstanceOf(IllegalStateException.class);
        }
        try (AsyncFile bin = AsyncFile.open(p, "rb")) {
            assertThatThrownBy(bin::readLine)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("binary mode 'rb'");
            assertThatThrownBy(bin::lines).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> bin.write("x")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> bin.write(new byte[1]))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not open for writing (mode 'rb')");
        }
        try (AsyncFile w = AsyncFile.open(p, "w")) {
            assertThatThrownBy(w::readText)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not open for reading (mode 'w')");
        }
    }

    @WeftTest
    void badArgumentsAreRejected() throws IOException {
        try (AsyncFile f = AsyncFile.open(Files.writeString(dir.resolve("f"), "x"), "r+b")) {
            assertThatThrownBy(() -> f.read(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("call read() to read to the end");
            assertThatThrownBy(() -> f.seek(0, 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SEEK_SET (0)");
            assertThatThrownBy(() -> f.seek(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("negative");
            assertThatThrownBy(() -> f.truncate(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> f.chunks(0)).isInstanceOf(IllegalArgumentException.class);
            assertThat(f.read()).containsExactly('x'); // still usable
        }
        try (AsyncFile t = AsyncFile.open(dir.resolve("f"), "r")) {
            assertThatThrownBy(() -> t.seek(1, AsyncFile.SEEK_CUR))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("seek by 0");
            assertThatThrownBy(() -> t.readText(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @WeftTest
    void useAfterCloseIsAClosedResourceError() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "x\n");
        AsyncFile bin = AsyncFile.open(p, "r+b");
        AsyncFile text = AsyncFile.open(p, "r+");
        bin.close();
        bin.close(); // idempotent
        text.close();
        List<ThrowingCall> calls =
                List.of(
                        bin::read,
                        () -> bin.read(1),
                        () -> bin.readInto(ByteBuffer.allocate(1)),
                        () -> bin.write(new byte[1]),
                        () -> bin.seek(0),
                        bin::tell,
                        bin::truncate,
                        bin::flush,
                        () -> bin.chunks(1).hasNext(),
                        text::readText,
                        text::readLine,
                        text::readLines,
                        () -> text.write("x"),
                        () -> text.lines().hasNext());
        for (ThrowingCall c : calls) {
            assertThatThrownBy(c::call)
                    .isInstanceOf(ClosedResourceError.class)
                    .hasMessageContaining("closed");
        }
    }

    @WeftTest
    void nullArgumentsSayWhatToPass() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> AsyncFile.open(null, "r"))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageContaining("path");
        assertThatThrownBy(() -> AsyncFile.open(p, null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageContaining("pass \"r\" to read text");
        assertThatThrownBy(() -> AsyncFile.open(p, "r", null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageContaining("pass FileOptions.defaults()");
        assertThatThrownBy(() -> FileOptions.defaults().charset(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageContaining("pass StandardCharsets.UTF_8");
        assertThatThrownBy(() -> AsyncFile.wrap((SeekableByteChannel) null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageContaining("channel");
        try (AsyncFile f = AsyncFile.open(p, "r+b")) {
            assertThatThrownBy(() -> f.write((byte[]) null))
                    .isExactlyInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> f.readInto(null))
                    .isExactlyInstanceOf(NullPointerException.class);
        }
        try (AsyncFile f = AsyncFile.open(p, "r+")) {
            assertThatThrownBy(() -> f.write((String) null))
                    .isExactlyInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> f.writeLines(null))
                    .isExactlyInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> f.writeLines(java.util.Arrays.asList("a", null)))
                    .isExactlyInstanceOf(NullPointerException.class)
                    .hasMessageContaining("a line is null");
        }
    }

    /** A call that may throw anything. */
    @FunctionalInterface
    interface ThrowingCall {
        void call() throws Exception;
    }
}
