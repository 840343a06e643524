package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.junit.WeftTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Stapled object and byte streams: ports of AnyIO's streams/test_stapled.py, plus attributes. */
class StapledStreamTest {
    static final TypedAttribute<String> SIDE = new TypedAttribute<>("side");
    static final TypedAttribute<String> SEND_ONLY = new TypedAttribute<>("send only");

    /** A byte receive stream over fixed data; at the end it returns empty arrays, as AnyIO's. */
    static final class DummyByteReceiveStream implements ByteReceiveStream {
        private byte[] buffer;
        private boolean closed;

        DummyByteReceiveStream(String data) {
            buffer = data.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] receive(int maxBytes) {
            if (closed) {
                throw new ClosedResourceError("closed");
            }
            int n = Math.min(maxBytes, buffer.length);
            byte[] out = Arrays.copyOf(buffer, n);
            buffer = Arrays.copyOfRange(buffer, n, buffer.length);
            return out;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
            return Map.of(SIDE, () -> "receive");
        }
    }

    static final class DummyByteSendStream implements ByteSendStream {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean closed;

        @Override
        public void send(byte[] data) {
            if (closed) {
                throw new ClosedResourceError("closed");
            }
            buffer.writeBytes(data);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
            return Map.of(SIDE, () -> "send", SEND_ONLY, () -> "yes");
        }
    }

    static final class DummyObjectReceiveStream<T> implements ObjectReceiveStream<T> {
        private final Deque<T> buffer;
        private boolean closed;

        DummyObjectReceiveStream(List<T> items) {
            buffer = new java.util.LinkedList<>(items); // ArrayDeque takes no nulls
        }

