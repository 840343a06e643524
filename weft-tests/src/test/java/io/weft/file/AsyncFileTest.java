package io.weft.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import io.weft.sync.CapacityLimiter;
import io.weft.thread.ToThread;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AsyncFile}: ports of AnyIO's {@code tests/test_fileio.py} class {@code TestAsyncFile},
 * then the modes, the binary and text methods, seek/tell/truncate and iteration, on every backend.
 *
 * <p>Ported: {@code test_open_close} (with and without a limiter), {@code test_read}, {@code
 * test_readinto}, {@code test_write}, {@code test_async_iteration}, {@code test_wrap_file} (with
 * and without a limiter; a wrapped channel is binary, so the port writes bytes). Not applicable:
 * {@code test_readinto1} (there is no {@code read1} / {@code readinto1}: a binary file's read-ahead
 * is internal, and {@code readInto} is the one call). {@code TestPath} (including {@code
 * test_open}) belongs to {@code AsyncPath}. Cancellation and bad input: {@link
 * AsyncFileCancellationTest}, {@link AsyncFileBadInputTest}.
 */
class AsyncFileTest {
    @TempDir Path dir;

    /** AnyIO's test data: ten runs of 1,000 equal bytes (0, 1, ..., 9). */
    static byte[] testData() {
        byte[] b = new byte[10_000];
        for (int i = 0; i < 10; i++) {
            Arrays.fill(b, i * 1000, (i + 1) * 1000, (byte) i);
        }
        return b;
    }

    private Path dataFile() throws IOException {
        return Files.write(dir.resolve("testdata"), testData());
    }

    // AnyIO: TestAsyncFile::test_open_close[limiter=None]
    @WeftTest
    void aFileOpensAndClosesUnderTheDefaultLimiter() throws IOException {
        AsyncFile f = AsyncFile.open(dataFile(), "r");
        assertThat(f.limiter()).isSameAs(ToThread.currentDefaultThreadLimiter());
        f.close();
        assertThat(f.isClosed()).isTrue();
        assertThat(f.channel().isOpen()).isFalse();
    }

    // AnyIO: TestAsyncFile::test_open_close[limiter=CapacityLimiter(10)]
    @WeftTest
    void aFileOpensAndClosesUnderItsOwnLimiter() throws IOException {
        var limiter = new CapacityLimiter(10);
        AsyncFile f = AsyncFile.open(dataFile(), "r", FileOptions.defaults().limiter(limiter));
        assertThat(f.limiter()).isSameAs(limiter);
        f.close();
        assertThat(f.isClosed()).isTrue();
    }

    // AnyIO: TestAsyncFile::test_read
    @WeftTest
    void readReadsTheWholeFile() throws IOException {
        byte[] data;
        AsyncFile file;
        try (AsyncFile f = AsyncFile.open(dataFile(), "rb")) {
            file = f;
            data = f.read();
            assertThat(f.read()).isEmpty(); // at the end
        }
        assertThat(file.isClosed()).isTrue();
        assertThat(data).isEqualTo(testData());
    }

