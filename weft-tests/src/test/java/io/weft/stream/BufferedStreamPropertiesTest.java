package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.DelimiterNotFound;
import io.weft.EndOfStream;
import io.weft.IncompleteRead;
import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.property.Gen;
import io.weft.property.PropertyCheck;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests of how {@link BufferedByteReceiveStream} and {@link BufferedByteStream}
 * reassemble bytes: {@code receiveExactly}, {@code receiveUntil} and plain receives over an input
 * cut into arbitrary chunks give what the input as a whole gives, and lose nothing.
 *
 * <p>Why: these are the parsers of every line- or length-framed protocol on Weft, and their bugs
 * hide at chunk boundaries (a delimiter split across two chunks, a chunk larger than asked for, an
 * empty chunk, a read that gives up). Example tests pin a few cuts; these try 1,000 inputs each,
 * cut at random points, over both kinds of inner stream: an object stream of {@code byte[]} chunks
 * (whose chunks come whole, whatever was asked for, and may be empty) and a byte stream ({@link
 * ChunkedByteStream}, which returns at most what was asked for). Each input runs in its own runtime
 * on the SERIAL backend. The inputs come from a few bytes ({@code a}, {@code b}, CR, LF and
 * sometimes any byte), and the delimiters from {@code a}, {@code b} and line ends, so that
 * delimiters overlap themselves and the input often holds partial matches. Seeds and replay: see
 * {@link PropertyCheck}.
 */
class BufferedStreamPropertiesTest {
    private static final int TRIES = 1000;

    /** Which wrapper, over which kind of inner stream. */
    enum Over {
        /** A {@link BufferedByteReceiveStream} over a memory object stream of the chunks. */
        CHUNKS,
        /** A {@link BufferedByteStream} over a {@link ChunkedByteStream} of the chunks. */
        BYTES
    }

    /** One call on the buffered stream. */
    sealed interface Op {}

    /** {@code receiveExactly(n)}. */
    record Exactly(int n) implements Op {}

    /** {@code receiveUntil(delimiter, maxBytes)}. */
    record Until(byte[] delimiter, int maxBytes) implements Op {}

    /** {@code receive(maxBytes)}. */
    record Receive(int maxBytes) implements Op {}

    /** {@code receive(ByteBuffer)} into a buffer with room for {@code room} bytes. */
    record ReceiveInto(int room) implements Op {}

    /**
     * A test input: what was fed with {@code feedData} before anything was received, the inner
     * stream's bytes, the sizes of its chunks (what is left after them is one more chunk), and the
     * calls to make.
     */
    record Case(Over over, byte[] fed, byte[] data, List<Integer> cuts, List<Op> ops) {}

    // ---------------------------------------------------------------- generators

    private static final Gen<Byte> BYTE =
            Gen.frequency(
                    12, Gen.elements((byte) 'a', (byte) 'b'),
                    3, Gen.elements((byte) '\r', (byte) '\n'),
                    1, Gen.anyByte());

    private static final Gen<byte[]> DATA = Gen.bytes(BYTE, 0, 1000, 150);

    private static final byte[] CRLF = {'\r', '\n'};

    /**
     * Delimiters: of {@code a} and {@code b} (frequent in the input, overlapping themselves), line
     * ends (rarer), or any mix of these.
     */
    private static final Gen<byte[]> DELIMITER =
            Gen.frequency(
                    2, Gen.bytes(Gen.elements((byte) 'a', (byte) 'b'), 1, 4, 1),
                    2, Gen.elements(CRLF, new byte[] {'\n'}, new byte[] {'\r', '\n', '\r', '\n'}),
                    1,
                            Gen.bytes(
                                    Gen.elements((byte) 'a', (byte) 'b', (byte) '\r', (byte) '\n'),
                                    1,
                                    4,
                                    1));

    /** Chunk sizes: mostly small, some empty (skipped by a byte stream), some large. */
    private static final Gen<List<Integer>> CUTS =
            Gen.frequency(8, Gen.integers(1, 8), 1, Gen.constant(0), 2, Gen.integers(9, 200))
                    .list(0, 200, 12);

    private static final Gen<Over> OVER = Gen.elements(Over.values());

    private static final Gen<Op> EXACTLY =
            Gen.frequency(4, Gen.integers(0, 16), 1, Gen.integers(0, 300)).map(Exactly::new);

    /** receiveUntil with no limit that matters. */
    private static final Gen<Op> UNTIL = DELIMITER.map(d -> new Until(d, Integer.MAX_VALUE));

    /** receiveUntil with a limit that often matters. */
    private static final Gen<Op> LIMITED_UNTIL =
            DELIMITER.flatMap(d ->
                    Gen.frequency(3, Gen.integers(1, 8), 2, Gen.integers(1, 60))
                            .map(max -> new Until(d, max)));

    private static final Gen<Op> RECEIVE = Gen.integers(1, 50).map(Receive::new);

    private static final Gen<Op> RECEIVE_INTO = Gen.integers(1, 50).map(ReceiveInto::new);