        @Override
        public T receive() {
            if (closed) {
                throw new ClosedResourceError("closed");
            }
            if (buffer.isEmpty()) {
                throw new EndOfStream("no more items");
            }
            return buffer.removeFirst();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class DummyObjectSendStream<T> implements ObjectSendStream<T> {
        final List<T> buffer = new ArrayList<>();
        private boolean closed;

        @Override
        public void send(T item) {
            if (closed) {
                throw new ClosedResourceError("closed");
            }
            buffer.add(item);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- TestStapledByteStream

    // AnyIO: TestStapledByteStream::test_receive_send
    @WeftTest
    void bytesAreReceivedFromOneStreamAndSentToTheOther() {
        DummyByteSendStream send = new DummyByteSendStream();
        StapledByteStream stapled =
                new StapledByteStream(send, new DummyByteReceiveStream("hello, world"));
        assertThat(text(stapled.receive(3))).isEqualTo("hel");
        assertThat(text(stapled.receive())).isEqualTo("lo, world");
        assertThat(stapled.receive()).isEmpty();
        stapled.send("how are you ".getBytes(StandardCharsets.UTF_8));
        stapled.send(ByteBuffer.wrap("today?".getBytes(StandardCharsets.UTF_8)));
        assertThat(stapled.sendStream()).isSameAs(send);
        assertThat(send.buffer.toString(StandardCharsets.UTF_8)).isEqualTo("how are you today?");
    }

    @WeftTest
    void aByteBufferIsFilledFromTheReceiveStream() {
        StapledByteStream stapled =
                new StapledByteStream(
                        new DummyByteSendStream(), new DummyByteReceiveStream("hello"));
        ByteBuffer dst = ByteBuffer.allocate(3);
        assertThat(stapled.receive(dst)).isEqualTo(3);
        assertThat(text(Arrays.copyOf(dst.array(), 3))).isEqualTo("hel");
        assertThatThrownBy(() -> stapled.receive(dst))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no room");
    }

    // AnyIO: TestStapledByteStream::test_send_eof
    @WeftTest
    void sendEofClosesOnlyTheSendingSide() {
        StapledByteStream stapled =
                new StapledByteStream(
                        new DummyByteSendStream(), new DummyByteReceiveStream("hello, world"));
        stapled.sendEof();
        stapled.sendEof();
        assertThatThrownBy(() -> stapled.send("world".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ClosedResourceError.class);
        assertThat(text(stapled.receive())).isEqualTo("hello, world");
    }

    // AnyIO: TestStapledByteStream::test_aclose
    @WeftTest
    void closeClosesBothSides() {
        StapledByteStream stapled =
                new StapledByteStream(
                        new DummyByteSendStream(), new DummyByteReceiveStream("hello, world"));
        stapled.close();
        assertThatThrownBy(stapled::receive).isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(() -> stapled.send(new byte[0])).isInstanceOf(ClosedResourceError.class);
    }

    // AnyIO: TestStapledByteStream::test_receive_invalid_max_bytes
    @WeftTest
    void aMaxBytesBelowOneIsRejected() {
        StapledByteStream stapled =
                new StapledByteStream(
                        new DummyByteSendStream(), new DummyByteReceiveStream("hello"));
        for (int maxBytes : new int[] {0, -1}) {
            assertThatThrownBy(() -> stapled.receive(maxBytes))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxBytes must be at least 1, was " + maxBytes);
        }
    }

    @WeftTest
    void aByteStreamsAttributesAreBothSidesWithTheReceiveSideWinning() {
        StapledByteStream stapled =
                new StapledByteStream(
                        new DummyByteSendStream(), new DummyByteReceiveStream("hello"));
        assertThat(stapled.extra(SIDE)).isEqualTo("receive");
        assertThat(stapled.extra(SEND_ONLY)).isEqualTo("yes");
    }

    // ---------------------------------------------------------------- TestStapledObjectStream

    // AnyIO: TestStapledObjectStream::test_receive_send
    @WeftTest
    void objectsAreReceivedFromOneStreamAndSentToTheOther() {
        DummyObjectSendStream<String> send = new DummyObjectSendStream<>();
        StapledObjectStream<String> stapled =
                new StapledObjectStream<>(
                        send, new DummyObjectReceiveStream<>(List.of("hello", "world")));
        assertThat(stapled.receive()).isEqualTo("hello");
        assertThat(stapled.receive()).isEqualTo("world");
        assertThatThrownBy(stapled::receive).isInstanceOf(EndOfStream.class);
        stapled.send("how are you ");
        stapled.send("today?");
        assertThat(stapled.sendStream()).isSameAs(send);
        assertThat(send.buffer).containsExactly("how are you ", "today?");
    }

    // AnyIO: TestStapledObjectStream::test_send_eof
    @WeftTest
    void sendEofOnAnObjectStreamClosesOnlyTheSendingSide() {
        StapledObjectStream<String> stapled =
                new StapledObjectStream<>(
                        new DummyObjectSendStream<>(),
                        new DummyObjectReceiveStream<>(List.of("hello", "world")));
        stapled.sendEof();
        stapled.sendEof();
        assertThatThrownBy(() -> stapled.send("world")).isInstanceOf(ClosedResourceError.class);
        assertThat(stapled.receive()).isEqualTo("hello");
        assertThat(stapled.receive()).isEqualTo("world");
    }

    // AnyIO: TestStapledObjectStream::test_aclose
    @WeftTest
    void closeClosesBothSidesOfAnObjectStream() {
        StapledObjectStream<String> stapled =
                new StapledObjectStream<>(
                        new DummyObjectSendStream<>(),
                        new DummyObjectReceiveStream<>(List.of("hello")));
        stapled.close();
        assertThatThrownBy(stapled::receive).isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(() -> stapled.send("")).isInstanceOf(ClosedResourceError.class);
    }

    // AnyIO: test_send_nowait_* do not apply: send_nowait is duck-typed in AnyIO; in Java only
    // the concrete stream (MemoryObjectSendStream) has it: call sendStream() for it.

    @WeftTest
    void iterationReceivesUntilTheEndOfTheStream() {
        StapledObjectStream<String> stapled =
                new StapledObjectStream<>(
                        new DummyObjectSendStream<>(),
                        new DummyObjectReceiveStream<>(Arrays.asList("a", null, "c")));
        List<String> seen = new ArrayList<>();
        for (String s : stapled) {
            seen.add(s);
        }
        assertThat(seen).containsExactly("a", null, "c");
    }

    @WeftTest
    void twoMemoryStreamsStapledMakeAConnectedPair() {
        var toServer = MemoryObjectStream.<String>create(0);
        var toClient = MemoryObjectStream.<String>create(0);
        var client = new StapledObjectStream<>(toServer.sendStream(), toClient.receiveStream());
        var server = new StapledObjectStream<>(toClient.sendStream(), toServer.receiveStream());
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (server) {
                    for (String request : server) {
                        server.send(request.toUpperCase());
                    }
                }
            });
            try (client) {
                client.send("ping");
                assertThat(client.receive()).isEqualTo("PING");
                client.sendEof(); // the server's loop ends; it closes its side
                assertThatThrownBy(client::receive).isInstanceOf(EndOfStream.class);
            }
        });
    }

