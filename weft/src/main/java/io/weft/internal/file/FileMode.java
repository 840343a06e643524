package io.weft.internal.file;

import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * A parsed Python mode string ({@code "r"}, {@code "w+b"}, {@code "at"}, ...): exactly one of
 * {@code r w a x}, then at most one {@code +} and one of {@code b t}, each letter at most once, in
 * any order (as Python's {@code open} accepts them).
 *
 * @param mode the mode string as given
 * @param text whether the file is in text mode (no {@code b})
 * @param readable whether it may be read
 * @param writable whether it may be written
 * @param append whether every write goes to the end ({@code a})
 * @param kind which of {@code r w a x} it has
 */
public record FileMode(
        String mode, boolean text, boolean readable, boolean writable, boolean append, char kind) {

    /**
     * Parses {@code mode}.
     *
     * @throws IllegalArgumentException naming the mode and what is wrong with it
     */
    public static FileMode parse(String mode) {
        if (mode == null) {
            throw new NullPointerException(
                    "mode is null: pass \"r\" to read text, \"rb\" to read bytes, \"w\" to write");
        }
        char kind = 0;
        boolean plus = false;
        boolean binary = false;
        boolean textLetter = false;
        for (int i = 0; i < mode.length(); i++) {
            char c = mode.charAt(i);
            if (mode.indexOf(c) != i) {
                throw bad(mode, "'" + c + "' appears twice");
            }
            switch (c) {
                case 'r', 'w', 'a', 'x' -> {
                    if (kind != 0) {
                        throw bad(mode, "it must have exactly one of r, w, a, x");
                    }
                    kind = c;
                }
                case '+' -> plus = true;
                case 'b' -> binary = true;
                case 't' -> textLetter = true;
                default -> throw bad(mode, "'" + c + "' is not a mode letter (r w a x + b t)");
            }
        }
        if (kind == 0) {
            throw bad(mode, "it must have exactly one of r, w, a, x");
        }
        if (binary && textLetter) {
            throw bad(mode, "it cannot be both text (t) and binary (b)");
        }
        return new FileMode(
                mode, !binary, kind == 'r' || plus, kind != 'r' || plus, kind == 'a', kind);
    }

    private static IllegalArgumentException bad(String mode, String why) {
        return new IllegalArgumentException("invalid file mode '" + mode + "': " + why);
    }

    /**
     * The options to open the file with. Append with {@code +} is emulated (the JDK refuses READ
     * with APPEND): the file is opened for writing and each write first moves to its end.
     */
    public Set<OpenOption> openOptions() {
        Set<OpenOption> o = new java.util.HashSet<>();
        EnumSet<StandardOpenOption> s = EnumSet.noneOf(StandardOpenOption.class);
        if (readable) {
            s.add(StandardOpenOption.READ);
        }
        if (writable) {
            s.add(StandardOpenOption.WRITE);
        }
        switch (kind) {
            case 'w' -> {
                s.add(StandardOpenOption.CREATE);
                s.add(StandardOpenOption.TRUNCATE_EXISTING);
            }
            case 'x' -> s.add(StandardOpenOption.CREATE_NEW);
            case 'a' -> {
                s.add(StandardOpenOption.CREATE);
                if (!readable) {
                    s.add(StandardOpenOption.APPEND);
                }
            }
            default -> {}
        }
        o.addAll(s);
        return o;
    }

    /** Whether appending must be emulated by moving to the end before each write. */
    public boolean emulatedAppend() {
        return append && readable;
    }
}
