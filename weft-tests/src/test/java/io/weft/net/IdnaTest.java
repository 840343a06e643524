package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.internal.idna.Idna;
import io.weft.internal.idna.Punycode;
import io.weft.junit.WeftTest;
import java.net.IDN;
import java.net.UnknownHostException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IDNA 2008 host-name conversion (io.weft.internal.idna.Idna, Punycode) and its use by
 * Net.getaddrinfo. Expected A-labels are those of the {@code idna} package AnyIO uses ({@code
 * idna.encode(name, uts46=True)}); where IDNA 2003 ({@link IDN}) differs, the test shows both.
 */
class IdnaTest {

    // ---------------------------------------------------------------- Punycode (RFC 3492 7.1)

    /** RFC 3492 section 7.1's sample strings, (A) to (S), with their encodings as printed. */
    static Stream<Arguments> rfc3492Samples() {
        return Stream.of(
                sample(
                        "A Arabic (Egyptian)",
                        "\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645"
                                + "\u0648\u0634\u0639\u0631\u0628\u064A\u061F",
                        "egbpdaj6bu4bxfgehfvwxn"),
                sample(
                        "B Chinese (simplified)",
                        "\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587",
                        "ihqwcrb4cv8a8dqg056pqjye"),
                sample(
                        "C Chinese (traditional)",
                        "\u4ED6\u5011\u7232\u4EC0\u9EBD\u4E0D\u8AAA\u4E2D\u6587",
                        "ihqwctvzc91f659drss3x8bo0yb"),
                sample(
                        "D Czech",
                        "Pro\u010Dprost\u011Bnemluv\u00ED\u010Desky",
                        "Proprostnemluvesky-uyb24dma41a"),
                sample(
                        "E Hebrew",
                        "\u05DC\u05DE\u05D4\u05D4\u05DD\u05E4\u05E9\u05D5\u05D8\u05DC"
                                + "\u05D0\u05DE\u05D3\u05D1\u05E8\u05D9\u05DD\u05E2\u05D1\u05E8"
                                + "\u05D9\u05EA",
                        "4dbcagdahymbxekheh6e0a7fei0b"),
                sample(
                        "F Hindi (Devanagari)",
                        "\u092F\u0939\u0932\u094B\u0917\u0939\u093F\u0928\u094D\u0926"
                                + "\u0940\u0915\u094D\u092F\u094B\u0902\u0928\u0939\u0940\u0902"
                                + "\u092C\u094B\u0932\u0938\u0915\u0924\u0947\u0939\u0948\u0902",
                        "i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd"),
                sample(
                        "G Japanese (kanji and hiragana)",
                        "\u306A\u305C\u307F\u3093\u306A\u65E5\u672C\u8A9E\u3092\u8A71"
                                + "\u3057\u3066\u304F\u308C\u306A\u3044\u306E\u304B",
                        "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa"),
                sample(
                        "H Korean (Hangul syllables)",
                        "\uC138\uACC4\uC758\uBAA8\uB4E0\uC0AC\uB78C\uB4E4\uC774\uD55C"
                                + "\uAD6D\uC5B4\uB97C\uC774\uD574\uD55C\uB2E4\uBA74\uC5BC\uB9C8"
                                + "\uB098\uC88B\uC744\uAE4C",
                        "989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c"),
                sample(
                        "I Russian (Cyrillic)",
                        "\u043F\u043E\u0447\u0435\u043C\u0443\u0436\u0435\u043E\u043D"
                                + "\u0438\u043D\u0435\u0433\u043E\u0432\u043E\u0440\u044F\u0442"
                                + "\u043F\u043E\u0440\u0443\u0441\u0441\u043A\u0438",
                        "b1abfaaepdrnnbgefbaDotcwatmq2g4l"),
                sample(
                        "J Spanish",
                        "Porqu\u00E9nopuedensimplementehablarenEspa\u00F1ol",
                        "PorqunopuedensimplementehablarenEspaol-fmd56a"),
                sample(
                        "K Vietnamese",
                        "T\u1EA1isaoh\u1ECDkh\u00F4ngth\u1EC3ch\u1EC9n\u00F3iti\u1EBF"
                                + "ngVi\u1EC7t",
                        "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g"),
                sample(
                        "L 3<nen>B<gumi><kinpachi><sensei>",
                        "3\u5E74B\u7D44\u91D1\u516B\u5148\u751F",
                        "3B-ww4c5e180e575a65lsy2b"),
                sample(
                        "M <amuro><namie>-with-SUPER-MONKEYS",
                        "\u5B89\u5BA4\u5948\u7F8E\u6075-with-SUPER-MONKEYS",
                        "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),
                sample(
                        "N Hello-Another-Way-<sorezore><no><basho>",
                        "Hello-Another-Way-\u305D\u308C\u305E\u308C\u306E\u5834\u6240",
                        "Hello-Another-Way--fc4qua05auwb3674vfr0b"),
                sample(
                        "O <hitotsu><yane><no><shita>2",
                        "\u3072\u3068\u3064\u5C4B\u6839\u306E\u4E0B2",
                        "2-u9tlzr9756bt3uc0v"),
                sample(
                        "P Maji<de>Koi<suru>5<byou><mae>",
                        "Maji\u3067Koi\u3059\u308B5\u79D2\u524D",
                        "MajiKoi5-783gue6qz075azm5e"),
                sample(
                        "Q <pafii>de<runba>",
                        "\u30D1\u30D5\u30A3\u30FCde\u30EB\u30F3\u30D0",
                        "de-jg4avhby1noc0d"),
                sample(
                        "R <sono><supiido><de>",
                        "\u305D\u306E\u30B9\u30D4\u30FC\u30C9\u3067",
                        "d9juau41awczczp"),
                sample("S -> $1.00 <-", "-> $1.00 <-", "-> $1.00 <--"));
    }

    private static Arguments sample(String name, String text, String encoded) {
        return Arguments.of(name, text, encoded);
    }

    // The RFC prints some digits in uppercase (its optional mixed-case annotation); the encoder
    // writes lowercase digits and keeps the case of the ASCII characters, which the RFC's also do.
    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc3492Samples")
    void punycodeEncodesTheRfcSamples(String name, String text, String encoded) {
        String ours = Punycode.encode(text);
        assertThat(ours.toLowerCase(Locale.ROOT)).isEqualTo(encoded.toLowerCase(Locale.ROOT));
        assertThat(ours.substring(0, Math.max(ours.lastIndexOf('-'), 0)))
                .isEqualTo(encoded.substring(0, Math.max(encoded.lastIndexOf('-'), 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc3492Samples")
    void punycodeDecodesTheRfcSamplesInEitherCase(String name, String text, String encoded) {
        assertThat(Punycode.decode(encoded)).isEqualTo(text);
        assertThat(Punycode.decode(Punycode.encode(text))).isEqualTo(text);
        // Digits are read in either case; the ASCII letters come back in the case given.
        StringBuilder upperAscii = new StringBuilder();
        text.codePoints()
                .map(c -> c < 0x80 ? Character.toUpperCase(c) : c)
                .forEach(upperAscii::appendCodePoint);
        assertThat(Punycode.decode(encoded.toUpperCase(Locale.ROOT)))
                .isEqualTo(upperAscii.toString());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "w&      | not a digit",
                "z       | ends in the middle of a number",
                "ä-abc   | a non-ASCII character before the delimiter",
                "-abc    | '-' is not a digit",
                "99999999999a | overflows",
                "99999a  | not a Unicode scalar value"
            })
    void punycodeRefusesMalformedInput(String encoded, String why) {
        assertThatThrownBy(() -> Punycode.decode(encoded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid Punycode")
                .hasMessageContaining(why);
    }

    // ---------------------------------------------------------------- IDNA 2008 vs 2003

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // deviations, kept (non-transitional); IDNA 2003 maps ß to ss, ς to σ, drops
                // ZWNJ/ZWJ
                "faß.de                 | xn--fa-hia.de           | fass.de",
                "βόλος.com              | xn--nxasmm1c.com        | xn--nxasmq6b.com",
                "σς.gr                  | xn--3xab.gr             | xn--4xaa.gr",
                "क्\u200Cष.example     | xn--11b2ezcs70k.example | xn--11b2ezc.example",
                "क्\u200Dष.example     | xn--11b2ezcw70k.example | xn--11b2ezc.example",
            })
    void deviationsAreKeptWhereIdna2003MapsThem(String name, String idna2008, String idna2003) {
        assertThat(Idna.toAscii(name)).isEqualTo(idna2008);
        assertThat(IDN.toASCII(name, IDN.ALLOW_UNASSIGNED)).isEqualTo(idna2003);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "BÜCHER.example                 | xn--bcher-kva.example",
                "ｂüｃｈｅｒ。ｅｘａｍｐｌｅ     | xn--bcher-kva.example",
                "bücher｡example．de            | xn--bcher-kva.example.de",
                "bü\u00ADcher.example           | xn--bcher-kva.example",
                "bücher.example.                | xn--bcher-kva.example.",
                "bücher.example.\u00AD          | xn--bcher-kva.example.",
                "中国。中国                     | xn--fiqs8s.xn--fiqs8s",
                "العربية.com                    | xn--mgbcd4a2b0d2b.com",
                "col·legi.cat                   | xn--collegi-xma.cat",
                "\u03F2.gr                      | xn--4xa.gr",
                "ᎠᎡ.com                         | xn--58dc.com",
                "\uAB70.com                     | xn--58d.com",
                "ı.com                          | xn--cfa.com",
                "ẞ.de                           | xn--zca.de",
                "\u1F80.gr                      | xn--uxa970l.gr",
                "xn--bcher-kva.xn--fa-hia.de    | xn--bcher-kva.xn--fa-hia.de",
                "XN--BCHER-KVA.ü                | xn--bcher-kva.xn--tda",
                "א1.com                         | xn--1-zhc.com",
                "example.com                    | example.com",
                "Example.COM                    | example.com",
            })
    void namesAreMappedAsUts46Does(String name, String ascii) {
        assertThat(Idna.toAscii(name)).isEqualTo(ascii);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // name                  | the label named   | the rule named
                "☃.net                   | \"☃\"             | U+2603 SNOWMAN at position 1, which IDNA 2008 disallows",
                "xn--n3h.example         | \"xn--n3h\"       | U+2603 SNOWMAN",
                "a\u200Cb.ü              | \"a\u200Cb\"      | not right after a virama",
                "\u200Dक.ü               | \"\u200Dक\"      | not right after a virama",
                "a·b.cat                 | \"a·b\"           | out of its context (RFC 5892 CONTEXTO)",
                "\u0640\u0628.com        | \"\u0640\u0628\"  | U+0640 ARABIC TATWEEL",
                "a_b.ü                   | \"a_b\"           | U+005F LOW LINE",
                "\u0301a.ü               | \"\u0301a\"       | starts with a combining mark",
                "-ü.de                   | \"-ü\"            | starts or ends with a hyphen",
                "ü-.de                   | \"ü-\"            | starts or ends with a hyphen",
                "bü--cher.de             | \"bü--cher\"      | in the 3rd and 4th positions",
                "xn--abc-.ü              | \"xn--abc-\"      | decodes to ASCII text",
                "xn--.ü                  | \"xn--\"          | nothing after xn--",
                "xn--w&.ü                | \"xn--w&\"        | not valid Punycode",
                "1א.com                  | \"1א\"            | RFC 5893 rule 1",
                "אa.com                  | \"אa\"            | RFC 5893 rule 2",
                "א\u02B9.com             | \"א\u02B9\"       | RFC 5893 rule 3",
                "\u0627\u0661\u0031.com  | \"\u0627\u0661\u0031\" | RFC 5893 rule 4",
                "a\u0661.com             | \"a\u0661\"       | RFC 5893 rule 5",
                "a..ü                    | \"\"              | is empty",
                "a\u2488.ü               | \"a\u2488\"       | full stop",
                "Ａ\u00A0B.ü             | \"Ａ\u00A0B\" (\"a b\") | U+0020 SPACE",
            })
    void invalidNamesAreRefusedNamingTheLabelAndTheRule(String name, String label, String rule) {
        assertThatThrownBy(() -> Idna.toAscii(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host name \"" + name + "\"")
                .hasMessageContaining("label " + label + " ")
                .hasMessageContaining(rule);
    }

    @Test
    void symbolsThatIdna2003AllowedAreRefused() {
        assertThat(IDN.toASCII("☃.net")).isEqualTo("xn--n3h.net");
        assertThat(IDN.toASCII("i♥ny.com")).startsWith("xn--");
        assertThatThrownBy(() -> Idna.toAscii("i♥ny.com"))
                .hasMessageContaining("U+2665 BLACK HEART SUIT");
    }

    @Test
    void labelsAndNamesHaveDnsLengthLimits() {
        String longest = "ü" + "a".repeat(55); // xn-- + 55 a + "-oxf"
        assertThat(Idna.toAscii(longest)).hasSize(63).endsWith("a-oxf");
        assertThatThrownBy(() -> Idna.toAscii(longest + "a"))
                .hasMessageContaining("is 64 octets as an A-label, more than 63");
        assertThatThrownBy(() -> Idna.toAscii("ü." + "a".repeat(64)))
                .hasMessageContaining("is 64 octets as an A-label, more than 63");
        String label = "a".repeat(49) + "."; // 50 octets each
        String name = "ü." + label.repeat(4) + "a".repeat(44); // "xn--tda." + 200 + 44
        assertThat(Idna.toAscii(name)).hasSize(252);
        assertThat(Idna.toAscii(name + "a")).hasSize(253);
        assertThat(Idna.toAscii(name + "a.")).hasSize(254); // the root's dot is not counted
        assertThatThrownBy(() -> Idna.toAscii(name + "aa"))
                .hasMessageContaining("254 octets in ASCII form, more than 253");
        assertThatThrownBy(() -> Idna.toAscii("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Idna.toAscii(".")).hasMessageContaining("is empty");
    }

    /**
     * A label of thousands of code points is refused by the length rule, naming the name and the
     * label, before it reaches Punycode, which cannot count the deltas of such a label in an {@code
     * int} and threw its own "too long to encode as Punycode" naming neither (found by {@code
     * IdnaPropertiesTest}). An {@code xn--} label longer than 63 octets is refused before it is
     * decoded, checked and encoded back (which took half a second for one of 29,000 octets).
     */
    @Test
    void labelsFarTooLongAreRefusedByTheLengthRule() {
        String huge = "a".repeat(12_000) + Character.toString(0x31350); // a CJK Extension H letter
        assertThatThrownBy(() -> Idna.toAscii(huge + ".com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot convert host name \"" + huge + ".com\"")
                .hasMessageContaining(
                        "has 12001 code points, too many for an A-label of at most 63 octets"
                                + " (RFC 1034)");
        assertThatThrownBy(() -> Idna.toAscii("ü" + "a".repeat(59)))
                .hasMessageContaining("has 60 code points, too many");
        assertThatThrownBy(() -> Idna.toAscii("xn--" + "a".repeat(100_000) + ".com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is 100004 octets as an A-label, more than 63 (RFC 1034)");
    }

    /**
     * The hard-coded virama list is exactly the JDK's combining class 9, derived here from how the
     * normalizer puts marks in canonical order: a mark followed by U+3099 (class 8) is reordered
     * iff its class is above 8, and U+05B0 (class 10) followed by the mark iff the mark's class is
     * 1 to 9. Fails when a JDK with a newer Unicode adds a virama.
     */
    @Test
    void theViramaListMatchesTheJdksCombiningClasses() {
        List<Integer> derived = new ArrayList<>();
        List<Integer> listed = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Idna.isVirama(cp)) {
                listed.add(cp);
            }
            int t = Character.getType(cp);
            if (t != Character.NON_SPACING_MARK && t != Character.COMBINING_SPACING_MARK) {
                continue;
            }
            String alone = Character.toString(cp);
            if (cp == 0x3099 || cp == 0x05B0 || !isNfd(alone)) {
                continue;
            }
            if (reordered(cp, 0x3099) && reordered(0x05B0, cp)) {
                derived.add(cp);
            }
        }
        assertThat(listed).hasSize(69).isEqualTo(derived);
    }

    private static boolean isNfd(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).equals(s);
    }

    /** Whether, after a base letter, {@code first} then {@code second} are swapped by NFD. */
    private static boolean reordered(int first, int second) {
        String s = "a" + Character.toString(first) + Character.toString(second);
        String swapped = "a" + Character.toString(second) + Character.toString(first);
        return Normalizer.normalize(s, Normalizer.Form.NFD).equals(swapped);
    }

    // ---------------------------------------------------------------- Net.getaddrinfo

    // AnyIO's getaddrinfo encodes only a name that is not ASCII: an ASCII one goes to the
    // resolver as it is, even where IDNA would refuse it.
    @WeftTest
    void getaddrinfoPassesAnAsciiNameUntouched() {
        assertThatThrownBy(() -> Idna.toAscii("bad_name.invalid"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Net.getaddrinfo("bad_name.invalid", 80))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("bad_name.invalid");
    }

    @WeftTest
    void getaddrinfoLooksUpTheIdna2008Form() {
        assertThatThrownBy(() -> Net.getaddrinfo("FAß.invalid", 80))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("xn--fa-hia.invalid");
    }

    @WeftTest
    void getaddrinfoRefusesAnInvalidNameBeforeLookingItUp() {
        assertThatThrownBy(() -> Net.getaddrinfo("☃.invalid", 80))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label \"☃\"")
                .hasMessageContaining("IDNA 2008 disallows");
    }
}
