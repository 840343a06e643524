package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.internal.idna.Idna;
import io.weft.internal.idna.Punycode;
import io.weft.property.Gen;
import io.weft.property.PropertyCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests of the IDNA 2008 conversion ({@link Idna}) and its Punycode ({@link
 * Punycode}): encoding then decoding is the identity, valid labels and names convert and come back,
 * and any other input, however broken, is refused with the codec's own error naming the label and
 * the rule, never with an exception from inside the codec.
 *
 * <p>Why: {@code Net.getaddrinfo} and the TLS host-name check run every non-ASCII host name through
 * this code, and host names come from users and from the network. Its inputs are generated from the
 * characters that exercise each rule: unassigned and private-use code points, lone surrogates,
 * combining marks, right-to-left letters and both kinds of Arabic digits, joiners and viramas, the
 * CONTEXTO characters, ignored and compatibility characters, the four label separators, hyphens and
 * digits at the edges, empty and over-long labels, and {@code xn--} labels with garbage (or with a
 * valid A-label slightly changed). Valid labels come from generators of their own, one per script
 * (LDH, Latin, Greek, Cyrillic, Han, kana, Hangul, Devanagari with viramas and joiners, Hebrew,
 * Arabic). Seeds and replay: see {@link PropertyCheck}.
 */
class IdnaPropertiesTest {
    private static final int TRIES = 2000;

    // ---------------------------------------------------------------- valid labels

    private static Gen<Integer> range(int from, int to) {
        return Gen.integers(from, to);
    }

    private static Gen<String> word(Gen<Integer> cp, int min, int max) {
        return Gen.strings(cp, min, max, (max - min) / 2);
    }

    private static final Gen<Integer> LETTER_OR_DIGIT =
            Gen.frequency(5, range('a', 'z'), 1, range('0', '9'));

    /** Letters, digits and inner hyphens, never two in the 3rd and 4th positions. */
    private static final Gen<String> LDH =
            LETTER_OR_DIGIT.flatMap(first ->
                    Gen.frequency(6, LETTER_OR_DIGIT, 1, Gen.constant((int) '-'))
                            .list(0, 20, 6)
                            .flatMap(middle ->
                                    LETTER_OR_DIGIT.map(last -> {
                                        StringBuilder sb = new StringBuilder();
                                        sb.appendCodePoint(first);
                                        middle.forEach(sb::appendCodePoint);
                                        if (!middle.isEmpty()) {
                                            sb.appendCodePoint(last);
                                        }
                                        if (sb.length() >= 4
                                                && sb.charAt(2) == '-'
                                                && sb.charAt(3) == '-') {
                                            sb.setCharAt(3, 'x');
                                        }
                                        return sb.toString();
                                    })));

    private static final Gen<Integer> LATIN =
            Gen.frequency(
                    4, range('a', 'z'),
                    3, Gen.oneOf(range(0xDF, 0xF6), range(0xF8, 0xFF)),
                    1, range('0', '9'));

    private static final Gen<Integer> HAN =
            Gen.frequency(
                    6, range(0x4E00, 0x9FFF),
                    1, range(0x20000, 0x2A6DF),
                    1, range(0x30000, 0x3134A));

    /** A label of one left-to-right script, in the form mapping gives (lowercase, NFC). */
    private static final Gen<String> LTR_LABEL =
            Gen.oneOf(
                    LDH,
                    word(LATIN, 1, 15),
                    word(range(0x3AC, 0x3CE), 1, 8), // Greek, with ς
                    word(range(0x430, 0x45F), 1, 8), // Cyrillic
                    word(HAN, 1, 6),
                    word(Gen.oneOf(range(0x3041, 0x3096), range(0x30A1, 0x30FA)), 1, 8),
                    word(range(0xAC00, 0xD7A3), 1, 8), // Hangul syllables
                    devanagari());

    /** Consonants, each maybe with a vowel sign, or a virama and maybe a joiner after it. */
    private static Gen<String> devanagari() {
        Gen<String> syllable =
                range(0x915, 0x939)
                        .flatMap(consonant ->
                                Gen.oneOf(
                                                Gen.constant(""),
                                                range(0x93E, 0x94C).map(Character::toString),
                                                Gen.elements(
                                                        "\u094D", "\u094D\u200C", "\u094D\u200D"))
                                        .map(after -> Character.toString(consonant) + after));
        return syllable.list(1, 5, 2).map(parts -> String.join("", parts));
    }

