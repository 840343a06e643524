package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BusyResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Text streams: ports of AnyIO's streams/test_text.py, error policies, the end of the stream in the
 * middle of a character, and random chunkings of random text in several charsets.
 */
class TextStreamTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    // AnyIO: test_receive
    @WeftTest
    void aCharacterSplitAcrossChunksComesOutWhole() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var text = new TextReceiveStream(pair.receiveStream());
        pair.sendStream().send(bytes(0xc3, 0xa5, 0xc3, 0xa4, 0xc3)); // ends with half of "ö"
        assertThat(text.receive()).isEqualTo("åä");
        pair.sendStream().send(bytes(0xb6));
        assertThat(text.receive()).isEqualTo("ö");
        pair.close();
    }

    // AnyIO: test_send
    @WeftTest
    void textIsSentEncoded() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var text = new TextSendStream(pair.sendStream());
        text.send("åäö");
        assertThat(pair.receiveStream().receive())
                .isEqualTo(bytes(0xc3, 0xa5, 0xc3, 0xa4, 0xc3, 0xb6));
        pair.close();
    }

    // AnyIO: test_receive_encoding_error
    @WeftTest
    void invalidBytesAreReplacedUnderReplace() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var text =
                new TextReceiveStream(
                        pair.receiveStream(), StandardCharsets.UTF_8, TextErrorPolicy.REPLACE);
        pair.sendStream().send(bytes(0xe5, 0xe4, 0xf6)); // "åäö" in latin-1
        assertThat(text.receive()).isEqualTo("\ufffd\ufffd\ufffd");
        pair.close();
    }

    // AnyIO: test_send_encoding_error
    @WeftTest
    void unencodableTextIsReplacedUnderReplace() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var text =
                new TextSendStream(
                        pair.sendStream(), StandardCharsets.ISO_8859_1, TextErrorPolicy.REPLACE);
        text.send("€");
        assertThat(pair.receiveStream().receive()).isEqualTo(new byte[] {'?'});
        pair.close();
    }

    @WeftTest
    void strictDecodingAndEncodingFailWithACodingException() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var rx = new TextReceiveStream(pair.receiveStream());
        pair.sendStream().send(bytes(0xff));
        assertThatThrownBy(rx::receive)
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(CharacterCodingException.class);
        var tx =
                new TextSendStream(
                        pair.sendStream(), StandardCharsets.US_ASCII, TextErrorPolicy.STRICT);
        assertThatThrownBy(() -> tx.send("ä"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(CharacterCodingException.class);
        var ignoring =
                new TextSendStream(
                        pair.sendStream(), StandardCharsets.US_ASCII, TextErrorPolicy.IGNORE);
        ignoring.send("aäb");
        assertThat(pair.receiveStream().receive()).isEqualTo(new byte[] {'a', 'b'});
        pair.close();
    }

    @WeftTest
    void anUnfinishedCharacterAtTheEndFollowsThePolicy() {
        for (TextErrorPolicy policy : TextErrorPolicy.values()) {
            var pair = MemoryObjectStream.<byte[]>unbounded();
            var text = new TextReceiveStream(pair.receiveStream(), StandardCharsets.UTF_8, policy);
            pair.sendStream().send(bytes('o', 'k', 0xc3));
            pair.sendStream().close();
            assertThat(text.receive()).isEqualTo("ok");
            switch (policy) {
                case STRICT ->
                        assertThatThrownBy(text::receive).isInstanceOf(UncheckedIOException.class);
                case REPLACE -> assertThat(text.receive()).isEqualTo("\ufffd");
                case IGNORE -> {}
            }
            assertThatThrownBy(text::receive).isInstanceOf(EndOfStream.class);
            pair.close();
        }
    }

    // AnyIO: test_bidirectional_stream
    @WeftTest
    void aTwoWayTextStreamEncodesAndDecodes() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var text =
                new TextStream(new StapledObjectStream<>(pair.sendStream(), pair.receiveStream()));
        text.send("åäö");
        assertThat(pair.receiveStream().receive())
                .isEqualTo(bytes(0xc3, 0xa5, 0xc3, 0xa4, 0xc3, 0xb6));
        pair.sendStream().send(bytes(0xc3, 0xa6, 0xc3, 0xb8));
        assertThat(text.receive()).isEqualTo("æø");
        assertThat(text.extraAttributes()).isEmpty();
        text.close();
    }

    /**
     * A send whose encoding is in progress (here: parked inside the charset's encoder, which then
     * asks for a larger buffer and so resumes) and a second task's send on the same stream: the
     * second encodes with its own encoder, so neither meets the other's encoder state (a shared
     * {@code CharsetEncoder} failed the first with {@code IllegalStateException}), and both strings
     * arrive whole.
     */
    @WeftTest
    void aSendDuringAnotherSendsEncodingDoesNotShareItsEncoder() {
        Event inEncoder = new Event();
        Event release = new Event();
        AtomicBoolean first = new AtomicBoolean(true);
        Charset parking =
                new Charset("x-weft-test-parking", null) {
                    @Override
                    public boolean contains(Charset cs) {
                        return false;
                    }

                    @Override
                    public CharsetDecoder newDecoder() {
                        return StandardCharsets.ISO_8859_1.newDecoder();
                    }

                    @Override
                    public CharsetEncoder newEncoder() {
                        return new CharsetEncoder(this, 1, 1) {
                            @Override
                            protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
                                if (first.getAndSet(false)) {
                                    inEncoder.set();
                                    release.await();
                                    // Asks for a larger buffer, so the encoder checks its state
                                    // again: another send's use of a shared encoder fails here.
                                    return CoderResult.OVERFLOW;
                                }
                                while (in.hasRemaining()) {
                                    if (!out.hasRemaining()) {
                                        return CoderResult.OVERFLOW;
                                    }
                                    out.put((byte) in.get());
                                }
                                return CoderResult.UNDERFLOW;
                            }
                        };
                    }
                };
        var pair = MemoryObjectStream.<byte[]>unbounded();
        var text = new TextSendStream(pair.sendStream(), parking, TextErrorPolicy.STRICT);
        TaskGroup.run(tg -> {
            tg.startSoon(() -> text.send("first"));
            inEncoder.await();
            text.send("second");
            release.set();
        });
        assertThat(new String(pair.receiveStream().receive(), StandardCharsets.ISO_8859_1))
                .isEqualTo("second");
        assertThat(new String(pair.receiveStream().receive(), StandardCharsets.ISO_8859_1))
                .isEqualTo("first");
        pair.close();
    }

    /**
     * A second task receiving while one waits in {@code receive()} is refused with {@code
     * BusyResourceError}, also over a memory object stream that allows several receivers: the
     * decoder keeps the bytes of an unfinished character, which two receivers would split between
     * them. The refused call takes nothing; the waiting receive then gets the whole text.
     */
    @WeftTest
    void aSecondConcurrentReceiveIsRefusedAndTakesNothing() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        var text = new TextReceiveStream(pair.receiveStream());
        String[] got = new String[1];
        TaskGroup.run(tg -> {
            tg.startSoon(() -> got[0] = text.receive());
            Weft.waitAllTasksBlocked(); // the first receive waits inside the inner stream
            assertThatThrownBy(text::receive)
                    .isInstanceOf(BusyResourceError.class)
                    .hasMessageContaining("already receiving");
            pair.sendStream().send(bytes(0xc3, 0xa5));
        });
        assertThat(got[0]).isEqualTo("å");
        pair.sendStream().send(bytes(0xc3, 0xb6));
        assertThat(text.receive()).isEqualTo("ö"); // free again once the first receive returned
        pair.close();
    }

    // AnyIO: test_text_connectable waits for connectables (the networking issue).

    /**
     * Random text with one-, two-, three- and four-byte characters, encoded, cut into random chunks
     * (so characters are split anywhere), and decoded chunk by chunk: the pieces joined are the
     * text, in UTF-8, UTF-16 and ISO-8859-1.
     */
    @WeftTest
    void randomChunkingsDecodeToTheWholeText() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "aZ09 \n" + "åäöé" + "€中文" + "😀🎉";
        String latin = "aZ09 \nåäöé";
        for (Charset charset :
                new Charset[] {
                    StandardCharsets.UTF_8, StandardCharsets.UTF_16, StandardCharsets.ISO_8859_1
                }) {
            String letters = charset == StandardCharsets.ISO_8859_1 ? latin : alphabet;
            int[] cps = letters.codePoints().toArray();
            for (int round = 0; round < 100; round++) {
                StringBuilder sb = new StringBuilder();
                int n = random.nextInt(0, 60);
                for (int i = 0; i < n; i++) {
                    sb.appendCodePoint(cps[random.nextInt(cps.length)]);
                }
                String original = sb.toString();
                byte[] all = original.getBytes(charset);
                var pair = MemoryObjectStream.<byte[]>unbounded();
                for (int at = 0; at < all.length; ) {
                    int len = Math.min(all.length - at, random.nextInt(1, 8));
                    pair.sendStream().sendNowait(Arrays.copyOfRange(all, at, at + len));
                    at += len;
                }
                pair.sendStream().close();
                StringBuilder got = new StringBuilder();
                for (String piece :
                        new TextReceiveStream(
                                pair.receiveStream(), charset, TextErrorPolicy.STRICT)) {
                    assertThat(piece).isNotEmpty();
                    got.append(piece);
                }
                assertThat(got.toString())
                        .as("seed %d, %s, round %d", seed, charset, round)
                        .isEqualTo(original);
                pair.close();
            }
        }
    }
}
