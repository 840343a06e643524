package io.weft.internal.idna;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * IDNA 2008 conversion of a host name to its ASCII form (A-labels), as AnyIO's {@code getaddrinfo}
 * does with {@code idna.encode(host, uts46=True)}: UTS #46 non-transitional mapping, the IDNA 2008
 * validity rules for each label, then Punycode ({@link Punycode}).
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>Split the name on the four label separators U+002E, U+3002, U+FF0E and U+FF61.
 *   <li>Map each label (UTS #46 section 4, step 1), code point by code point: drop the code points
 *       UTS #46 ignores (soft hyphen, variation selectors, zero-width space, ...), keep the
 *       deviation characters ß, ς, ZWNJ and ZWJ (non-transitional processing, as in IDNA 2008:
 *       {@code faß.de} becomes {@code xn--fa-hia.de}, not IDNA 2003's {@code fass.de}), NFKC and
 *       fold the case of the others; then NFC. A last label that is empty once mapped (a trailing
 *       dot) stands for the DNS root and is kept as a trailing dot; any other empty label is an
 *       error, and so is a label whose mapping contains a full stop (such as U+2488 ⒈).
 *   <li>A mapped label starting with {@code xn--} is an A-label: it is decoded, the result is
 *       validated as below, and it must encode back to the same A-label (RFC 5891 section 5.4). Any
 *       other label is validated, and encoded with Punycode and {@code xn--} if it is not ASCII.
 *   <li>Validate (RFC 5891 section 5.4): NFC; no hyphen at the start or end, none in both the 3rd
 *       and 4th positions; no combining mark first; each code point PVALID, or CONTEXTJ / CONTEXTO
 *       with its context rule met (RFC 5892); the Bidi rule (RFC 5893).
 *   <li>Lengths: each A-label 1..63 octets, the whole name at most 253 (not counting the root's
 *       dot).
 * </ol>
 *
 * <h2>What is approximated</h2>
 *
 * The JDK has neither the UTS #46 mapping table nor the IDNA 2008 derived-property table, so both
 * are computed from the JDK's Unicode data (Unicode 16 in Java 25):
 *
 * <ul>
 *   <li><b>Mapping.</b> UTS #46's table is, for the code points it allows, NFKC_Casefold. Here:
 *       NFKC, then each resulting code point upper-cased and lower-cased ({@link
 *       String#toUpperCase} then {@link String#toLowerCase}, root locale: lower-casing alone misses
 *       full case folding's ι for the iota subscripts and the Cyrillic letter variants), Cherokee
 *       folded to its capitals and dotless ı kept, as Unicode's case folding does. The ignored set
 *       is hard-coded from UTS #46 17.0. UTS #46's disallowed code points are not refused while
 *       mapping; the validity rules refuse them afterwards, so the error names the IDNA 2008 rule
 *       rather than the table.
 *   <li><b>Derived property</b> (RFC 5892 section 3), in the RFC's order: the exception table
 *       (section 2.6), unassigned, LDH, the joiners, Unstable (the mapping above changes the code
 *       point, which also covers the default-ignorable letters and marks, all in the ignored set),
 *       the three ignorable blocks, old Hangul jamo (by block), then the categories Ll, Lu, Lo, Lm,
 *       Mn, Mc, Nd.
 *   <li><b>CONTEXTJ.</b> ZWNJ and ZWJ are allowed only right after a virama (combining class 9;
 *       {@link #isVirama the list} is hard-coded for Unicode 16). RFC 5892's second rule for ZWNJ,
 *       which allows it between Arabic-script joining letters, needs Joining_Type, which the JDK
 *       lacks: such a ZWNJ (common in Persian) is refused here, where AnyIO accepts it.
 *   <li><b>CONTEXTO.</b> All of RFC 5892 appendix A (middle dot between two {@code l}, Greek
 *       keraia, Hebrew geresh and gershayim, katakana middle dot, the two sets of Arabic-Indic
 *       digits), with scripts from {@link Character.UnicodeScript}.
 *   <li><b>Bidi rule.</b> Checked, with {@link Character#getDirectionality}, on each label that
 *       contains an R, AL or AN character, as AnyIO's {@code idna} package does; RFC 5893 asks for
 *       it on every label of a name that has such a character.
 * </ul>
 *
 * <p>Measured once against the tables of the {@code idna} package 3.13 (UTS #46 and IDNA 2008 for
 * Unicode 17), which AnyIO uses: the mapping agrees for every code point Unicode 16 assigns that
 * UTS #46 does not disallow; no disallowed one maps to text that would pass; the derived property
 * agrees for every code point Unicode 16 assigns; of 79,000 random names, all converted alike
 * except those with a ZWNJ between Arabic letters (above) and two that Python's own Unicode 14 data
 * could not classify. Code points new in Unicode 17 are unassigned to Java 25 and refused. Not
 * checked, as in AnyIO: UTS #46's STD3 rules (an underscore is refused anyway, as IDNA 2008
 * disallows it). {@code IdnaTest} pins the known cases.
 */
public final class Idna {
    private static final int ZWNJ = 0x200C;
    private static final int ZWJ = 0x200D;
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 253;

    /** The code points UTS #46 (17.0) maps to nothing, as inclusive ranges. */
    private static final int[] IGNORED = {
        0x00AD, 0x00AD, 0x034F, 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180F,
        0x200B, 0x200B, 0x2060, 0x2064, 0x206A, 0x206F, 0x3164, 0x3164, 0xFE00, 0xFE0F,
        0xFEFF, 0xFEFF, 0xFFA0, 0xFFA0, 0x1BCA0, 0x1BCA3, 0x1D173, 0x1D17A, 0xE0100, 0xE01EF
    };

    /** Every code point of Canonical_Combining_Class 9 (Virama) in Unicode 16, sorted. */
    private static final int[] VIRAMAS = {
        0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D3B, 0x0D3C, 0x0D4D,
        0x0DCA, 0x0E3A, 0x0EBA, 0x0F84, 0x1039, 0x103A, 0x1714, 0x1715, 0x1734, 0x17D2, 0x1A60,
        0x1B44, 0x1BAA, 0x1BAB, 0x1BF2, 0x1BF3, 0x2D7F, 0xA806, 0xA82C, 0xA8C4, 0xA953, 0xA9C0,
        0xAAF6, 0xABED, 0x10A3F, 0x11046, 0x11070, 0x1107F, 0x110B9, 0x11133, 0x11134, 0x111C0,
        0x11235, 0x112EA, 0x1134D, 0x113CE, 0x113CF, 0x113D0, 0x11442, 0x114C2, 0x115BF, 0x1163F,
        0x116B6, 0x1172B, 0x11839, 0x1193D, 0x1193E, 0x119E0, 0x11A34, 0x11A47, 0x11A99, 0x11C3F,
        0x11D44, 0x11D45, 0x11D97, 0x11F41, 0x11F42, 0x1612F
    };

    /** RFC 5892's derived property values (section 2). */
    enum Property {
        PVALID,
        CONTEXTJ,
        CONTEXTO,
        DISALLOWED,
        UNASSIGNED
    }

    private Idna() {}

    /**
     * The ASCII form of the host name {@code name}: each label mapped, validated and, if not ASCII,
     * Punycode-encoded with the {@code xn--} prefix; an existing {@code xn--} label is decoded and
     * validated, and kept. An ASCII name such as {@code example.com} comes back lowercased and
     * otherwise unchanged. Not a checkpoint.
     *
     * <p>Where this throws, AnyIO's {@code idna.encode(host, uts46=True)} raises {@code
     * idna.IDNAError} (a {@code UnicodeError}, so a {@code ValueError}) out of {@code getaddrinfo}:
     * the name is refused before any lookup.
     *
     * @throws IllegalArgumentException naming the label and the rule it breaks, if the name is
     *     empty, has an empty label, a code point IDNA 2008 disallows, a joiner or other context
     *     character out of its context, a misplaced hyphen, a leading combining mark, a label
     *     against the Bidi rule, an invalid {@code xn--} label, or a label or name too long
     */
    public static String toAscii(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the host name is empty");
        }
        List<String> raws = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
            int cp = name.codePointAt(i);
            if (isSeparator(cp)) {
                raws.add(name.substring(start, i));
                start = i + Character.charCount(cp);
            }
        }
        raws.add(name.substring(start));
        List<String> mapped = raws.stream().map(Idna::map).toList();
        // A last label that is empty once mapped (a trailing dot, or one followed only by ignored
        // code points) is the root, as when UTS #46 maps the whole name before splitting it.
        int labels = raws.size() > 1 && mapped.getLast().isEmpty() ? raws.size() - 1 : raws.size();
        StringBuilder out = new StringBuilder(name.length() + 16);
        for (int k = 0; k < labels; k++) {
            if (k > 0) {
                out.append('.');
            }
            out.append(label(name, raws.get(k), mapped.get(k)));
        }
        if (out.length() > MAX_NAME) {
            throw new IllegalArgumentException(
                    "host name \""
                            + name
                            + "\" is "
                            + out.length()
                            + " octets in ASCII form, more than "
                            + MAX_NAME
                            + " (RFC 1034)");
        }
        if (labels < raws.size()) {
            out.append('.');
        }
        return out.toString();
    }

    /**
     * The A-label (or ASCII label) for {@code raw}, a label of {@code name}, mapped to {@code
     * label}.
     */
    private static String label(String name, String raw, String label) {
        if (label.isEmpty()) {
            throw fail(name, raw, label, "is empty (RFC 1034)");
        }
        if (label.indexOf('.') >= 0) {
            throw fail(name, raw, label, "maps to text with a full stop (UTS #46 disallows it)");
        }
        String ascii;
        if (label.startsWith("xn--")) {
            // Too long already (an A-label's length is its octets): refused before it is decoded,
            // checked and encoded back, work that grows faster than its length.
            if (label.length() > MAX_LABEL) {
                throw tooLong(name, raw, label, label.length());
            }
            checkALabel(name, raw, label);
            ascii = label;
        } else {
            check(name, raw, label);
            if (isAscii(label)) {
                ascii = label;
            } else {
                // An A-label has "xn--" and at least one octet per code point, so a label of more
                // code points cannot fit; and Punycode could not count the deltas of a label of
                // thousands of them in an int (it throws an error that names no rule).
                int points = label.codePointCount(0, label.length());
                if (points > MAX_LABEL - 4) {
                    throw fail(
                            name,
                            raw,
                            label,
                            "has "
                                    + points
                                    + " code points, too many for an A-label of at most "
                                    + MAX_LABEL
                                    + " octets (RFC 1034)");
                }
                ascii = "xn--" + Punycode.encode(label);
            }
        }
        if (ascii.length() > MAX_LABEL) {
            throw tooLong(name, raw, label, ascii.length());
        }
        return ascii;
    }

    private static IllegalArgumentException tooLong(
            String name, String raw, String label, int octets) {
        return fail(
                name,
                raw,
                label,
                "is " + octets + " octets as an A-label, more than " + MAX_LABEL + " (RFC 1034)");
    }

    private static void checkALabel(String name, String raw, String label) {
        String payload = label.substring(4);
        if (payload.isEmpty()) {
            throw fail(name, raw, label, "has nothing after xn-- (not an A-label, RFC 5890)");
        }
        String decoded;
        try {
            decoded = Punycode.decode(payload);
        } catch (IllegalArgumentException e) {
            throw fail(name, raw, label, "is not an A-label: " + e.getMessage());
        }
        if (isAscii(decoded)) {
            throw fail(name, raw, label, "decodes to ASCII text, so it is not an A-label");
        }
        if (!Normalizer.isNormalized(decoded, Normalizer.Form.NFC)) {
            throw fail(name, raw, label, "decodes to text not in NFC (RFC 5891 section 5.4)");
        }
        check(name, raw, decoded);
        if (!Punycode.encode(decoded).equals(payload)) {
            throw fail(
                    name,
                    raw,
                    label,
                    "does not encode back to itself from \""
                            + decoded
                            + "\" (RFC 5891 section 5.4)");
        }
    }

    // ---------------------------------------------------------------- mapping (UTS #46)

    /** UTS #46 mapping of one label, approximated: see the class overview. */
    static String map(String label) {
        StringBuilder out = new StringBuilder(label.length() + 8);
        // Code point by code point, as UTS #46's table maps: a ς the input has is kept, but a ς
        // that NFKC makes (from U+03F2 ϲ, say) is folded to σ like any other.
        for (int i = 0; i < label.length(); i += Character.charCount(label.codePointAt(i))) {
            int cp = label.codePointAt(i);
            if (cp == 0xDF || cp == 0x3C2 || cp == ZWNJ || cp == ZWJ) {
                out.appendCodePoint(cp); // the deviations: non-transitional processing keeps them
            } else if (!inRanges(IGNORED, cp)) {
                String compatible =
                        Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKC);
                compatible.codePoints().forEach(c -> fold(c, out));
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    private static void fold(int cp, StringBuilder out) {
        if (cp < 0x80) {
            out.append(Character.toLowerCase((char) cp));
        } else if (cp == 0x131) {
            out.appendCodePoint(cp); // dotless ı folds to itself, not to i
        } else if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.CHEROKEE) {
            // Case folding maps Cherokee to its capitals (they came first, in Unicode 3).
            out.appendCodePoint(Character.toUpperCase(cp));
        } else {
            // Upper then lower reaches what full case folding does where lower alone does not:
            // U+0345 and the iota subscripts become ι, the Cyrillic variants their base letters.
            out.append(Character.toString(cp).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
        }
    }

    // ---------------------------------------------------------------- validity (RFC 5891/5892)

    /** Validates the U-label (or ASCII label) {@code label}: RFC 5891 section 5.4. */
    private static void check(String name, String raw, String label) {
        int[] cps = label.codePoints().limit(4).toArray(); // positions count code points
        if (cps.length == 4 && cps[2] == '-' && cps[3] == '-') {
            throw fail(
                    name, raw, label, "has \"--\" in the 3rd and 4th positions (RFC 5891 4.2.3.1)");
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw fail(name, raw, label, "starts or ends with a hyphen (RFC 5891 4.2.3.1)");
        }
        int first = label.codePointAt(0);
        if (isMark(first)) {
            throw fail(name, raw, label, "starts with a combining mark (RFC 5891 4.2.3.2)");
        }
        int position = 0;
        for (int i = 0; i < label.length(); i += Character.charCount(label.codePointAt(i))) {
            int cp = label.codePointAt(i);
            position++;
            String where = describe(cp) + " at position " + position;
            switch (property(cp)) {
                case PVALID -> {}
                case CONTEXTJ -> {
                    if (i == 0 || !isVirama(label.codePointBefore(i))) {
                        throw fail(
                                name,
                                raw,
                                label,
                                "has "
                                        + where
                                        + " not right after a virama (RFC 5892 CONTEXTJ; the"
                                        + " Arabic joining rule is not implemented)");
                    }
                }
                case CONTEXTO -> {
                    if (!contextOk(label, i, cp)) {
                        throw fail(
                                name,
                                raw,
                                label,
                                "has " + where + " out of its context (RFC 5892 CONTEXTO)");
                    }
                }
                case DISALLOWED ->
                        throw fail(
                                name,
                                raw,
                                label,
                                "has " + where + ", which IDNA 2008 disallows (RFC 5892)");
                case UNASSIGNED ->
                        throw fail(
                                name,
                                raw,
                                label,
                                "has " + where + ", unassigned in this JDK's Unicode (RFC 5892)");
            }
        }
        String bidi = IdnaBidi.violation(label);
        if (bidi != null) {
            throw fail(name, raw, label, bidi);
        }
    }

    /** RFC 5892's derived property of {@code cp} (section 3), approximated: see the overview. */
    static Property property(int cp) {
        switch (cp) {
            case 0xDF, 0x3C2, 0x6FD, 0x6FE, 0xF0B, 0x3007 -> {
                return Property.PVALID;
            }
            case 0xB7, 0x375, 0x5F3, 0x5F4, 0x30FB -> {
                return Property.CONTEXTO;
            }
            case 0x640, 0x7FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B -> {
                return Property.DISALLOWED;
            }
            default -> {}
        }
        if ((cp >= 0x660 && cp <= 0x669) || (cp >= 0x6F0 && cp <= 0x6F9)) {
            return Property.CONTEXTO;
        }
        int type = Character.getType(cp);
        if (type == Character.UNASSIGNED) {
            return Property.UNASSIGNED;
        }
        if (cp < 0x80) {
            boolean ldh = (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '-';
            return ldh ? Property.PVALID : Property.DISALLOWED;
        }
        if (cp == ZWNJ || cp == ZWJ) {
            return Property.CONTEXTJ;
        }
        String alone = Character.toString(cp);
        if (!map(alone).equals(alone) || isIgnorableBlock(cp) || isOldHangulJamo(cp)) {
            return Property.DISALLOWED;
        }
        return switch (type) {
            case Character.LOWERCASE_LETTER,
                    Character.UPPERCASE_LETTER,
                    Character.OTHER_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.NON_SPACING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER ->
                    Property.PVALID;
            default -> Property.DISALLOWED;
        };
    }

    /** RFC 5892 appendix A.3 to A.9, for the CONTEXTO code point {@code cp} at {@code i}. */
    private static boolean contextOk(String label, int i, int cp) {
        int after = i + Character.charCount(cp);
        return switch (cp) {
            case 0xB7 -> // Catalan ela geminada: l·l
                    i > 0
                            && label.codePointBefore(i) == 'l'
                            && after < label.length()
                            && label.codePointAt(after) == 'l';
            case 0x375 -> // keraia: before a Greek letter
                    after < label.length()
                            && script(label.codePointAt(after)) == Character.UnicodeScript.GREEK;
            case 0x5F3, 0x5F4 -> // geresh, gershayim: after a Hebrew letter
                    i > 0 && script(label.codePointBefore(i)) == Character.UnicodeScript.HEBREW;
            case 0x30FB -> // katakana middle dot: in a label with Japanese or Han text
                    label.codePoints()
                            .anyMatch(c ->
                                    switch (script(c)) {
                                        case HIRAGANA, KATAKANA, HAN -> true;
                                        default -> false;
                                    });
            default -> { // the two sets of Arabic-Indic digits, not mixed
                int low = cp <= 0x669 ? 0x6F0 : 0x660;
                yield label.codePoints().noneMatch(c -> c >= low && c <= low + 9);
            }
        };
    }

    /**
     * Whether {@code cp} is a virama (Canonical_Combining_Class 9), from a list fixed for Unicode
     * 16: the JDK does not expose combining classes.
     */
    public static boolean isVirama(int cp) {
        return Arrays.binarySearch(VIRAMAS, cp) >= 0;
    }

    private static boolean isIgnorableBlock(int cp) {
        Character.UnicodeBlock b = Character.UnicodeBlock.of(cp);
        return b == Character.UnicodeBlock.COMBINING_MARKS_FOR_SYMBOLS
                || b == Character.UnicodeBlock.MUSICAL_SYMBOLS
                || b == Character.UnicodeBlock.ANCIENT_GREEK_MUSICAL_NOTATION;
    }

    /** Hangul_Syllable_Type L, V or T: every assigned code point of the three jamo blocks. */
    private static boolean isOldHangulJamo(int cp) {
        Character.UnicodeBlock b = Character.UnicodeBlock.of(cp);
        return b == Character.UnicodeBlock.HANGUL_JAMO
                || b == Character.UnicodeBlock.HANGUL_JAMO_EXTENDED_A
                || b == Character.UnicodeBlock.HANGUL_JAMO_EXTENDED_B;
    }

    private static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK
                || t == Character.COMBINING_SPACING_MARK
                || t == Character.ENCLOSING_MARK;
    }

    private static Character.UnicodeScript script(int cp) {
        return Character.UnicodeScript.of(cp);
    }

    private static boolean isSeparator(int cp) {
        return cp == '.' || cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static boolean inRanges(int[] ranges, int cp) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (cp >= ranges[i] && cp <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** {@code U+2603 SNOWMAN}. */
    static String describe(int cp) {
        String n = Character.getName(cp);
        return String.format("U+%04X", cp) + (n == null ? "" : " " + n);
    }

    private static IllegalArgumentException fail(
            String name, String raw, String label, String rule) {
        String which =
                raw.equals(label) ? "\"" + label + "\"" : "\"" + raw + "\" (\"" + label + "\")";
        return new IllegalArgumentException(
                "cannot convert host name \""
                        + name
                        + "\" to IDNA 2008: label "
                        + which
                        + " "
                        + rule);
    }
}
