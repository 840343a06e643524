package io.weft.internal.idna;

/**
 * The Bidi rule of RFC 5893 section 2 for one label, with the JDK's bidirectional classes ({@link
 * Character#getDirectionality}). Used by {@link Idna}.
 *
 * <p>A label is checked only if it has a right-to-left character (class R or AL) or an Arabic digit
 * (AN), as AnyIO's {@code idna} package does. Its first character decides its direction (rule 1): R
 * or AL make it right-to-left, L left-to-right, anything else breaks the rule. Rules 2 and 5 then
 * limit the classes allowed in each direction, rules 3 and 6 the class of the last character that
 * is not a non-spacing mark, and rule 4 forbids European and Arabic digits together in a
 * right-to-left label.
 */
final class IdnaBidi {
    private static final byte L = Character.DIRECTIONALITY_LEFT_TO_RIGHT;
    private static final byte R = Character.DIRECTIONALITY_RIGHT_TO_LEFT;
    private static final byte AL = Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    private static final byte EN = Character.DIRECTIONALITY_EUROPEAN_NUMBER;
    private static final byte ES = Character.DIRECTIONALITY_EUROPEAN_NUMBER_SEPARATOR;
    private static final byte ET = Character.DIRECTIONALITY_EUROPEAN_NUMBER_TERMINATOR;
    private static final byte AN = Character.DIRECTIONALITY_ARABIC_NUMBER;
    private static final byte CS = Character.DIRECTIONALITY_COMMON_NUMBER_SEPARATOR;
    private static final byte NSM = Character.DIRECTIONALITY_NONSPACING_MARK;
    private static final byte BN = Character.DIRECTIONALITY_BOUNDARY_NEUTRAL;
    private static final byte ON = Character.DIRECTIONALITY_OTHER_NEUTRALS;

    private IdnaBidi() {}

    /** Why {@code label} breaks the Bidi rule, naming the rule, or null if it does not. */
    static String violation(String label) {
        if (label.codePoints().noneMatch(cp -> isRtl(dir(cp)) || dir(cp) == AN)) {
            return null;
        }
        byte first = dir(label.codePointAt(0));
        if (!isRtl(first) && first != L) {
            return "has right-to-left text but starts with a character of class "
                    + name(first)
                    + ", not L, R or AL (RFC 5893 rule 1)";
        }
        boolean rtl = isRtl(first);
        boolean europeanDigits = false;
        boolean arabicDigits = false;
        byte end = first; // the class of the last character that is not a non-spacing mark
        int position = 0;
        for (int i = 0; i < label.length(); i += Character.charCount(label.codePointAt(i))) {
            int cp = label.codePointAt(i);
            byte d = dir(cp);
            position++;
            boolean allowed =
                    switch (d) {
                        case EN, ES, CS, ET, ON, BN, NSM -> true;
                        case R, AL, AN -> rtl;
                        case L -> !rtl;
                        default -> false;
                    };
            if (!allowed) {
                return "has "
                        + Idna.describe(cp)
                        + " at position "
                        + position
                        + ", of class "
                        + name(d)
                        + ", in a "
                        + (rtl
                                ? "right-to-left label (RFC 5893 rule 2)"
                                : "left-to-right label of a right-to-left name (RFC 5893 rule"
                                        + " 5)");
            }
            europeanDigits |= d == EN;
            arabicDigits |= d == AN;
            if (d != NSM) {
                end = d;
            }
        }
        if (rtl && europeanDigits && arabicDigits) {
            return "mixes European and Arabic-Indic digits in a right-to-left label (RFC 5893 rule"
                    + " 4)";
        }
        // Rule 6 (how a left-to-right label ends) cannot fail here: such a label is checked only
        // for having an R, AL or AN character, and rule 5 has refused that already.
        if (rtl && !(isRtl(end) || end == EN || end == AN)) {
            return "ends with a character of class "
                    + name(end)
                    + ", not R, AL, EN or AN (RFC 5893 rule 3)";
        }
        return null;
    }

    private static byte dir(int cp) {
        return Character.getDirectionality(cp);
    }

    private static boolean isRtl(byte d) {
        return d == R || d == AL;
    }

    /** The Unicode abbreviation of a bidirectional class, for messages. */
    private static String name(byte d) {
        return switch (d) {
            case L -> "L";
            case R -> "R";
            case AL -> "AL";
            case EN -> "EN";
            case ES -> "ES";
            case ET -> "ET";
            case AN -> "AN";
            case CS -> "CS";
            case NSM -> "NSM";
            case BN -> "BN";
            case ON -> "ON";
            case Character.DIRECTIONALITY_WHITESPACE -> "WS";
            case Character.DIRECTIONALITY_PARAGRAPH_SEPARATOR -> "B";
            case Character.DIRECTIONALITY_SEGMENT_SEPARATOR -> "S";
            default -> "a directional format (" + d + ")";
        };
    }
}
