package io.weft.property;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test inputs as readable text, for failure reports: byte arrays in hex, strings quoted with
 * everything outside printable ASCII escaped ({@code \u00fc}, {@code \ud800}), records by their
 * components, collections element by element. Long renderings are cut.
 */
public final class Show {
    private static final int LIMIT = 4000;

    private Show() {}

    /** {@code value} as text, at most about 4,000 characters. */
    public static String show(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.length() <= LIMIT
                ? sb.toString()
                : sb.substring(0, LIMIT) + "... (" + sb.length() + " characters)";
    }

    private static void append(StringBuilder sb, Object v) {
        if (sb.length() > LIMIT) {
            return;
        }
        switch (v) {
            case null -> sb.append("null");
            case byte[] b -> sb.append("bytes[").append(b.length).append("]:").append(hex(b));
            case int[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(a[i]);
                }
                sb.append(']');
            }
            case CharSequence s -> quote(sb, s);
            case Character ch -> quote(sb, String.valueOf(ch));
            case Record r -> {
                sb.append(r.getClass().getSimpleName()).append('[');
                RecordComponent[] parts = r.getClass().getRecordComponents();
                for (int i = 0; i < parts.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(parts[i].getName()).append('=');
                    try {
                        parts[i].getAccessor().setAccessible(true);
                        append(sb, parts[i].getAccessor().invoke(r));
                    } catch (ReflectiveOperationException e) {
                        sb.append('?');
                    }
                }
                sb.append(']');
            }
            case Collection<?> c -> {
                sb.append('[');
                boolean first = true;
                for (Object e : c) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    append(sb, e);
                }
                sb.append(']');
            }
            case Map<?, ?> m ->
                    sb.append(
                            m.entrySet().stream()
                                    .map(e -> show(e.getKey()) + "=" + show(e.getValue()))
                                    .collect(Collectors.joining(", ", "{", "}")));
            default -> sb.append(v);
        }
    }

    private static String hex(byte[] b) {
        return b.length <= 512
                ? HexFormat.of().formatHex(b)
                : HexFormat.of().formatHex(b, 0, 512) + "...";
    }

    private static void quote(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        sb.append('"');
    }
}