    private static Gen<Case> cases(Gen<byte[]> fed, Gen<Op> op) {
        return OVER.flatMap(over ->
                fed.flatMap(f ->
                        DATA.flatMap(data ->
                                CUTS.flatMap(cuts ->
                                        op.list(1, 30, 8)
                                                .map(ops -> new Case(over, f, data, cuts, ops))))));
    }

    // ---------------------------------------------------------------- properties

    /**
     * {@code receiveExactly} and {@code receiveUntil} (with no limit) return the same, call by
     * call, whatever the cut: the same as with the input in one chunk, and as the model (the next
     * {@code n} bytes; the bytes up to the first delimiter; {@link IncompleteRead} with nothing
     * consumed when the input has too few). What is left comes out of plain receives. (The region
     * is shown in docs/testing.md.)
     */
    // region property
    @Test
    void exactAndDelimitedReadsDoNotDependOnTheSplit() {
        PropertyCheck.forAll(
                TRIES,
                cases(Gen.constant(new byte[0]), Gen.oneOf(EXACTLY, UNTIL)),
                c -> {
                    List<String> model = model(c);
                    List<String> split = run(c, ChunkedByteStream.split(c.data, c.cuts));
                    List<String> whole = run(c, List.of(c.data));
                    assertThat(split).as("cut into chunks").isEqualTo(model);
                    assertThat(whole).as("in one chunk").isEqualTo(model);
                });
    }
    // endregion

    /**
     * {@code receiveUntil} with a limit: a delimiter that ends within the limit is always found; a
     * {@link DelimiterNotFound} happens only when the delimiter does not end within the limit, and
     * then at least {@code maxBytes} bytes are buffered and none is lost; {@link IncompleteRead}
     * only when the input ends first. What a call returns is always the next record.
     */
    @Test
    void limitedReceiveUntilFindsWhatFitsAndLosesNothing() {
        PropertyCheck.forAll(
                TRIES,
                cases(Gen.constant(new byte[0]), Gen.frequency(4, LIMITED_UNTIL, 1, EXACTLY)),
                c -> run(c, ChunkedByteStream.split(c.data, c.cuts)));
    }

    /**
     * Every kind of receive mixed ({@code receive(maxBytes)}, {@code receive(ByteBuffer)}, {@code
     * receiveExactly}, {@code receiveUntil}), after bytes fed with {@code feedData}: together they
     * return the fed bytes then the input, in order, each plain receive 1 to {@code maxBytes}
     * bytes, and {@link EndOfStream} only once everything was returned.
     */
    @Test
    void receivesOfEveryKindReturnTheInputInOrder() {
        PropertyCheck.forAll(
                TRIES,
                cases(
                        Gen.frequency(3, Gen.constant(new byte[0]), 1, Gen.bytes(BYTE, 1, 20, 4)),
                        Gen.oneOf(RECEIVE, RECEIVE_INTO, EXACTLY, UNTIL)),
                c -> run(c, ChunkedByteStream.split(c.data, c.cuts)));
    }

    // ---------------------------------------------------------------- running a case

    /**
     * Makes the calls of {@code c} on a buffered stream over {@code chunks}, checking each against
     * the model of the whole input, and returns what each returned ({@code hex} or the exception's
     * class name), then everything left, received to the end.
     */
    private static List<String> run(Case c, List<byte[]> chunks) {
        return Weft.run(
                RunOptions.defaults().backend(Backend.SERIAL),
                () -> {
                    Buffered in = open(c.over, chunks);
                    in.feed(c.fed);
                    byte[] all = concat(c.fed, c.data);
                    int at = 0; // what the model has consumed
                    List<String> out = new ArrayList<>();
                    for (Op op : c.ops) {
                        int left = all.length - at;
                        switch (op) {
                            case Exactly(int n) -> {
                                if (n <= left) {
                                    byte[] got = in.exactly(n);
                                    assertThat(got).isEqualTo(Arrays.copyOfRange(all, at, at + n));
                                    at += n;
                                    out.add(hex(got));
                                } else {
                                    expectThrows(IncompleteRead.class, () -> in.exactly(n));
                                    out.add("IncompleteRead");
                                }
                            }
                            case Until(byte[] d, int max) -> {
                                int index = indexOf(all, d, at);
                                byte[] got;
                                try {
                                    got = in.until(d, max);
                                } catch (DelimiterNotFound e) {
                                    assertThat(index < 0 || index - at + d.length > max)
                                            .as(
                                                    "DelimiterNotFound, though the delimiter"
                                                            + " ends within %d bytes",
                                                    max)
                                            .isTrue();
                                    assertThat(left).isGreaterThanOrEqualTo(max);
                                    byte[] kept = in.buffer();
                                    assertThat(kept.length).isGreaterThanOrEqualTo(max);
                                    assertThat(kept)
                                            .isEqualTo(
                                                    Arrays.copyOfRange(all, at, at + kept.length));
                                    out.add("DelimiterNotFound");
                                    continue;
                                } catch (IncompleteRead e) {
                                    assertThat(index).as("a delimiter was there").isNegative();
                                    assertThat(left).isLessThan(max);
                                    out.add("IncompleteRead");
                                    continue;
                                }
                                assertThat(index).as("a delimiter was found").isNotNegative();
                                assertThat(got).isEqualTo(Arrays.copyOfRange(all, at, index));
                                at = index + d.length;
                                out.add(hex(got));
                            }
                            case Receive(int max) -> {
                                if (left == 0) {
                                    expectThrows(EndOfStream.class, () -> in.stream.receive(max));
                                    out.add("EndOfStream");
                                } else {
                                    byte[] got = in.stream.receive(max);
                                    assertThat(got.length).isBetween(1, max);
                                    assertThat(got)
                                            .isEqualTo(
                                                    Arrays.copyOfRange(all, at, at + got.length));
                                    at += got.length;
                                    out.add(hex(got));
                                }
                            }
                            case ReceiveInto(int room) -> {
                                ByteBuffer dst =
                                        ByteBuffer.allocate(room + 2).position(1).limit(room + 1);
                                if (left == 0) {
                                    expectThrows(EndOfStream.class, () -> in.stream.receive(dst));
                                    out.add("EndOfStream");
                                } else {
                                    int n = in.stream.receive(dst);
                                    assertThat(n).isBetween(1, room).isEqualTo(dst.position() - 1);
                                    byte[] got = Arrays.copyOfRange(dst.array(), 1, 1 + n);
                                    assertThat(got).isEqualTo(Arrays.copyOfRange(all, at, at + n));
                                    at += n;
                                    out.add(hex(got));
                                }
                            }
                        }
                    }
                    ByteArrayOutputStream rest = new ByteArrayOutputStream();
                    for (byte[] chunk : in.stream) {
                        rest.writeBytes(chunk);
                    }
                    assertThat(rest.toByteArray())
                            .as("what is left")
                            .isEqualTo(Arrays.copyOfRange(all, at, all.length));
                    out.add("rest " + hex(rest.toByteArray()));
                    in.stream.close();
                    return out;
                });
    }

