package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.property.Gen;
import io.weft.property.PropertyCheck;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests of how {@link TextReceiveStream} decodes text whose characters are cut
 * across chunks: with a cut at every position and with random cuts, each receive returns exactly
 * the characters whose last byte has arrived (so a multi-byte character comes out whole, once), and
 * bad bytes decode the same whatever the cut.
 *
 * <p>Why: a decoder fed chunk by chunk must carry the bytes of an unfinished character over to the
 * next chunk, and every multi-byte form is a place to get that wrong: 2-, 3- and 4-byte UTF-8 (the
 * 4-byte ones are surrogate pairs in Java), UTF-16 with and without a byte-order mark (2 or 4
 * bytes), UTF-32, GB18030 (1, 2 or 4 bytes) and Shift_JIS (1 or 2). The text generated for each
 * charset is text it can encode, and the inner stream is either an object stream of chunks (which
 * may be empty) or a byte stream ({@link ChunkedByteStream}). Each input runs in its own runtime on
 * the SERIAL backend. Seeds and replay: see {@link PropertyCheck}.
 */
class TextDecodingPropertiesTest {
    private static final int TRIES = 1000;

    /** The charsets under test. */
    static final List<String> CHARSETS =
            List.of("UTF-8", "UTF-16", "UTF-16BE", "UTF-16LE", "UTF-32", "GB18030", "Shift_JIS");

    /** Which kind of inner stream. */
    enum Over {
        /** A memory object stream of the chunks, empty ones included. */
        CHUNKS,
        /** A {@link ChunkedByteStream} of the chunks. */
        BYTES
    }

    /** Text in a charset, the sizes of the chunks its bytes are cut into, the inner stream. */
    record Case(String charset, String text, List<Integer> cuts, Over over) {}

    /** Bytes (maybe invalid) in a charset, decoded under a policy, cut at every position. */
    record BadCase(String charset, TextErrorPolicy policy, byte[] bytes, Over over) {}

    // ---------------------------------------------------------------- generators

    /** Any code point but a surrogate, by UTF-8 length: 1, 2, 3 and 4 bytes alike. */
    private static final Gen<Integer> ANY_CHARACTER =
            Gen.oneOf(
                    Gen.integers(0, 0x7F),
                    Gen.integers(0x80, 0x7FF),
                    Gen.integers(0x800, 0xFFFF)
                            .map(cp -> cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp),
                    Gen.integers(0x10000, 0x10FFFF));

    /** What Shift_JIS has: ASCII, half-width katakana (1 byte), kana and kanji (2 bytes). */
    private static final Gen<Integer> JAPANESE =
            Gen.oneOf(
                    Gen.integers(0x20, 0x7E),
                    Gen.integers(0xFF61, 0xFF9F),
                    Gen.integers(0x3041, 0x3093),
                    Gen.integers(0x30A1, 0x30F6),
                    Gen.integers(0x4E00, 0x9FA0));

    /** A character {@code charset} encodes and decodes back: {@code cp}, or a stand-in. */
    private static int encodable(Charset charset, int cp, int standIn) {
        String s = Character.toString(cp);
        return charset.newEncoder().canEncode(s)
                        && new String(s.getBytes(charset), charset).equals(s)
                ? cp
                : standIn;
    }

    private static Gen<String> text(String charset) {
        Charset cs = Charset.forName(charset);
        Gen<Integer> cp =
                charset.equals("Shift_JIS")
                        ? JAPANESE.map(c -> encodable(cs, c, 0x3042))
                        : ANY_CHARACTER.map(c -> encodable(cs, c, 'a'));
        return Gen.strings(cp, 0, 60, 12);
    }

    private static final Gen<String> CHARSET = Gen.elements(CHARSETS);

    private static final Gen<Over> OVER = Gen.elements(Over.values());

    private static final Gen<List<Integer>> CUTS =
            Gen.frequency(6, Gen.integers(1, 4), 1, Gen.constant(0), 2, Gen.integers(5, 40))
                    .list(0, 100, 10);

    private static final Gen<Case> CASES =
            CHARSET.flatMap(cs ->
                    text(cs).flatMap(t ->
                            CUTS.flatMap(cuts -> OVER.map(over -> new Case(cs, t, cuts, over)))));

