package io.weft.stream;

import java.nio.charset.CodingErrorAction;

/**
 * What the text streams do with bytes that are not valid in their charset, or characters it cannot
 * encode (Python's {@code errors=} argument).
 */
public enum TextErrorPolicy {
    /**
     * Fail: the receive or send throws {@link java.io.UncheckedIOException} caused by a {@link
     * java.nio.charset.CharacterCodingException}.
     */
    STRICT(CodingErrorAction.REPORT),
    /**
     * Put the charset's replacement in its place ({@code U+FFFD} when decoding, often {@code ?}).
     */
    REPLACE(CodingErrorAction.REPLACE),
    /** Drop it. */
    IGNORE(CodingErrorAction.IGNORE);

    final CodingErrorAction action;

    TextErrorPolicy(CodingErrorAction action) {
        this.action = action;
    }
}