    /**
     * Hebrew letters with European digits inside or at the end (RFC 5893: R first, R or EN last).
     */
    private static final Gen<String> HEBREW =
            label(range(0x5D0, 0x5EA), Gen.frequency(4, range(0x5D0, 0x5EA), 1, range('0', '9')));

    /**
     * Arabic letters with Arabic-Indic digits (AL first; AL or AN last; never the other digits).
     */
    private static final Gen<String> ARABIC =
            label(
                    Gen.oneOf(range(0x628, 0x63A), range(0x641, 0x64A)),
                    Gen.frequency(
                            4,
                            Gen.oneOf(range(0x628, 0x63A), range(0x641, 0x64A)),
                            1,
                            range(0x660, 0x669)));

    /** A label of one code point of {@code first} and up to seven of {@code rest}. */
    private static Gen<String> label(Gen<Integer> first, Gen<Integer> rest) {
        return first.flatMap(f ->
                rest.list(0, 7, 3)
                        .map(cps -> {
                            StringBuilder sb = new StringBuilder();
                            sb.appendCodePoint(f);
                            cps.forEach(sb::appendCodePoint);
                            return sb.toString();
                        }));
    }

    /** A valid label, already mapped: it converts, and its A-label decodes back to it. */
    private static final Gen<String> VALID_LABEL =
            Gen.frequency(6, LTR_LABEL, 1, HEBREW, 1, ARABIC);

    private static final Gen<String> SEPARATOR = Gen.elements(".", "\u3002", "\uFF0E", "\uFF61");

    /** A name of valid labels, its separators, and whether it ends with one (the root). */
    record ValidName(List<String> labels, List<String> separators, boolean rooted) {
        String name() {
            StringBuilder sb = new StringBuilder(labels.getFirst());
            for (int i = 1; i < labels.size(); i++) {
                sb.append(separators.get(i - 1)).append(labels.get(i));
            }
            return rooted ? sb + separators.getLast() : sb.toString();
        }
    }

    private static final Gen<ValidName> VALID_NAME =
            VALID_LABEL
                    .list(1, 4, 1)
                    .flatMap(labels ->
                            SEPARATOR
                                    .list(labels.size(), labels.size(), 0)
                                    .flatMap(seps ->
                                            Gen.booleans()
                                                    .map(rooted ->
                                                            new ValidName(labels, seps, rooted))));

    // ---------------------------------------------------------------- any input

    /** Code points that exercise every rule, and any code point at all. */
    private static final Gen<Integer> NASTY =
            Gen.oneOf(
                    Gen.oneOf(range('a', 'z'), range('A', 'Z'), range('0', '9')),
                    Gen.elements((int) '-', (int) '-', (int) '.', (int) '_', (int) ' ', (int) '@'),
                    range(0x20, 0x7E),
                    Gen.elements(0x3002, 0xFF0E, 0xFF61), // the other separators
                    Gen.oneOf(range(0xC0, 0x17F), range(0x370, 0x3FF), range(0x400, 0x45F)),
                    Gen.elements(0xDF, 0x1E9E, 0x17F, 0x3C2, 0x3A3, 0x130, 0x131, 0x345),
                    range(0x300, 0x36F), // combining marks
                    Gen.elements(0x20DD, 0x0488, 0x093C, 0x0903), // enclosing, nukta, spacing
                    Gen.oneOf(range(0x5D0, 0x5EA), range(0x620, 0x64A), range(0x660, 0x669)),
                    Gen.oneOf(range(0x6F0, 0x6F9), Gen.elements(0x640, 0x7FA, 0x6FD, 0x5BF)),
                    Gen.oneOf(range(0x915, 0x94D), Gen.elements(0x200C, 0x200D, 0x94D, 0xA8C4)),
                    Gen.elements(0xB7, 0x375, 0x5F3, 0x5F4, 0x30FB, 0x3007, 0xF0B), // CONTEXTO
                    Gen.elements(0xAD, 0x200B, 0x2060, 0xFE0F, 0xFEFF, 0x034F, 0xE0100),
                    Gen.elements(0xFF21, 0xFF41, 0xFF10, 0x2488, 0x2121, 0xFB01, 0x2160, 0x1D400),
                    Gen.elements(0x378, 0x5FF, 0xFFFE, 0xFFFF, 0x2FFFF, 0xE0080, 0x10FFFF),
                    Gen.oneOf(range(0xE000, 0xF8FF), range(0xF0000, 0x10FFFD)), // private use
                    range(0xD800, 0xDFFF), // a lone surrogate
                    Gen.elements(0x2603, 0x1F600, 0x2665, 0x1100, 0x3164, 0x1D173),
                    Gen.oneOf(
                            range(0x4E00, 0x9FFF), range(0xAC00, 0xD7A3), range(0x30000, 0x3134A)),
                    range(0, 0x10FFFF));

