package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.junit.WeftTest;
import io.weft.testing.MemoryByteStream;
import io.weft.testing.ObjectStreamConformance;
import io.weft.testing.StreamConformance;
import io.weft.testing.StreamPair;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The object-stream conformance kit over stapled memory object streams, and text streams checked
 * with the byte-stream kit (through ISO-8859-1, where one byte is one character).
 */
class ObjectStreamConformanceTest {

    private static StreamPair<StapledObjectStream<String>, StapledObjectStream<String>> memory(
            int capacity) {
        var ab = MemoryObjectStream.<String>create(capacity);
        var ba = MemoryObjectStream.<String>create(capacity);
        return new StreamPair<>(
                new StapledObjectStream<>(ab.sendStream(), ba.receiveStream()),
                new StapledObjectStream<>(ba.sendStream(), ab.receiveStream()));
    }

    @WeftTest
    void rendezvousMemoryObjectStreamsConform() throws Exception {
        ObjectStreamConformance.checkObjectStream(() -> memory(0));
    }

    @WeftTest
    void bufferedMemoryObjectStreamsConform() throws Exception {
        ObjectStreamConformance.checkObjectStream(() -> memory(4));
    }

    @WeftTest
    void aStreamThatDuplicatesAnItemFailsTheKit() {
        Throwable e =
                catchThrowable(() ->
                        ObjectStreamConformance.checkObjectStream(() -> {
                            var p = memory(4);
                            return new StreamPair<>(duplicating(p.first()), p.second());
                        }));
        assertThat(e)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("object stream conformance:");
    }

    /** Text streams, seen as bytes: each received string's characters are its bytes. */
    @WeftTest
    void textStreamsConformAsByteStreams() throws Exception {
        StreamConformance.checkByteStream(() -> text(16), () -> text(0));
    }

    private static StreamPair<BufferedByteStream, BufferedByteStream> text(int capacity) {
        var p = MemoryByteStream.pair(capacity);
        return new StreamPair<>(asBytes(p.first()), asBytes(p.second()));
    }

    private static BufferedByteStream asBytes(ByteStream raw) {
        TextStream t = new TextStream(raw, StandardCharsets.ISO_8859_1, TextErrorPolicy.STRICT);
        return new BufferedByteStream(
                new ObjectStream<byte[]>() {
                    @Override
                    public byte[] receive() {
                        return t.receive().getBytes(StandardCharsets.ISO_8859_1);
                    }

                    @Override
                    public void send(byte[] item) {
                        t.send(new String(item, StandardCharsets.ISO_8859_1));
                    }

                    @Override
                    public void sendEof() {
                        t.sendEof();
                    }

                    @Override
                    public void close() {
                        t.close();
                    }

                    @Override
                    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
                        return t.extraAttributes();
                    }
                });
    }

    /** Sends the item "ab5" twice. */
    private static ObjectStream<String> duplicating(ObjectStream<String> s) {
        return new ObjectStream<>() {
            @Override
            public String receive() {
                return s.receive();
            }

            @Override
            public void send(String item) {
                s.send(item);
                if (item.equals("ab5")) {
                    s.send(item);
                }
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