    /**
     * Bytes that are mostly not valid text: valid UTF-8 of any length, UTF-8 lead bytes without
     * their continuations, stray continuation bytes, overlong forms, encoded surrogates, code
     * points past U+10FFFF, and bytes no charset here starts a character with.
     */
    private static final Gen<byte[]> SEGMENT =
            Gen.oneOf(
                    ANY_CHARACTER.map(
                            cp -> Character.toString(cp).getBytes(Charset.forName("UTF-8"))),
                    Gen.integers(0xC2, 0xF4).map(b -> new byte[] {(byte) (int) b}),
                    Gen.integers(0x80, 0xBF).map(b -> new byte[] {(byte) (int) b}),
                    Gen.elements(
                            new byte[] {(byte) 0xC0, (byte) 0x80},
                            new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                            new byte[] {(byte) 0xFF},
                            new byte[] {(byte) 0xFE, (byte) 0xFF},
                            new byte[] {(byte) 0xD8, 0x00},
                            new byte[] {(byte) 0x81, 0x30}),
                    Gen.bytes(Gen.anyByte(), 1, 4, 1));

    private static final Gen<byte[]> BAD_BYTES =
            SEGMENT.list(0, 40, 8)
                    .map(segments -> {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        segments.forEach(out::writeBytes);
                        return out.toByteArray();
                    });

    private static final Gen<BadCase> BAD_CASES =
            CHARSET.flatMap(cs ->
                    Gen.elements(TextErrorPolicy.values())
                            .flatMap(policy ->
                                    BAD_BYTES.flatMap(bytes ->
                                            OVER.map(over ->
                                                    new BadCase(cs, policy, bytes, over)))));

    // ---------------------------------------------------------------- properties

    /**
     * The encoded text cut in two at every position: the first receive returns the characters whose
     * last byte is before the cut (if any), the next the rest, then the stream ends.
     */
    @Test
    void aCutAtEveryPositionGivesWholeCharactersAsSoonAsTheyArrive() {
        PropertyCheck.forAll(
                TRIES,
                CASES,
                c ->
                        serial(() -> {
                            Charset cs = Charset.forName(c.charset);
                            byte[] bytes = c.text.getBytes(cs);
                            int[] ends = characterEnds(c.text, cs);
                            for (int cut = 0; cut <= bytes.length; cut++) {
                                List<byte[]> chunks =
                                        List.of(
                                                Arrays.copyOfRange(bytes, 0, cut),
                                                Arrays.copyOfRange(bytes, cut, bytes.length));
                                assertThat(decode(c.over, cs, TextErrorPolicy.STRICT, chunks))
                                        .as("cut at byte %d of %d", cut, bytes.length)
                                        .isEqualTo(expectedPieces(c.text, ends, chunks));
                            }
                        }));
    }

