package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BusyResourceError;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.DelimiterNotFound;
import io.weft.EndOfStream;
import io.weft.IncompleteRead;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Buffered byte streams: ports of AnyIO's streams/test_buffered.py, cancellation without loss, and
 * receiveUntil/receiveExactly over random chunkings of random inputs.
 */
class BufferedByteStreamTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    // AnyIO: test_receive_exactly
    @WeftTest
    void receiveExactlyJoinsChunks() {
        var pair = MemoryObjectStream.<byte[]>create(2);
        var buffered = new BufferedByteReceiveStream(pair.receiveStream());
        pair.sendStream().send(b("abcd"));
        pair.sendStream().send(b("efgh"));
        assertThat(s(buffered.receiveExactly(8))).isEqualTo("abcdefgh");
        pair.close();
    }

    // AnyIO: test_receive_exactly_incomplete
    @WeftTest
    void receiveExactlyOfAStreamThatEndsFirstIsAnIncompleteRead() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var buffered = new BufferedByteReceiveStream(pair.receiveStream());
        pair.sendStream().send(b("abcd"));
        pair.sendStream().close();
        assertThatThrownBy(() -> buffered.receiveExactly(8))
                .isInstanceOf(IncompleteRead.class)
                .hasMessageContaining("closed before the read operation could be completed")
                .hasCauseInstanceOf(EndOfStream.class);
        assertThat(s(buffered.buffer())).isEqualTo("abcd");
        pair.close();
    }

    // AnyIO: test_receive_until
    @WeftTest
    void receiveUntilReturnsWhatCameBeforeTheDelimiter() {
        var pair = MemoryObjectStream.<byte[]>create(2);
        var buffered = new BufferedByteReceiveStream(pair.receiveStream());
        pair.sendStream().send(b("abcd"));
        pair.sendStream().send(b("efgh"));
        assertThat(s(buffered.receiveUntil(b("de"), 10))).isEqualTo("abc");
        assertThat(s(buffered.receiveUntil(b("h"), 10))).isEqualTo("fg");
        pair.close();
    }

    // AnyIO: test_receive_until_incomplete
    @WeftTest
    void receiveUntilOfAStreamThatEndsFirstKeepsWhatItRead() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var buffered = new BufferedByteReceiveStream(pair.receiveStream());
        pair.sendStream().send(b("abcd"));
        pair.sendStream().close();
        assertThatThrownBy(() -> buffered.receiveUntil(b("de"), 10))
                .isInstanceOf(IncompleteRead.class);
        assertThat(s(buffered.buffer())).isEqualTo("abcd");
        pair.close();
    }

    @WeftTest
    void receiveUntilGivesUpAfterMaxBytesAndKeepsThem() {
        var pair = MemoryObjectStream.<byte[]>unbounded();
        var buffered = new BufferedByteReceiveStream(pair.receiveStream());
        pair.sendStream().send(b("0123456789"));
        pair.sendStream().send(b("\n"));
        assertThatThrownBy(() -> buffered.receiveUntil(b("\n"), 5))
                .isInstanceOf(DelimiterNotFound.class)
                .hasMessage("The delimiter was not found among the first 5 bytes");
        assertThat(s(buffered.buffer())).isEqualTo("0123456789");
        assertThat(s(buffered.receiveUntil(b("\n"), 100))).isEqualTo("0123456789");
        assertThatThrownBy(() -> buffered.receiveUntil(new byte[0], 5))
                .isInstanceOf(IllegalArgumentException.class);
        pair.close();
    }

    @WeftTest
    void receiveUntilFindsADelimiterThatCameInTheSameChunkAsBytesPastTheLimit() {
        // As AnyIO: maxBytes bounds the buffering, and the whole buffer is searched.
        var pair = MemoryObjectStream.<byte[]>unbounded();
        var buffered = new BufferedByteReceiveStream(pair.receiveStream());
        pair.sendStream().send(b("0123456789\nrest"));
        assertThat(s(buffered.receiveUntil(b("\n"), 4))).isEqualTo("0123456789");
        assertThatThrownBy(() -> buffered.receiveUntil(b("\n"), 4))
                .isInstanceOf(DelimiterNotFound.class);
        assertThat(s(buffered.buffer())).isEqualTo("rest");
        pair.close();
    }

    // AnyIO: test_buffered_stream
    @WeftTest
    void aBufferedTwoWayStreamHalfClosesAndClosesTheWrappedStream() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var buffered =
                new BufferedByteStream(
                        new StapledObjectStream<>(pair.sendStream(), pair.receiveStream()));
        pair.sendStream().send(b("abcd"));
        assertThat(s(buffered.receiveExactly(2))).isEqualTo("ab");
        assertThat(s(buffered.receiveExactly(2))).isEqualTo("cd");
        buffered.sendEof(); // closes only the sending end
        assertThatThrownBy(() -> pair.sendStream().sendNowait(b("abc")))
                .isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(pair.receiveStream()::receiveNowait).isInstanceOf(EndOfStream.class);
        buffered.close(); // closes the receive stream too
        assertThatThrownBy(pair.receiveStream()::receiveNowait)
                .isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(buffered::receive).isInstanceOf(ClosedResourceError.class);
    }

    // AnyIO: test_receive_invalid_max_bytes, test_buffered_stream_receive_invalid_max_bytes
    @WeftTest
    void aMaxBytesBelowOneIsRejected() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var buffered = new BufferedByteReceiveStream(pair.receiveStream());
        var twoWay =
                new BufferedByteStream(
                        new StapledObjectStream<>(pair.sendStream(), pair.receiveStream()));
        for (int maxBytes : new int[] {0, -1}) {
            assertThatThrownBy(() -> buffered.receive(maxBytes))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxBytes must be at least 1");
            assertThatThrownBy(() -> twoWay.receive(maxBytes))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        pair.close();
    }

    // AnyIO: test_feed_data
    @WeftTest
    void fedDataComesBeforeWhatTheStreamHasNotReceivedYet() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var buffered =
                new BufferedByteStream(
                        new StapledObjectStream<>(pair.sendStream(), pair.receiveStream()));
        pair.sendStream().sendNowait(b("abcd"));
        buffered.feedData(b("xxx"));
        buffered.feedData(b("foo"));
        assertThat(s(buffered.receiveExactly(10))).isEqualTo("xxxfooabcd");
        buffered.close();
    }

    // AnyIO: test_buffered_connectable waits for connectables (the networking issue).

    @WeftTest
    void aChunkLargerThanAskedForIsSplitAndTheRestKept() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var buffered = new BufferedByteReceiveStream(pair.receiveStream());
        pair.sendStream().send(b("hello, world"));
        assertThat(s(buffered.receive(5))).isEqualTo("hello");
        ByteBuffer dst = ByteBuffer.allocate(4);
        assertThat(buffered.receive(dst)).isEqualTo(4);
        assertThat(s(Arrays.copyOf(dst.array(), 4))).isEqualTo(", wo");
        assertThat(s(buffered.receive())).isEqualTo("rld");
        pair.close();
    }

    @WeftTest
    void aCancelledReceiveUntilLosesNothing() {
        var pair = MemoryObjectStream.<byte[]>create(0);
        var buffered = new BufferedByteReceiveStream(pair.receiveStream());
        Event go = new Event();
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                pair.sendStream().send(b("abc"));
                go.await();
                pair.sendStream().send(b("def\nrest"));
            });
            tg.startSoon(() -> {
                // Once the host has "abc" and waits for more, and the sender waits for go.
                Weft.waitAllTasksBlocked();
                scope.cancel();
                go.set();
            });
            scope.run(s -> buffered.receiveUntil(b("\n"), 100));
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(s(buffered.buffer())).as("kept across the cancel").isEqualTo("abc");
            assertThat(s(buffered.receiveUntil(b("\n"), 100))).isEqualTo("abcdef");
            assertThat(s(buffered.buffer())).isEqualTo("rest");
        });
        pair.close();
    }

    @WeftTest
    void twoTasksReceivingAtOnceIsABusyResourceError() {
        var pair = MemoryObjectStream.<byte[]>create(0);
        var buffered = new BufferedByteReceiveStream(pair.receiveStream());
        TaskGroup.run(tg -> {
            tg.startSoon(() -> buffered.receiveExactly(3));
            Weft.waitAllTasksBlocked();
            assertThatThrownBy(() -> buffered.receive(1))
                    .isInstanceOf(BusyResourceError.class)
                    .hasMessageContaining("already receiving");
            pair.sendStream().send(b("xyz"));
        });
        pair.close();
    }

    @WeftTest
    void aByteStreamIsBufferedToo() {
        var stapled =
                new StapledByteStream(
                        new StapledStreamTest.DummyByteSendStream(),
                        new StapledStreamTest.DummyByteReceiveStream("line one\nline two\n"));
        var buffered = new BufferedByteStream(stapled);
        assertThat(s(buffered.receiveUntil(b("\n"), 100))).isEqualTo("line one");
        assertThat(s(buffered.receiveExactly(4))).isEqualTo("line");
        buffered.send(b("out"));
        assertThat(
                        ((StapledStreamTest.DummyByteSendStream) stapled.sendStream())
                                .buffer.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("out");
    }

    // ---------------------------------------------------------------- random chunkings

    /**
     * Random inputs made of records with random delimiters inside, cut into random chunks: the
     * records receiveUntil returns are those of splitting the whole input, and receiveExactly
     * reassembles any cut.
     */
    @WeftTest
    void randomChunkingsGiveTheSameRecordsAsTheWholeInput() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            byte[] delimiter = random.nextBoolean() ? b("\n") : b("\r\n");
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            List<String> expected = new ArrayList<>();
            int records = random.nextInt(1, 20);
            for (int r = 0; r < records; r++) {
                StringBuilder rec = new StringBuilder();
                int len = random.nextInt(0, 40);
                for (int i = 0; i < len; i++) {
                    // '\r' and '\n' alone appear inside records, but never the whole delimiter
                    char c = "ab\r\nc".charAt(random.nextInt(5));
                    if (c == '\n' && (delimiter.length == 1 || endsWithCr(rec))) {
                        c = 'x';
                    }
                    rec.append(c);
                }
                if (delimiter.length == 2 && endsWithCr(rec)) {
                    rec.append('y'); // a trailing '\r' would join the delimiter's
                }
                expected.add(rec.toString());
                whole.writeBytes(b(rec.toString()));
                whole.writeBytes(delimiter);
            }
            byte[] all = whole.toByteArray();
            var pair = MemoryObjectStream.<byte[]>unbounded();
            for (int at = 0; at < all.length; ) {
                int n = Math.min(all.length - at, random.nextInt(1, 16));
                pair.sendStream().sendNowait(Arrays.copyOfRange(all, at, at + n));
                at += n;
            }
            pair.sendStream().close();
            var buffered = new BufferedByteReceiveStream(pair.receiveStream());
            List<String> got = new ArrayList<>();
            for (int r = 0; r < records; r++) {
                got.add(s(buffered.receiveUntil(delimiter, 1000)));
            }
            assertThat(got).as("seed %d, round %d", seed, round).isEqualTo(expected);
            assertThatThrownBy(() -> buffered.receiveExactly(1)).isInstanceOf(IncompleteRead.class);
            pair.close();
        }
    }

    private static boolean endsWithCr(StringBuilder sb) {
        return sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r';
    }
}