    // ---------------------------------------------------------------- both kinds

    @Test
    void aMissingHalfIsRefusedWithAMessageSayingWhatToUseInstead() {
        var bytesIn = new DummyByteReceiveStream("x");
        var bytesOut = new DummyByteSendStream();
        var objectsIn = new DummyObjectReceiveStream<String>(List.of());
        var objectsOut = new DummyObjectSendStream<String>();
        String noSend =
                "sendStream is null: a stapled stream needs both halves; to only receive, use the"
                        + " receive stream itself";
        String noReceive =
                "receiveStream is null: a stapled stream needs both halves; to only send, use the"
                        + " send stream itself";
        assertThatThrownBy(() -> new StapledByteStream(null, bytesIn))
                .isInstanceOf(NullPointerException.class)
                .hasMessage(noSend);
        assertThatThrownBy(() -> new StapledByteStream(bytesOut, null)).hasMessage(noReceive);
        assertThatThrownBy(() -> new StapledObjectStream<>(null, objectsIn)).hasMessage(noSend);
        assertThatThrownBy(() -> new StapledObjectStream<>(objectsOut, null)).hasMessage(noReceive);
        assertThatThrownBy(() -> new StapledByteStream(null, null)).hasMessage(noSend);
    }

    @Test
    void toStringNamesTheKindAndBothStreams() {
        var out = new DummyByteSendStream();
        var in = new DummyByteReceiveStream("x");
        assertThat(new StapledByteStream(out, in))
                .hasToString("StapledByteStream[send=" + out + ", receive=" + in + "]");
        var objectsOut = new DummyObjectSendStream<String>();
        var objectsIn = new DummyObjectReceiveStream<String>(List.of());
        assertThat(new StapledObjectStream<>(objectsOut, objectsIn))
                .hasToString(
                        "StapledObjectStream[send=" + objectsOut + ", receive=" + objectsIn + "]");
    }

    @Test
    void closeClosesTheReceiveStreamEvenIfClosingTheSendStreamThrows() {
        var in = new DummyByteReceiveStream("x");
        var failing =
                new ByteSendStream() {
                    @Override
                    public void send(byte[] data) {}

                    @Override
                    public void close() {
                        throw new IllegalStateException("send close failed");
                    }
                };
        assertThatThrownBy(new StapledByteStream(failing, in)::close)
                .hasMessage("send close failed");
        assertThatThrownBy(() -> in.receive(1)).isInstanceOf(ClosedResourceError.class);

        var objectsIn = new DummyObjectReceiveStream<String>(List.of("a"));
        var failingObjects =
                new ObjectSendStream<String>() {
                    @Override
                    public void send(String item) {}

                    @Override
                    public void close() {
                        throw new IllegalStateException("send close failed");
                    }
                };
        assertThatThrownBy(new StapledObjectStream<>(failingObjects, objectsIn)::close)
                .hasMessage("send close failed");
        assertThatThrownBy(objectsIn::receive).isInstanceOf(ClosedResourceError.class);
    }
}