    /** Letters and digits of Punycode, its delimiter, and some that it does not have. */
    private static final Gen<Integer> PUNY =
            Gen.frequency(
                    10,
                    Gen.oneOf(range('a', 'z'), range('0', '9'), Gen.constant((int) '-')),
                    2,
                    range('A', 'Z'),
                    1,
                    NASTY);

    /** A valid label, changed at one place. */
    private static final Gen<String> MUTATED =
            VALID_LABEL.flatMap(label ->
                    PUNY.flatMap(cp ->
                            Gen.integers(0, 1000)
                                    .map(at -> {
                                        String a = asciiOrSelf(label);
                                        int i = at % a.length();
                                        return a.substring(0, i)
                                                + Character.toString(cp)
                                                + a.substring(Math.min(a.length(), i + 1));
                                    })));

    /**
     * A valid label repeated, just over the 63-octet limit or well over it; or letters and digits
     * by the thousand and one Han character, too many for Punycode to count its deltas in an {@code
     * int}.
     */
    private static final Gen<String> OVERLONG =
            Gen.frequency(
                    4,
                    LTR_LABEL.flatMap(label -> Gen.integers(2, 30).map(label::repeat)),
                    2,
                    LTR_LABEL.flatMap(label ->
                            Gen.integers(31, 300)
                                    .map(n -> label.repeat(Math.max(2, n / label.length())))),
                    1,
                    LDH.flatMap(ldh ->
                            Gen.integers(3000, 16_000)
                                    .flatMap(n ->
                                            HAN.map(h ->
                                                    ldh.repeat(n / ldh.length() + 1)
                                                            + Character.toString(h)))));

    /** Right-to-left letters with what the Bidi rule restricts: digits of both kinds, marks. */
    private static final Gen<Integer> RTL_MIX =
            Gen.frequency(
                    6,
                    Gen.oneOf(range(0x5D0, 0x5EA), range(0x628, 0x64A)),
                    3,
                    Gen.oneOf(range('0', '9'), range(0x660, 0x669), range(0x6F0, 0x6F9)),
                    2,
                    Gen.oneOf(
                            range(0x64B, 0x652), // Arabic marks (NSM)
                            Gen.elements(0x2B9, (int) '-', (int) 'a', 0x300, 0x200C, 0x5BF)));

    private static final Gen<String> NASTY_LABEL =
            Gen.frequency(
                    8,
                    Gen.oneOf(word(NASTY, 0, 12), word(RTL_MIX, 1, 8)),
                    3,
                    Gen.elements("xn--", "XN--", "xn-", "Xn--", "xn---")
                            .flatMap(p -> word(PUNY, 0, 20).map(rest -> p + rest)),
                    3,
                    Gen.oneOf(MUTATED, OVERLONG, VALID_LABEL));

    /** Labels of 40 to 63 letters and digits: a few of them make a name near its 253 octets. */
    private static final Gen<String> LONG_NAME =
            word(LETTER_OR_DIGIT, 40, 63).list(3, 6, 2).map(labels -> String.join(".", labels));

    /** A name of such labels; each separator is one of the four. */
    private static final Gen<String> NASTY_NAME =
            Gen.frequency(
                    8,
                    NASTY_LABEL
                            .list(1, 6, 2)
                            .flatMap(labels ->
                                    SEPARATOR
                                            .list(labels.size(), labels.size(), 0)
                                            .map(seps -> {
                                                StringBuilder sb = new StringBuilder();
                                                for (int i = 0; i < labels.size(); i++) {
                                                    sb.append(i == 0 ? "" : seps.get(i))
                                                            .append(labels.get(i));
                                                }
                                                return sb.toString();
                                            })),
                    1,
                    LONG_NAME.flatMap(name -> NASTY_LABEL.map(last -> name + "." + last)));

    // ---------------------------------------------------------------- properties

    /** Punycode decodes what it encodes, for any text without lone surrogates. */
    @Test
    void punycodeDecodesWhatItEncodes() {
        PropertyCheck.forAll(
                TRIES,
                word(NASTY.map(cp -> cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp), 0, 80),
                text -> {
                    String encoded = Punycode.encode(text);
                    assertThat(encoded.chars().allMatch(c -> c < 0x80)).as(encoded).isTrue();
                    assertThat(Punycode.decode(encoded)).isEqualTo(text);
                });
    }