    /**
     * The encoded text cut into random chunks, some empty: each receive returns the characters
     * completed since the last one returned (none is split, none comes twice, no piece is empty),
     * and together they are the text.
     */
    @Test
    void randomCutsGiveEachCharacterWholeAndOnce() {
        PropertyCheck.forAll(
                TRIES,
                CASES,
                c ->
                        serial(() -> {
                            Charset cs = Charset.forName(c.charset);
                            byte[] bytes = c.text.getBytes(cs);
                            List<byte[]> chunks = ChunkedByteStream.split(bytes, c.cuts);
                            List<String> pieces =
                                    decode(c.over, cs, TextErrorPolicy.STRICT, chunks);
                            assertThat(pieces)
                                    .isEqualTo(
                                            expectedPieces(
                                                    c.text, characterEnds(c.text, cs), chunks));
                            assertThat(String.join("", pieces)).isEqualTo(c.text);
                            for (String p : pieces) {
                                assertThat(p).isNotEmpty();
                                assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse();
                                assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1)))
                                        .isFalse();
                            }
                        }));
    }

    /**
     * Bytes that are mostly invalid, cut in two at every position: under {@code REPLACE} and {@code
     * IGNORE} the pieces joined are the text the uncut bytes give; under {@code STRICT} the cut
     * bytes fail exactly when the uncut ones do.
     */
    @Test
    void badBytesDecodeTheSameWhereverTheyAreCut() {
        PropertyCheck.forAll(
                TRIES,
                BAD_CASES,
                c ->
                        serial(() -> {
                            Charset cs = Charset.forName(c.charset);
                            String whole = decodeJoined(c.over, cs, c.policy, List.of(c.bytes));
                            assertThat(whole)
                                    .as("in one chunk")
                                    .isEqualTo(oneShot(cs, c.policy, c.bytes));
                            for (int cut = 0; cut <= c.bytes.length; cut++) {
                                List<byte[]> chunks =
                                        List.of(
                                                Arrays.copyOfRange(c.bytes, 0, cut),
                                                Arrays.copyOfRange(c.bytes, cut, c.bytes.length));
                                assertThat(decodeJoined(c.over, cs, c.policy, chunks))
                                        .as("cut at byte %d of %d", cut, c.bytes.length)
                                        .isEqualTo(whole);
                            }
                        }));
    }

    // ---------------------------------------------------------------- helpers

    private static void serial(io.weft.CheckedRunnable<RuntimeException> body) {
        Weft.run(RunOptions.defaults().backend(Backend.SERIAL), body);
    }

    /**
     * Where each character of {@code text} ends in its encoding: {@code ends[k]} is the length of
     * the first {@code k} code points encoded (with a byte-order mark, where the charset writes one
     * in front of any text).
     */
    private static int[] characterEnds(String text, Charset cs) {
        int[] offsets = text.codePoints().map(Character::charCount).toArray();
        int[] ends = new int[offsets.length + 1];
        int chars = 0;
        for (int k = 1; k <= offsets.length; k++) {
            chars += offsets[k - 1];
            ends[k] = text.substring(0, chars).getBytes(cs).length;
        }
        return ends;
    }

    /**
     * What the receives return for {@code chunks}, by the rule: after each chunk, the characters
     * whose last byte has arrived and that were not returned yet, if there are any.
     */
    private static List<String> expectedPieces(String text, int[] ends, List<byte[]> chunks) {
        List<String> out = new ArrayList<>();
        int arrived = 0;
        int returned = 0; // code points
        for (byte[] chunk : chunks) {
            arrived += chunk.length;
            int complete = returned;
            while (complete + 1 < ends.length && ends[complete + 1] <= arrived) {
                complete++;
            }
            if (complete > returned) {
                out.add(
                        text.substring(
                                text.offsetByCodePoints(0, returned),
                                text.offsetByCodePoints(0, complete)));
                returned = complete;
            }
        }
        return out;
    }

    /** What a text stream over {@code chunks} returns, receive by receive, to its end. */
    private static List<String> decode(
            Over over, Charset cs, TextErrorPolicy policy, List<byte[]> chunks) {
        TextReceiveStream text =
                switch (over) {
                    case CHUNKS -> {
                        var pair = MemoryObjectStream.<byte[]>unbounded();
                        chunks.forEach(pair.sendStream()::sendNowait);
                        pair.sendStream().close();
                        yield new TextReceiveStream(pair.receiveStream(), cs, policy);
                    }
                    case BYTES -> new TextReceiveStream(new ChunkedByteStream(chunks), cs, policy);
                };
        try (text) {
            List<String> pieces = new ArrayList<>();
            for (String piece : text) {
                pieces.add(piece);
            }
            return pieces;
        }
    }

    /** What the charset's own decoder makes of {@code bytes} in one call, or "failed". */
    private static String oneShot(Charset cs, TextErrorPolicy policy, byte[] bytes) {
        CodingErrorAction action =
                switch (policy) {
                    case STRICT -> CodingErrorAction.REPORT;
                    case REPLACE -> CodingErrorAction.REPLACE;
                    case IGNORE -> CodingErrorAction.IGNORE;
                };
        try {
            return cs.newDecoder()
                    .onMalformedInput(action)
                    .onUnmappableCharacter(action)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return "failed";
        }
    }

    /** The pieces joined, or "failed" if decoding failed ({@code STRICT} on bad bytes). */
    private static String decodeJoined(
            Over over, Charset cs, TextErrorPolicy policy, List<byte[]> chunks) {
        try {
            return String.join("", decode(over, cs, policy, chunks));
        } catch (UncheckedIOException e) {
            return "failed";
        }
    }
}
