package io.weft.internal.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.MalformedInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text layer of a text-mode file, with Python's {@code TextIOWrapper} semantics: decoding and
 * encoding in a charset (strictly: bad input is the JDK's {@link CharacterCodingException}, as
 * {@code Files.readString} reports it), newline translation and line splitting. Every method runs
 * in the handle's worker thread under its lock, so the state needs no synchronization.
 *
 * <p><b>Newlines</b> ({@code newline}): null reads universal newlines ({@code \n}, {@code \r},
 * {@code \r\n}) as {@code \n} and writes {@code \n} as the platform's line separator; {@code ""}
 * splits lines at universal newlines without translating either way; {@code "\n"}, {@code "\r"} or
 * {@code "\r\n"} splits lines only at that string on reading (no translation) and writes {@code \n}
 * as it.
 *
 * <p><b>Positions.</b> Decoded characters not consumed yet are kept untranslated, so the byte
 * position of the next character is the channel's position less the undecoded bytes and the
 * re-encoded length of those characters: exact for charsets that encode what they decode the same
 * way (UTF-8, ASCII, ISO-8859-x); with a byte-order mark or a shift state it is an estimate.
 */
public final class TextLayer {
    private static final int CHUNK = 8192;

    private final Charset charset;
    private final String newline;
    private final CharsetDecoder decoder;
    private CharsetEncoder encoder;
    private boolean encoded; // the encoder has been used: close must flush it

    private final ByteBuffer raw = ByteBuffer.allocate(CHUNK).flip(); // undecoded bytes
    private final StringBuilder chars = new StringBuilder(); // decoded, not translated
    private int next; // index of the next unconsumed char in chars
    private boolean eof;

    /** A text layer for {@code charset} with Python's {@code newline} ({@code null} universal). */
    public TextLayer(Charset charset, String newline) {
        this.charset = charset;
        this.newline = newline;
        this.decoder = charset.newDecoder();
        this.encoder = charset.newEncoder();
    }

    // ------------------------------------------------------------------ reading

    /** Decodes more input; false if the input had ended and nothing more is to come. */
    private boolean fill(SeekableByteChannel ch) throws IOException {
        if (eof) {
            return false;
        }
        if (next > CHUNK && next * 2 > chars.length()) {
            chars.delete(0, next); // drop what was consumed, at an amortised cost
            next = 0;
        }
        raw.compact();
        int n = ch.read(raw);
        raw.flip();
        CharBuffer out =
                CharBuffer.allocate(
                        (int) (raw.remaining() * (double) decoder.maxCharsPerByte()) + 4);
        CoderResult r = decoder.decode(raw, out, n < 0);
        if (r.isError()) {
            r.throwException();
        }
        if (n < 0) {
            eof = true;
            r = decoder.flush(out);
            if (r.isError()) {
                r.throwException();
            }
            if (raw.hasRemaining()) {
                throw new MalformedInputException(raw.remaining()); // truncated at the end
            }
        }
        out.flip();
        chars.append(out);
        return true;
    }