    private static final Pattern PUNYCODE_ERROR =
            Pattern.compile("\".*\" is not valid Punycode \\(RFC 3492\\): .+", Pattern.DOTALL);

    /**
     * Punycode's decoder takes any string: it returns text that encodes back to the same digits (up
     * to their case and the case of the ASCII part), or refuses it with its own error saying why.
     */
    @Test
    void punycodeDecodesOrRefusesAnyString() {
        PropertyCheck.forAll(
                TRIES,
                word(PUNY, 0, 40),
                s -> {
                    String decoded;
                    try {
                        decoded = Punycode.decode(s);
                    } catch (IllegalArgumentException e) {
                        assertThat(e.getMessage()).matches(PUNYCODE_ERROR);
                        return;
                    }
                    assertThat(Punycode.decode(Punycode.encode(decoded))).isEqualTo(decoded);
                });
    }

    /**
     * A valid label converts: an ASCII one to itself, another to {@code xn--} and Punycode that
     * decodes back to it; the A-label is accepted as it is, in either case; a name of such labels
     * with any of the four separators and maybe the root's dot converts label by label.
     */
    @Test
    void validNamesConvertAndTheirALabelsDecodeBack() {
        PropertyCheck.forAll(
                TRIES,
                VALID_NAME,
                n -> {
                    List<String> ascii = new ArrayList<>();
                    for (String label : n.labels) {
                        String a = Idna.toAscii(label);
                        if (label.chars().allMatch(c -> c < 0x80)) {
                            assertThat(a).isEqualTo(label);
                        } else {
                            assertThat(a).startsWith("xn--").hasSizeLessThanOrEqualTo(63);
                            assertThat(Punycode.decode(a.substring(4))).isEqualTo(label);
                        }
                        assertThat(Idna.toAscii(a)).isEqualTo(a);
                        assertThat(Idna.toAscii(a.toUpperCase(Locale.ROOT))).isEqualTo(a);
                        ascii.add(a);
                    }
                    String joined = String.join(".", ascii);
                    if (joined.length() <= 253) {
                        assertThat(Idna.toAscii(n.name()))
                                .isEqualTo(n.rooted ? joined + "." : joined);
                    }
                });
    }

    /**
     * Any name converts to a valid ASCII name (which converts to itself) or is refused with an
     * {@link IllegalArgumentException} that names the name, the label and the rule: never another
     * exception, from inside the codec or the JDK.
     */
    @Test
    void anyNameConvertsOrIsRefusedNamingTheRule() {
        PropertyCheck.forAll(
                TRIES,
                NASTY_NAME,
                name -> {
                    String ascii;
                    try {
                        ascii = Idna.toAscii(name);
                    } catch (IllegalArgumentException e) {
                        assertRefusal(name, e);
                        return;
                    }
                    assertValidAscii(ascii);
                    assertThat(Idna.toAscii(ascii))
                            .as("converting the result again")
                            .isEqualTo(ascii);
                });
    }

    // ---------------------------------------------------------------- helpers

    /** The rules a refusal may name: an RFC, UTS #46, or what an A-label must be. */
    private static final Pattern RULE =
            Pattern.compile(".*(\\(RFC \\d+|UTS #46|A-label).*", Pattern.DOTALL);

    private static void assertRefusal(String name, IllegalArgumentException e) {
        if (name.isEmpty()) {
            assertThat(e).hasMessage("the host name is empty");
            return;
        }
        String m = e.getMessage();
        assertThat(m).as("the message").isNotNull();
        if (m.startsWith("host name \"" + name + "\" is ")) {
            assertThat(m).contains("octets in ASCII form, more than 253 (RFC 1034)");
            return;
        }
        assertThat(m)
                .startsWith("cannot convert host name \"" + name + "\" to IDNA 2008: label \"");
        assertThat(m).matches(RULE);
    }

    private static final Pattern LDH_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private static void assertValidAscii(String ascii) {
        String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        assertThat(name.length()).isBetween(1, 253);
        for (String label : name.split("\\.", -1)) {
            assertThat(label).hasSizeBetween(1, 63).matches(LDH_LABEL);
        }
    }

    private static String asciiOrSelf(String label) {
        try {
            return Idna.toAscii(label);
        } catch (IllegalArgumentException e) {
            return label;
        }
    }
}
