package io.weft.internal.file;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pathlib glob pattern split into its segments: {@code **} (zero or more directories), a literal
 * name, or a wildcard segment translated as Python's {@code fnmatch} does ({@code *}, {@code ?},
 * {@code [seq]}, {@code [!seq]}; everything else literal, braces included). Matching is by name,
 * segment by segment, so no wildcard crosses a separator. Empty and {@code .} segments are dropped
 * as pathlib drops them; a trailing separator matches directories only.
 */
public final class GlobPattern {
    /** What a segment is. */
    enum Kind {
        RECURSIVE,
        LITERAL,
        WILDCARD
    }

    /** One segment: its kind, its text, and for a wildcard its compiled regular expression. */
    record Segment(Kind kind, String text, Pattern regex) {}

    private final List<Segment> segments;
    private final boolean directoriesOnly;

    private GlobPattern(List<Segment> segments, boolean directoriesOnly) {
        this.segments = segments;
        this.directoriesOnly = directoriesOnly;
    }

    /**
     * Parses {@code pattern}.
     *
     * @throws IllegalArgumentException if it is empty or absolute (pathlib's "Unacceptable pattern"
     *     and "Non-relative patterns are unsupported")
     */
    public static GlobPattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern is null: pass \"*\" for every entry");
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException(
                    "Unacceptable pattern: '' (pass \"*\" for every entry)");
        }
        if (pattern.startsWith("/")) {
            throw new IllegalArgumentException(
                    "Non-relative patterns are unsupported: '" + pattern + "'");
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("**")) {
                segments.add(new Segment(Kind.RECURSIVE, part, null));
            } else if (hasWildcard(part)) {
                segments.add(new Segment(Kind.WILDCARD, part, Pattern.compile(translate(part))));
            } else {
                segments.add(new Segment(Kind.LITERAL, part, null));
            }
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("Unacceptable pattern: '" + pattern + "'");
        }
        return new GlobPattern(List.copyOf(segments), pattern.endsWith("/"));
    }

    List<Segment> segments() {
        return segments;
    }

    boolean directoriesOnly() {
        return directoriesOnly;
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** Python's {@code fnmatch.translate} for one segment, as a Java regular expression. */
    static String translate(String seg) {
        StringBuilder re = new StringBuilder();
        int n = seg.length();
        int i = 0;
        while (i < n) {
            char c = seg.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && seg.charAt(j) == '!') {
                    j++;
                }
                if (j < n && seg.charAt(j) == ']') {
                    j++;
                }
                while (j < n && seg.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\["); // no closing bracket: a literal '[' as in fnmatch
                } else {
                    re.append('[');
                    int k = i;
                    if (seg.charAt(k) == '!') {
                        re.append('^');
                        k++;
                    }
                    for (; k < j; k++) {
                        char d = seg.charAt(k);
                        // Characters Java's classes treat specially and fnmatch's do not.
                        if (d == '\\' || d == '[' || d == ']' || d == '&' || d == '^') {
                            re.append('\\');
                        }
                        re.append(d);
                    }
                    re.append(']');
                    i = j + 1;
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