    /**
     * Reads up to {@code max} characters (after newline translation), fewer only at the end of the
     * input; "" at the end.
     */
    public String read(SeekableByteChannel ch, int max) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < max) {
            if (next >= chars.length()) {
                if (!fill(ch)) {
                    break;
                }
                continue;
            }
            if (newline != null) {
                int take = Math.min(max - sb.length(), chars.length() - next);
                sb.append(chars, next, next + take);
                next += take;
                continue;
            }
            char c = chars.charAt(next);
            if (c != '\r') {
                // Copy up to the next '\r' at once: the common case has none.
                int end = (int) Math.min(chars.length(), (long) next + (max - sb.length()));
                int cr = indexOf(chars, '\r', next, end);
                int stop = cr < 0 ? end : cr;
                sb.append(chars, next, stop);
                next = stop;
                continue;
            }
            if (next + 1 >= chars.length() && fill(ch)) {
                continue; // decide "\r\n" or "\r" once the next character is known
            }
            next++;
            if (next < chars.length() && chars.charAt(next) == '\n') {
                next++;
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads one line with its line end (translated to {@code \n} when {@code newline} is null), or
     * the rest of the input if it has no line end; null at the end of the input.
     */
    public String readLine(SeekableByteChannel ch) throws IOException {
        int scan = next;
        for (; ; ) {
            int end = -1; // index after the terminator
            int termStart = -1;
            if (newline == null || newline.isEmpty()) {
                for (int i = scan; i < chars.length(); i++) {
                    char c = chars.charAt(i);
                    if (c == '\n') {
                        termStart = i;
                        end = i + 1;
                        break;
                    }
                    if (c == '\r') {
                        if (i + 1 >= chars.length() && !eof) {
                            break; // '\r' last: read on to see whether '\n' follows
                        }
                        termStart = i;
                        end = i + 1 < chars.length() && chars.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                        break;
                    }
                    scan = i + 1;
                }
            } else {
                int i = chars.indexOf(newline, scan);
                if (i >= 0) {
                    termStart = i;
                    end = i + newline.length();
                } else {
                    scan = Math.max(next, chars.length() - newline.length() + 1);
                }
            }
            if (end >= 0) {
                String line =
                        newline == null
                                ? chars.substring(next, termStart) + "\n"
                                : chars.substring(next, end);
                next = end;
                return line;
            }
            int before = next;
            if (!fill(ch)) {
                if (next >= chars.length()) {
                    return null;
                }
                String rest = chars.substring(next);
                next = chars.length();
                return rest;
            }
            scan += next - before; // fill may have moved the characters down
        }
    }

    /** Reads every remaining line (see {@link #readLine}). */
    public List<String> readLines(SeekableByteChannel ch) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l; (l = readLine(ch)) != null; ) {
            lines.add(l);
        }
        return lines;
    }

    /** Whether decoded characters or undecoded bytes are held that the channel is past. */
    private boolean readAhead() {
        return next < chars.length() || raw.hasRemaining();
    }

    /**
     * The byte position of the next character to read (see the class comment), computed from the
     * channel's position.
     */
    public long tell(SeekableByteChannel ch) throws IOException {
        long pos = ch.position();
        if (!readAhead()) {
            return pos;
        }
        long pending = raw.remaining();
        if (next < chars.length()) {
            pending +=
                    charset.newEncoder()
                            .encode(CharBuffer.wrap(chars, next, chars.length()))
                            .remaining();
        }
        return pos - pending;
    }

    /**
     * Forgets what was read ahead, moving the channel back to the next unread character first if
     * {@code reposition}: before a write, and before a seek relative to the current position.
     */
    public void discardReadAhead(SeekableByteChannel ch, boolean reposition) throws IOException {
        if (readAhead()) {
            if (reposition) {
                ch.position(tell(ch));
            }
            raw.clear().flip();
            decoder.reset();
        } else if (eof) {
            decoder.reset(); // flushed at the end: reset before it decodes again
        }
        chars.setLength(0);
        next = 0;
        eof = false;
    }

    // ------------------------------------------------------------------ writing

    /** Translates {@code s}'s line ends and encodes it. */
    public ByteBuffer encode(String s) throws IOException {
        String t = s;
        if (newline == null) {
            String sep = System.lineSeparator();
            if (!sep.equals("\n")) {
                t = s.replace("\n", sep);
            }
        } else if (newline.equals("\r") || newline.equals("\r\n")) {
            t = s.replace("\n", newline);
        }
        CharBuffer in = CharBuffer.wrap(t);
        ByteBuffer out =
                ByteBuffer.allocate(
                        (int)
                                Math.min(
                                        Integer.MAX_VALUE - 16,
                                        (long) (t.length() * (double) encoder.maxBytesPerChar())
                                                + 16));
        encoded = true;
        for (; ; ) {
            CoderResult r = encoder.encode(in, out, false);
            if (r.isError()) {
                r.throwException();
            }
            if (r.isOverflow()) {
                ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2);
                out.flip();
                bigger.put(out);
                out = bigger;
                continue;
            }
            break;
        }
        if (in.hasRemaining()) {
            // A high surrogate at the very end: each write must be whole text.
            throw new MalformedInputException(in.remaining());
        }
        return out.flip();
    }

    /** The bytes that end the encoding (a shift state's reset), or null if none are needed. */
    public ByteBuffer finishEncoding() throws IOException {
        if (!encoded) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(64);
        CoderResult r = encoder.encode(CharBuffer.allocate(0), out, true);
        if (r.isError()) {
            r.throwException();
        }
        r = encoder.flush(out);
        if (r.isError()) {
            r.throwException();
        }
        encoder = charset.newEncoder();
        encoded = false;
        out.flip();
        return out.hasRemaining() ? out : null;
    }

    private static int indexOf(CharSequence s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