    // AnyIO: TestAsyncFile::test_readinto
    @WeftTest
    void readIntoFillsTheBuffer() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(100);
        try (AsyncFile f = AsyncFile.open(dataFile(), "rb")) {
            assertThat(f.readInto(buffer)).isEqualTo(100);
            assertThat(buffer.array()).isEqualTo(Arrays.copyOf(testData(), 100));
            f.seek(0, AsyncFile.SEEK_END);
            assertThat(f.readInto(buffer.clear())).isEqualTo(-1);
        }
    }

    // AnyIO: TestAsyncFile::test_write
    @WeftTest
    void writeInAppendModeAddsToTheEnd() throws IOException {
        Path p = dataFile();
        try (AsyncFile f = AsyncFile.open(p, "ab")) {
            byte[] fs = new byte[1000];
            Arrays.fill(fs, (byte) 'f');
            f.write(fs);
        }
        assertThat(Files.size(p)).isEqualTo(testData().length + 1000);
    }

    // AnyIO: TestAsyncFile::test_async_iteration
    @WeftTest
    void theLinesOfATextFileAreIterated() throws IOException {
        List<String> lines = List.of("blah blah\n", "foo foo\n", "bar bar");
        Path p = Files.writeString(dir.resolve("testfile"), String.join("", lines));
        List<String> seen = new ArrayList<>();
        try (AsyncFile f = AsyncFile.open(p, "r")) {
            for (String line : f.lines()) {
                seen.add(line);
            }
        }
        assertThat(seen).isEqualTo(lines);
    }

    // AnyIO: TestAsyncFile::test_wrap_file[limiter=None] and [limiter=CapacityLimiter(10)]
    @WeftTest
    void aWrappedChannelIsWrittenUnderTheGivenLimiter() throws IOException {
        for (CapacityLimiter limiter : new CapacityLimiter[] {null, new CapacityLimiter(10)}) {
            Path p = dir.resolve("wrapped");
            var ch =
                    FileChannel.open(
                            p,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
            try (AsyncFile wrapped = AsyncFile.wrap(ch, limiter)) {
                assertThat(wrapped.limiter())
                        .isSameAs(
                                limiter != null ? limiter : ToThread.currentDefaultThreadLimiter());
                assertThat(wrapped.channel()).isSameAs(ch);
                wrapped.write("dummydata".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(ch.isOpen()).isFalse();
            assertThat(Files.readString(p)).isEqualTo("dummydata");
        }
    }

    // ---------------------------------------------------------------- modes

    @WeftTest
    void modeRNeedsAnExistingFileAndXANewOne() throws IOException {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> AsyncFile.open(missing, "r"))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> AsyncFile.open(missing, "r+b"))
                .isInstanceOf(NoSuchFileException.class);
        try (AsyncFile f = AsyncFile.open(missing, "x")) {
            f.write("new");
        }
        assertThatThrownBy(() -> AsyncFile.open(missing, "x"))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(missing)).isEqualTo("new");
    }

    @WeftTest
    void modeWTruncatesAndWPlusReadsBack() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "old contents");
        try (AsyncFile f = AsyncFile.open(p, "w+")) {
            assertThat(f.readText()).isEmpty();
            f.write("new");
            f.seek(0);
            assertThat(f.readText()).isEqualTo("new");
        }
        assertThat(Files.readString(p)).isEqualTo("new");
    }

    @WeftTest
    void modeAPlusReadsAnywhereButAlwaysWritesAtTheEnd() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "abc");
        try (AsyncFile f = AsyncFile.open(p, "a+b")) {
            f.seek(0);
            assertThat(f.read(1)).isEqualTo("a".getBytes(StandardCharsets.US_ASCII));
            f.write("d".getBytes(StandardCharsets.US_ASCII));
            assertThat(f.tell()).isEqualTo(4);
        }
        assertThat(Files.readString(p)).isEqualTo("abcd");
    }

    @WeftTest
    void modeRPlusOverwritesInPlace() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "hello world\nline two\n");
        try (AsyncFile f = AsyncFile.open(p, "r+")) {
            assertThat(f.readLine()).isEqualTo("hello world\n");
            f.write("LINE"); // where the reader stands, not where the read-ahead left the channel
        }
        assertThat(Files.readString(p)).isEqualTo("hello world\nLINE two\n");
    }

    // ---------------------------------------------------------------- binary

    @WeftTest
    void binaryReadsSeeksTellsAndTruncates() throws IOException {
        Path p = dataFile();
        try (AsyncFile f = AsyncFile.open(p, "r+b")) {
            assertThat(f.read(1500)).isEqualTo(Arrays.copyOf(testData(), 1500));
            assertThat(f.tell()).isEqualTo(1500);
            assertThat(f.seek(-10, AsyncFile.SEEK_END)).isEqualTo(9990);
            assertThat(f.read(100)).hasSize(10); // short only at the end
            assertThat(f.seek(-5, AsyncFile.SEEK_CUR)).isEqualTo(9995);
            assertThat(f.truncate(2000)).isEqualTo(2000);
            assertThat(f.tell()).isEqualTo(9995); // Python's rule: the position stays
            assertThat(Files.size(p)).isEqualTo(2000);
            f.seek(1000);
            assertThat(f.truncate()).isEqualTo(1000);
            assertThat(Files.size(p)).isEqualTo(1000);
            assertThat(f.truncate(3000)).isEqualTo(3000); // extended with zeros
            f.seek(2000);
            assertThat(f.read()).isEqualTo(new byte[1000]);
            f.flush();
        }
    }

    @WeftTest
    void chunksIterateFromThePosition() throws IOException {
        try (AsyncFile f = AsyncFile.open(dataFile(), "rb")) {
            f.seek(1000);
            List<Integer> sizes = new ArrayList<>();
            for (byte[] chunk : f.chunks(4000)) {
                sizes.add(chunk.length);
                assertThat(chunk[0]).isEqualTo((byte) (1 + (sizes.size() - 1) * 4));
            }
            assertThat(sizes).containsExactly(4000, 4000, 1000);
        }
    }

    // A regular file read for reading reads ahead (ReadAhead): reads, writes, seeks, tells and
    // truncates interleaved must see the file as if nothing were read ahead.
    @WeftTest
    void theReadAheadIsInvisible() throws IOException {
        byte[] big = new byte[3 * 1024 * 1024 + 123];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        Path p = Files.write(dir.resolve("big"), big);
        byte[] expected = big.clone();
        try (AsyncFile f = AsyncFile.open(p, "r+b")) {
            assertThat(f.read(1000)).isEqualTo(Arrays.copyOfRange(big, 0, 1000));
            ByteBuffer into = ByteBuffer.allocate(5000);
            assertThat(f.readInto(into)).isEqualTo(5000);
            assertThat(into.array()).isEqualTo(Arrays.copyOfRange(big, 1000, 6000));
            assertThat(f.tell()).isEqualTo(6000);
            f.write(new byte[] {1, 2, 3}); // at 6000, not where the channel read ahead to
            System.arraycopy(new byte[] {1, 2, 3}, 0, expected, 6000, 3);
            assertThat(f.tell()).isEqualTo(6003);
            assertThat(f.seek(-3, AsyncFile.SEEK_CUR)).isEqualTo(6000);
            assertThat(f.read(3)).containsExactly(1, 2, 3);
            int pos = 6003;
            for (byte[] chunk : f.chunks(65536)) {
                assertThat(chunk).isEqualTo(Arrays.copyOfRange(expected, pos, pos + chunk.length));
                pos += chunk.length;
            }
            assertThat(pos).isEqualTo(big.length);
            f.seek(100);
            assertThat(f.read(10)).isEqualTo(Arrays.copyOfRange(expected, 100, 110));
            assertThat(f.truncate()).isEqualTo(110);
            assertThat(f.read()).isEmpty();
            f.seek(0);
            assertThat(f.read()).isEqualTo(Arrays.copyOf(expected, 110));
        }
        assertThat(Files.readAllBytes(p)).isEqualTo(Arrays.copyOf(expected, 110));
    }

    // ---------------------------------------------------------------- text

    @WeftTest
    void universalNewlinesAreReadAsNewlines() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "a\r\nb\rc\nd");
        try (AsyncFile f = AsyncFile.open(p, "r")) {
            assertThat(f.readLines()).containsExactly("a\n", "b\n", "c\n", "d");
            assertThat(f.readLine()).isNull();
        }
        try (AsyncFile f = AsyncFile.open(p, "r")) {
            assertThat(f.readText()).isEqualTo("a\nb\nc\nd");
        }
    }

    @WeftTest
    void newlineSettingsSplitAndTranslateAsPythonDoes() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "a\r\nb\rc\nd");
        try (AsyncFile f = AsyncFile.open(p, "r", FileOptions.defaults().newline(""))) {
            assertThat(f.readLines()).containsExactly("a\r\n", "b\r", "c\n", "d");
        }
        try (AsyncFile f = AsyncFile.open(p, "r", FileOptions.defaults().newline("\r\n"))) {
            assertThat(f.readLines()).containsExactly("a\r\n", "b\rc\nd");
        }
        try (AsyncFile f = AsyncFile.open(p, "r", FileOptions.defaults().newline("\r"))) {
            assertThat(f.readLines()).containsExactly("a\r", "\nb\r", "c\nd");
        }
        try (AsyncFile f = AsyncFile.open(p, "w", FileOptions.defaults().newline("\r\n"))) {
            f.writeLines(List.of("x\n", "y\n"));
        }
        assertThat(Files.readString(p)).isEqualTo("x\r\ny\r\n");
        try (AsyncFile f = AsyncFile.open(p, "w")) {
            f.write("x\ny");
        }
        assertThat(Files.readString(p)).isEqualTo("x" + System.lineSeparator() + "y");
    }

    @WeftTest
    void readTextCountsCharactersAndTellCountsBytes() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "h\u00e9llo\nw\u00f6rld\n");
        try (AsyncFile f = AsyncFile.open(p, "r")) {
            assertThat(f.readText(2)).isEqualTo("h\u00e9");
            assertThat(f.tell()).isEqualTo(3); // 'é' is two bytes in UTF-8
            assertThat(f.readLine()).isEqualTo("llo\n");
            long mark = f.tell();
            assertThat(f.readText()).isEqualTo("w\u00f6rld\n");
            assertThat(f.readText(5)).isEmpty();
            f.seek(mark);
            assertThat(f.readLine()).isEqualTo("w\u00f6rld\n");
            assertThat(f.seek(0, AsyncFile.SEEK_END)).isEqualTo(Files.size(p));
        }
    }

    @WeftTest
    void theCharsetIsTheOptionsAndBadBytesAreACodingException() throws IOException {
        Path p = dir.resolve("f");
        var latin1 = FileOptions.defaults().charset(StandardCharsets.ISO_8859_1);
        try (AsyncFile f = AsyncFile.open(p, "w", latin1)) {
            f.write("caf\u00e9");
        }
        assertThat(Files.readAllBytes(p)).hasSize(4);
        try (AsyncFile f = AsyncFile.open(p, "r", latin1)) {
            assertThat(f.readText()).isEqualTo("caf\u00e9");
        }
        try (AsyncFile f = AsyncFile.open(p, "r")) {
            assertThatThrownBy(f::readText).isInstanceOf(MalformedInputException.class);
        }
    }

    @WeftTest
    void aLongTextFileReadsLineByLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("line ").append(i).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        Path p = Files.writeString(dir.resolve("f"), sb);
        int n = 0;
        try (AsyncFile f = AsyncFile.open(p, "rt")) {
            for (String line : f.lines()) {
                assertThat(line).isEqualTo("line " + n + "\n");
                n++;
            }
        }
        assertThat(n).isEqualTo(5000);
    }
}
