package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import io.weft.testing.MemoryByteStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the buffered and text wrappers and their connectables share, over a byte stream and over a
 * stream of byte chunks alike: argument checks, {@code toString}, sends of a buffer, receiving in
 * place, and closing the wrapped stream. Pins the behaviour the two constructors of each had before
 * they were made to share one inner-stream face.
 */
class WrapperSetupTest {
    /** A null charset or policy may be meant as "the default": the message says what to pass. */
    static final String NULL_CHARSET =
            "charset is null: pass StandardCharsets.UTF_8 (the default), or use the constructor"
                    + " without a charset";

    static final String NULL_ERRORS =
            "errors is null: pass TextErrorPolicy.STRICT (the default), REPLACE or IGNORE";

    @Test
    void nullArgumentsAreNamedInTheOrderGivenAndADefaultIsSuggested() {
        var bytes = MemoryByteStream.pair(1).first();
        var chunks = MemoryObjectStream.<byte[]>create(1);
        assertThatThrownBy(() -> new TextReceiveStream((ByteReceiveStream) null))
                .hasMessage("stream");
        assertThatThrownBy(() -> new TextSendStream((ObjectSendStream<byte[]>) null))
                .hasMessage("stream");
        assertThatThrownBy(() -> new TextStream((ByteStream) null, null, null))
                .hasMessage("stream");
        assertThatThrownBy(() -> new TextStream(bytes, null, null)).hasMessage(NULL_CHARSET);
        assertThatThrownBy(() -> new TextStream(bytes, StandardCharsets.UTF_8, null))
                .hasMessage(NULL_ERRORS);
        assertThatThrownBy(() ->
                        new TextReceiveStream(chunks.receiveStream(), null, TextErrorPolicy.STRICT))
                .hasMessage(NULL_CHARSET);
        assertThatThrownBy(() -> new TextSendStream(chunks.sendStream(), null, null))
                .hasMessage(NULL_CHARSET);
        assertThatThrownBy(() -> new BufferedByteStream((ObjectStream<byte[]>) null))
                .hasMessage("stream");
        assertThatThrownBy(() -> new BufferedByteReceiveStream((ByteReceiveStream) null))
                .hasMessage("stream");
        assertThatThrownBy(() -> new BufferedConnectable((ByteStreamConnectable) null))
                .hasMessage("connectable");
        assertThatThrownBy(() -> new TextConnectable((ObjectStreamConnectable<byte[]>) null))
                .hasMessage("connectable");
        assertThatThrownBy(() -> new TextConnectable(() -> bytes, null, TextErrorPolicy.STRICT))
                .hasMessage(NULL_CHARSET);
        assertThatThrownBy(() -> new TextConnectable(() -> bytes, StandardCharsets.UTF_8, null))
                .hasMessage(NULL_ERRORS);
    }

    @Test
    void toStringNamesTheWrappedStream() {
        var bytes = MemoryByteStream.pair(1).first();
        var chunks = MemoryObjectStream.<byte[]>create(1).receiveStream();
        assertThat(new BufferedByteReceiveStream(bytes))
                .hasToString("BufferedByteReceiveStream[" + bytes + "]");
        assertThat(new BufferedByteReceiveStream(chunks))
                .hasToString("BufferedByteReceiveStream[" + chunks + "]");
        assertThat(new BufferedByteStream(bytes)).hasToString("BufferedByteStream[" + bytes + "]");
        assertThat(
                        new TextReceiveStream(
                                chunks, StandardCharsets.ISO_8859_1, TextErrorPolicy.IGNORE))
                .hasToString("TextReceiveStream[ISO-8859-1, " + chunks + "]");
        assertThat(new TextSendStream(bytes)).hasToString("TextSendStream[UTF-8, " + bytes + "]");
        assertThat(new TextStream(bytes)).hasToString("TextStream[" + bytes + "]");
    }

    @WeftTest
    void aBufferSentOverChunksIsOneChunkOfItsRemainingBytes() {
        var pair = MemoryObjectStream.<byte[]>create(2);
        ObjectStream<byte[]> loop =
                new StapledObjectStream<>(pair.sendStream(), pair.receiveStream());
        var buffered = new BufferedByteStream(loop);
        ByteBuffer src = ByteBuffer.wrap("xhello".getBytes(StandardCharsets.US_ASCII));
        src.get(); // the x is not sent
        buffered.send(src);
        assertThat(src.hasRemaining()).isFalse();
        assertThat(pair.receiveStream().receive()).asString().isEqualTo("hello");
        buffered.close();
        assertThatThrownBy(() -> pair.sendStream().send(new byte[1]))
                .isInstanceOf(io.weft.ClosedResourceError.class);
    }

    @WeftTest
    void aByteStreamIsReceivedIntoABufferInPlaceAndAChunkStreamIsSplit() {
        var bytes = MemoryByteStream.pair(16);
        var overBytes = new BufferedByteStream(bytes.first());
        bytes.second().send("abcdef".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer dst = ByteBuffer.allocate(4);
        assertThat(overBytes.receive(dst)).isEqualTo(4);
        assertThat(overBytes.buffer()).isEmpty(); // nothing was buffered: read in place
        assertThat(overBytes.receive(8)).asString().isEqualTo("ef");

        var chunks = MemoryObjectStream.<byte[]>create(1);
        var overChunks = new BufferedByteReceiveStream(chunks.receiveStream());
        chunks.sendStream().send("abcdef".getBytes(StandardCharsets.US_ASCII));
        assertThat(overChunks.receive(ByteBuffer.allocate(4))).isEqualTo(4);
        assertThat(overChunks.buffer()).asString().isEqualTo("ef"); // the chunk's surplus
        chunks.close();
    }

    @WeftTest
    void aTextStreamClosesAndHalfClosesTheWrappedStream() {
        var bytes = MemoryByteStream.pair(16);
        var text = new TextStream(bytes.first());
        text.send("hi");
        text.sendEof();
        assertThat(bytes.second().receive()).asString().isEqualTo("hi");
        assertThatThrownBy(() -> bytes.second().receive()).isInstanceOf(io.weft.EndOfStream.class);
        text.close();
        assertThatThrownBy(() -> bytes.first().receive())
                .isInstanceOf(io.weft.ClosedResourceError.class);
    }
}