    /** What the calls of {@code c} return according to the model of the whole input. */
    private static List<String> model(Case c) {
        byte[] all = concat(c.fed, c.data);
        int at = 0;
        List<String> out = new ArrayList<>();
        for (Op op : c.ops) {
            switch (op) {
                case Exactly(int n) -> {
                    if (n <= all.length - at) {
                        out.add(hex(Arrays.copyOfRange(all, at, at + n)));
                        at += n;
                    } else {
                        out.add("IncompleteRead");
                    }
                }
                case Until(byte[] d, int max) -> {
                    int index = indexOf(all, d, at);
                    if (index >= 0) {
                        out.add(hex(Arrays.copyOfRange(all, at, index)));
                        at = index + d.length;
                    } else {
                        out.add("IncompleteRead");
                    }
                }
                default -> throw new IllegalArgumentException("no model of " + op);
            }
        }
        out.add("rest " + hex(Arrays.copyOfRange(all, at, all.length)));
        return out;
    }

    /** The calls of the property, whichever wrapper is under test. */
    private static final class Buffered {
        final ByteReceiveStream stream;
        private final IntFunction<byte[]> exactly;
        private final BiFunction<byte[], Integer, byte[]> until;
        private final Supplier<byte[]> buffer;
        private final Consumer<byte[]> feed;

        Buffered(
                ByteReceiveStream stream,
                IntFunction<byte[]> exactly,
                BiFunction<byte[], Integer, byte[]> until,
                Supplier<byte[]> buffer,
                Consumer<byte[]> feed) {
            this.stream = stream;
            this.exactly = exactly;
            this.until = until;
            this.buffer = buffer;
            this.feed = feed;
        }

        byte[] exactly(int n) {
            return exactly.apply(n);
        }

        byte[] until(byte[] d, int max) {
            return until.apply(d, max);
        }

        byte[] buffer() {
            return buffer.get();
        }

        void feed(byte[] data) {
            feed.accept(data);
        }
    }

    private static Buffered open(Over over, List<byte[]> chunks) {
        return switch (over) {
            case CHUNKS -> {
                var pair = MemoryObjectStream.<byte[]>unbounded();
                chunks.forEach(pair.sendStream()::sendNowait);
                pair.sendStream().close();
                var b = new BufferedByteReceiveStream(pair.receiveStream());
                yield new Buffered(b, b::receiveExactly, b::receiveUntil, b::buffer, b::feedData);
            }
            case BYTES -> {
                var b = new BufferedByteStream(new ChunkedByteStream(chunks));
                yield new Buffered(b, b::receiveExactly, b::receiveUntil, b::buffer, b::feedData);
            }
        };
    }

    // ---------------------------------------------------------------- helpers

    private static void expectThrows(Class<? extends Throwable> type, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            assertThat(t).isInstanceOf(type);
            return;
        }
        throw new AssertionError("expected " + type.getSimpleName() + ", but the call returned");
    }

    /** Where {@code d} first occurs in {@code data} at or after {@code from}, or -1. */
    static int indexOf(byte[] data, byte[] d, int from) {
        for (int i = from; i + d.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + d.length, d, 0, d.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
