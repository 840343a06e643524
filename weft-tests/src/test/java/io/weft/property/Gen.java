package io.weft.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A generator of test inputs: makes a value from {@link Choices}. Every generator here maps smaller
 * choices to simpler values (the lower end of a range, the first alternative, a shorter list), so
 * that {@link PropertyCheck} can shrink a failing input by shrinking its choices; a generator of
 * your own built from these keeps that.
 *
 * @param <T> the values made
 */
@FunctionalInterface
public interface Gen<T> {
    /** Makes a value from {@code choices}. */
    T generate(Choices choices);

    /** A generator of {@code f} applied to this one's values. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return c -> f.apply(generate(c));
    }

    /** A generator that makes a value of this one, then a value of the generator it chooses. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return c -> f.apply(generate(c)).generate(c);
    }

    /**
     * Lists of {@code min} to {@code max} of this generator's values, about {@code mean} more than
     * {@code min} on average. Each element past {@code min} is preceded by a choice to go on (0:
     * stop), so shrinking can drop any element, or the tail.
     */
    default Gen<List<T>> list(int min, int max, int mean) {
        if (min < 0 || max < min || mean < 0) {
            throw new IllegalArgumentException("list(" + min + ", " + max + ", " + mean + ")");
        }
        return c -> {
            List<T> out = new ArrayList<>();
            while (out.size() < max && (out.size() < min || c.below(mean + 1L) != 0)) {
                out.add(generate(c));
            }
            return out;
        };
    }

    /** Always {@code value}. */
    static <T> Gen<T> constant(T value) {
        return c -> value;
    }

    /** Integers from {@code min} to {@code max}, uniformly; shrinks toward {@code min}. */
    static Gen<Integer> integers(int min, int max) {
        if (max < min) {
            throw new IllegalArgumentException("integers(" + min + ", " + max + ")");
        }
        return c -> (int) (min + c.below((long) max - min + 1));
    }

    /**
     * Sizes from {@code min} to {@code max}: small ones (up to {@code min + 16}) half of the time,
     * else uniform; shrinks toward {@code min}.
     */
    static Gen<Integer> sizes(int min, int max) {
        int small = (int) Math.min(max, (long) min + 16);
        return frequency(1, integers(min, small), 1, integers(min, max));
    }

    /** {@code false} or {@code true}; shrinks to {@code false}. */
    static Gen<Boolean> booleans() {
        return c -> c.below(2) == 1;
    }

    /** One of {@code values}; shrinks toward the first. */
    @SafeVarargs
    static <T> Gen<T> elements(T... values) {
        List<T> list = new ArrayList<>(values.length);
        for (T v : values) {
            list.add(v);
        }
        return elements(list);
    }

    /** One of {@code values}; shrinks toward the first. */
    static <T> Gen<T> elements(List<? extends T> values) {
        List<? extends T> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no values to choose from");
        }
        return c -> copy.get(c.below(copy.size()));
    }

    /** A value of one of {@code gens}, chosen uniformly; shrinks toward the first. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> copy = new ArrayList<>(gens.length);
        for (Gen<? extends T> g : gens) {
            copy.add(Objects.requireNonNull(g));
        }
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no generators to choose from");
        }
        return c -> copy.get(c.below(copy.size())).generate(c);
    }

    /** {@code a} with weight {@code wa}, else {@code b}; shrinks toward {@code a}. */
    static <T> Gen<T> frequency(int wa, Gen<? extends T> a, int wb, Gen<? extends T> b) {
        return frequency(wa, a, wb, b, 0, constant(null));
    }

    /** One of three generators, by weight; shrinks toward the first. */
    static <T> Gen<T> frequency(
            int wa, Gen<? extends T> a, int wb, Gen<? extends T> b, int wc, Gen<? extends T> c) {
        Objects.requireNonNull(a);
        Objects.requireNonNull(b);
        Objects.requireNonNull(c);
        if (wa < 0 || wb < 0 || wc < 0 || (long) wa + wb + wc == 0) {
            throw new IllegalArgumentException("weights " + wa + ", " + wb + ", " + wc);
        }
        long total = (long) wa + wb + wc;
        return ch -> {
            long w = ch.below(total);
            return w < wa ? a.generate(ch) : w < wa + wb ? b.generate(ch) : c.generate(ch);
        };
    }

    /**
     * Byte arrays of {@code min} to {@code max} bytes of {@code element}, about {@code mean} more
     * than {@code min}.
     */
    static Gen<byte[]> bytes(Gen<Byte> element, int min, int max, int mean) {
        return element.list(min, max, mean)
                .map(list -> {
                    byte[] out = new byte[list.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = list.get(i);
                    }
                    return out;
                });
    }

    /** Any byte, uniformly; shrinks toward 0. */
    static Gen<Byte> anyByte() {
        return c -> (byte) c.below(256);
    }

    /**
     * Strings of {@code min} to {@code max} code points of {@code codePoint}, about {@code mean}
     * more than {@code min}. A code point may be a lone surrogate: the string then has it as a
     * {@code char}.
     */
    static Gen<String> strings(Gen<Integer> codePoint, int min, int max, int mean) {
        return codePoint
                .list(min, max, mean)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder(cps.size());
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                });
    }
}
