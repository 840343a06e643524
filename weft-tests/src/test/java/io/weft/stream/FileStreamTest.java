package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.junit.WeftTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File read and write streams: ports of AnyIO's streams/test_file.py. */
class FileStreamTest {

    private static Path fileWith(String content) throws IOException {
        Path p = Files.createTempFile("weft-filestream", ".txt");
        Files.writeString(p, content);
        return p;
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void readHello(ByteReceiveStream stream) {
        assertThat(s(stream.receive(3))).isEqualTo("Hel");
        assertThat(s(stream.receive(3))).isEqualTo("lo");
        assertThatThrownBy(() -> stream.receive(1)).isInstanceOf(EndOfStream.class);
    }

    // AnyIO: TestFileReadStream::test_read_file_as_path
    @WeftTest
    void aFileOpenedByPathIsReadInChunks() throws IOException {
        Path p = fileWith("Hello");
        try (var stream = FileReadStream.open(p)) {
            readHello(stream);
        } finally {
            Files.delete(p);
        }
    }

    // AnyIO: TestFileReadStream::test_read_file
    @WeftTest
    void anOpenChannelIsReadInChunks() throws IOException {
        Path p = fileWith("Hello");
        try (var stream = FileReadStream.of(FileChannel.open(p, StandardOpenOption.READ))) {
            readHello(stream);
            assertThat(stream.extra(FileStreamAttribute.PATH, null)).isNull();
        } finally {
            Files.delete(p);
        }
    }

    // AnyIO: TestFileReadStream::test_read_after_close
    @WeftTest
    void readingAfterCloseIsAClosedResourceError() throws IOException {
        Path p = fileWith("Hello");
        var stream = FileReadStream.open(p);
        stream.close();
        stream.close(); // idempotent
        assertThatThrownBy(stream::receive).isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(() -> stream.seek(0)).isInstanceOf(ClosedResourceError.class);
        Files.delete(p);
    }

    // AnyIO: TestFileReadStream::test_receive_invalid_max_bytes
    @WeftTest
    void aMaxBytesBelowOneIsRejected() throws IOException {
        Path p = fileWith("Hello");
        try (var stream = FileReadStream.open(p)) {
            for (int maxBytes : new int[] {0, -1}) {
                assertThatThrownBy(() -> stream.receive(maxBytes))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("maxBytes must be at least 1");
            }
        } finally {
            Files.delete(p);
        }
    }

    // AnyIO: TestFileReadStream::test_seek
    @WeftTest
    void seekAndTellMoveAndReportThePosition() throws IOException {
        Path p = fileWith("Hello");
        try (var stream = FileReadStream.of(FileChannel.open(p, StandardOpenOption.READ))) {
            assertThat(stream.seek(2)).isEqualTo(2);
            assertThat(stream.tell()).isEqualTo(2);
            assertThat(s(stream.receive())).isEqualTo("llo");
            assertThat(stream.tell()).isEqualTo(5);
            assertThatThrownBy(() -> stream.seek(-1)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            Files.delete(p);
        }
    }

    @WeftTest
    void aByteBufferIsFilledDirectly() throws IOException {
        Path p = fileWith("Hello");
        try (var stream = FileReadStream.open(p)) {
            ByteBuffer dst = ByteBuffer.allocateDirect(8);
            assertThat(stream.receive(dst)).isEqualTo(5);
            dst.flip();
            byte[] b = new byte[5];
            dst.get(b);
            assertThat(s(b)).isEqualTo("Hello");
        } finally {
            Files.delete(p);
        }
    }

    // AnyIO: TestFileReadStream::test_extra_attributes and
    // TestFileWriteStream::test_extra_attributes
    @WeftTest
    void theAttributesAreThePathAndTheChannel() throws IOException {
        Path p = fileWith("Hello");
        try (var in = FileReadStream.open(p);
                var out = FileWriteStream.open(p, true)) {
            assertThat(in.extra(FileStreamAttribute.PATH)).isEqualTo(p);
            assertThat(in.extra(FileStreamAttribute.CHANNEL).isOpen()).isTrue();
            assertThat(out.extra(FileStreamAttribute.PATH)).isEqualTo(p);
            assertThat(out.extra(FileStreamAttribute.CHANNEL))
                    .isNotSameAs(in.extra(FileStreamAttribute.CHANNEL));
        } finally {
            Files.delete(p);
        }
    }

    // AnyIO: TestFileWriteStream::test_write_file
    @WeftTest
    void writtenChunksEndUpInTheFile() throws IOException {
        Path p = fileWith("old content that is truncated");
        try (var stream = FileWriteStream.open(p, false)) {
            stream.send("Hel".getBytes(StandardCharsets.UTF_8));
            stream.send(ByteBuffer.wrap("lo".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(Files.readString(p)).isEqualTo("Hello");
        Files.delete(p);
    }

    // AnyIO: TestFileWriteStream::test_append_file
    @WeftTest
    void appendingKeepsTheContent() throws IOException {
        Path p = fileWith("Hello");
        try (var stream = FileWriteStream.open(p, true)) {
            stream.send(", World!".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(p)).isEqualTo("Hello, World!");
        Files.delete(p);
    }

    // AnyIO: TestFileWriteStream::test_write_after_close
    @WeftTest
    void writingAfterCloseIsAClosedResourceError() throws IOException {
        Path p = fileWith("");
        var stream = FileWriteStream.open(p, true);
        stream.close();
        assertThatThrownBy(() -> stream.send(new byte[] {1}))
                .isInstanceOf(ClosedResourceError.class);
        Files.delete(p);
    }

    @WeftTest
    void aMissingFileFailsToOpenWithItsIoException() {
        Path missing = Path.of("/nonexistent-weft-dir/none.txt");
        assertThatThrownBy(() -> FileReadStream.open(missing))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    // Built on the same file handle as AsyncFile: a directory is refused at open with the JDK's
    // own exception (before, the JDK opened it and the first read failed).
    @WeftTest
    void aDirectoryIsRefusedAtOpen() throws IOException {
        Path d = Files.createTempDirectory("weft-filestream-dir");
        try {
            assertThatThrownBy(() -> FileReadStream.open(d))
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("Is a directory");
            assertThatThrownBy(() -> FileWriteStream.open(d, false))
                    .isInstanceOf(FileSystemException.class);
        } finally {
            Files.delete(d);
        }
    }
}
