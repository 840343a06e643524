package io.weft.internal.idna;

/**
 * Punycode (RFC 3492): the Bootstring encoding of a string of code points as letters, digits and
 * hyphens, with the parameters the RFC fixes for IDNA (base 36, tmin 1, tmax 26, skew 38, damp 700,
 * initial bias 72, initial n 128). Used by {@link Idna}; without the {@code xn--} prefix.
 *
 * <p>The encoding copies the basic (ASCII) code points first, then a delimiter if there were any,
 * then one generalized variable-length integer per non-basic code point. Each integer is a delta:
 * the decoder's state {@code (n, i)} (the code point being inserted and its position) advances by
 * it, and {@code n} only grows, so the encoder emits the code points in increasing order, each
 * occurrence in order of position. After each delta the bias is adapted so that small deltas, which
 * dominate, take few digits. The encoder emits lowercase digits; the decoder accepts either case
 * (the RFC's mixed-case annotation is not kept). All arithmetic is checked: an input whose deltas
 * overflow an {@code int} is refused, as the RFC requires.
 */
public final class Punycode {
    private static final int BASE = 36;
    private static final int TMIN = 1;
    private static final int TMAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 0x80;
    private static final char DELIMITER = '-';

    private Punycode() {}

    /**
     * The Punycode form of {@code text}: its ASCII characters as they are, then {@code -} if there
     * were any, then the encoded rest. Not a checkpoint.
     *
     * @throws IllegalArgumentException if {@code text} is too long for the deltas to fit an {@code
     *     int} (far beyond any DNS label)
     */
    public static String encode(String text) {
        int[] input = text.codePoints().toArray();
        StringBuilder out = new StringBuilder(input.length + 8);
        for (int c : input) {
            if (c < INITIAL_N) {
                out.append((char) c);
            }
        }
        int basic = out.length();
        if (basic > 0) {
            out.append(DELIMITER);
        }
        try {
            int n = INITIAL_N;
            int delta = 0;
            int bias = INITIAL_BIAS;
            int handled = basic;
            while (handled < input.length) {
                int m = Integer.MAX_VALUE; // the smallest code point not yet handled
                for (int c : input) {
                    if (c >= n && c < m) {
                        m = c;
                    }
                }
                // Skipping from n to m costs one step per (code point, position) pair passed over.
                delta = Math.addExact(delta, Math.multiplyExact(m - n, handled + 1));
                n = m;
                for (int c : input) {
                    if (c < n) {
                        delta = Math.incrementExact(delta);
                    } else if (c == n) {
                        appendInteger(out, delta, bias);
                        bias = adapt(delta, handled + 1, handled == basic);
                        delta = 0;
                        handled++;
                    }
                }
                delta = Math.incrementExact(delta);
                n = Math.incrementExact(n);
            }
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("too long to encode as Punycode", overflow);
        }
        return out.toString();
    }

    /**
     * The text whose Punycode form is {@code encoded} (digits of either case). Not a checkpoint.
     *
     * @throws IllegalArgumentException if {@code encoded} is not valid Punycode: a non-ASCII
     *     character before the last {@code -}, a character that is not a digit, a truncated
     *     integer, an overflow, or a result that is not a Unicode scalar value
     */
    public static String decode(String encoded) {
        int last = encoded.lastIndexOf(DELIMITER);
        int[] out = new int[encoded.length()]; // never more code points than input characters
        int length = 0;
        for (int j = 0; j < Math.max(last, 0); j++) {
            char c = encoded.charAt(j);
            if (c >= INITIAL_N) {
                throw invalid(encoded, "a non-ASCII character before the delimiter");
            }
            out[length++] = c;
        }
        // The delimiter is consumed only if it ended a basic part; a leading one is a digit (bad).
        int in = last > 0 ? last + 1 : 0;
        int n = INITIAL_N;
        int i = 0;
        int bias = INITIAL_BIAS;
        try {
            while (in < encoded.length()) {
                int oldI = i;
                int w = 1;
                for (int k = BASE; ; k += BASE) {
                    if (in >= encoded.length()) {
                        throw invalid(encoded, "it ends in the middle of a number");
                    }
                    int digit = digitValue(encoded.charAt(in++));
                    if (digit < 0) {
                        throw invalid(encoded, "'" + encoded.charAt(in - 1) + "' is not a digit");
                    }
                    i = Math.addExact(i, Math.multiplyExact(digit, w));
                    int t = threshold(k, bias);
                    if (digit < t) {
                        break;
                    }
                    w = Math.multiplyExact(w, BASE - t);
                }
                bias = adapt(i - oldI, length + 1, oldI == 0);
                n = Math.addExact(n, i / (length + 1));
                i %= length + 1;
                if (n > Character.MAX_CODE_POINT || (n >= 0xD800 && n <= 0xDFFF)) {
                    throw invalid(encoded, "it encodes " + n + ", not a Unicode scalar value");
                }
                System.arraycopy(out, i, out, i + 1, length - i);
                out[i++] = n;
                length++;
            }
        } catch (ArithmeticException overflow) {
            throw invalid(encoded, "a number overflows");
        }
        return new String(out, 0, length);
    }

    /** Appends {@code q} as a generalized variable-length integer (RFC 3492 section 3.3). */
    private static void appendInteger(StringBuilder out, int q, int bias) {
        for (int k = BASE; ; k += BASE) {
            int t = threshold(k, bias);
            if (q < t) {
                out.append(digitChar(q));
                return;
            }
            out.append(digitChar(t + (q - t) % (BASE - t)));
            q = (q - t) / (BASE - t);
        }
    }

    private static int threshold(int k, int bias) {
        return k <= bias ? TMIN : Math.min(k - bias, TMAX);
    }

    /** The bias after a delta (RFC 3492 section 3.4): scaled down, then fitted to the length. */
    private static int adapt(int delta, int points, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / points;
        int k = 0;
        while (delta > ((BASE - TMIN) * TMAX) / 2) {
            delta /= BASE - TMIN;
            k += BASE;
        }
        return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
    }

    private static char digitChar(int d) {
        return (char) (d < 26 ? 'a' + d : '0' + (d - 26));
    }

    private static int digitValue(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 26;
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String encoded, String why) {
        return new IllegalArgumentException(
                "\"" + encoded + "\" is not valid Punycode (RFC 3492): " + why);
    }
}
