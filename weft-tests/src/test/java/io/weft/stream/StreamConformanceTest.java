package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.junit.WeftTest;
import io.weft.testing.MemoryByteStream;
import io.weft.testing.StreamConformance;
import io.weft.testing.StreamPair;
import io.weft.thread.ToThread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The stream conformance kit over this package's byte streams, and proof that it catches a broken
 * one. (Text and memory object streams are object streams, which the byte kit does not cover; their
 * own tests check the same rules. File streams have no connected peer.)
 */
class StreamConformanceTest {

    @WeftTest
    void memoryByteStreamsConform() throws Exception {
        StreamConformance.checkByteStream(
                () -> MemoryByteStream.pair(16), () -> MemoryByteStream.pair(0));
    }

    @WeftTest
    void bufferedByteStreamsConform() throws Exception {
        StreamConformance.checkByteStream(
                () -> buffered(MemoryByteStream.pair(16)),
                () -> buffered(MemoryByteStream.pair(0)));
    }

    @WeftTest
    void stapledByteStreamsConform() throws Exception {
        StreamConformance.checkByteStream(() -> stapled(16), () -> stapled(0));
    }

    @WeftTest
    void oneWayHalvesConform() throws Exception {
        StreamConformance.checkOneWayByteStream(
                () -> {
                    var p = MemoryByteStream.pair(16);
                    return new StreamPair<ByteSendStream, ByteReceiveStream>(p.first(), p.second());
                },
                null);
    }

    /**
     * File streams over a named pipe: the write end and the read end of one FIFO are a one-way
     * connected pair (Linux; skipped where {@code mkfifo} is missing).
     */
    @WeftTest
    void fileStreamsOverAFifoConform() throws Exception {
        Path dir = Files.createTempDirectory("weft-fifo");
        try {
            AtomicInteger n = new AtomicInteger();
            StreamConformance.checkOneWayByteStream(
                    () -> fifoPair(dir.resolve("pipe" + n.incrementAndGet())), null);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static StreamPair<FileWriteStream, FileReadStream> fifoPair(Path fifo)
            throws Exception {
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            Assumptions.abort("mkfifo is not available: " + e.getMessage());
            throw e;
        }
        int exit = ToThread.runSync(() -> mkfifo.waitFor());
        Assumptions.assumeTrue(exit == 0, "mkfifo failed");
        // Opening one end of a FIFO blocks until the other end is opened too.
        return TaskGroup.call(tg -> {
            TaskHandle<FileReadStream> reader = tg.startSoon(() -> FileReadStream.open(fifo));
            FileWriteStream writer = FileWriteStream.open(fifo, false);
            return new StreamPair<>(writer, reader.join());
        });
    }

    @WeftTest
    void aStreamThatAcceptsAMaxBytesOfZeroFailsTheKit() {
        Throwable e =
                catchThrowable(() ->
                        StreamConformance.checkByteStream(
                                () -> {
                                    var p = MemoryByteStream.pair(16);
                                    return new StreamPair<>(lax(p.first()), lax(p.second()));
                                },
                                null));
        assertThat(e)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("stream conformance:");
    }

    private static StreamPair<BufferedByteStream, BufferedByteStream> buffered(
            StreamPair<MemoryByteStream, MemoryByteStream> p) {
        return new StreamPair<>(
                new BufferedByteStream(p.first()), new BufferedByteStream(p.second()));
    }

    /** Each end staples the sending half of one pair to the receiving half of another. */
    private static StreamPair<StapledByteStream, StapledByteStream> stapled(int capacity) {
        var ab = MemoryByteStream.pair(capacity); // first → second
        var ba = MemoryByteStream.pair(capacity);
        return new StreamPair<>(
                new StapledByteStream(ab.first(), ba.second()),
                new StapledByteStream(ba.first(), ab.second()));
    }

    /** A stream that returns nothing for a maxBytes below 1 instead of rejecting it. */
    private static ByteStream lax(MemoryByteStream s) {
        return new ByteStream() {
            @Override
            public byte[] receive(int maxBytes) {
                return maxBytes < 1 ? new byte[0] : s.receive(maxBytes);
            }

            @Override
            public void send(byte[] data) {
                s.send(data);
            }

            @Override
            public void sendEof() {
                s.sendEof();
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }
}
