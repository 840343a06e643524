package io.weft.property;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The random choices a {@link Gen} makes one value from, recorded so that the value can be made
 * again and made simpler.
 *
 * <p>A generator asks only for {@link #below(long) numbers below a bound}. A fresh {@code Choices}
 * draws them from a PRNG seeded with the try's seed; a replaying one takes them from a recorded
 * sequence (a number too large for its bound is taken modulo the bound, and a sequence that runs
 * out gives zeros). Either way the numbers actually used are recorded ({@link #made()}). Shrinking
 * edits a recorded sequence (deletes runs of it, lowers its numbers) and replays it: because every
 * generator maps smaller numbers to simpler values (a smaller integer, the first alternative, a
 * shorter list), a shorter or smaller sequence gives a simpler value.
 */
public final class Choices {
    /** More choices than this for one value is a runaway generator, not a test input. */
    static final int MAX_CHOICES = 1_000_000;

    private final SplittableRandom random; // null when replaying
    private final long[] given; // the sequence replayed, or null
    private int next;
    private long[] made = new long[32];
    private int count;

    private Choices(SplittableRandom random, long[] given) {
        this.random = random;
        this.given = given;
    }

    /** Fresh choices from a PRNG seeded with {@code seed}. */
    static Choices seeded(long seed) {
        return new Choices(new SplittableRandom(seed), null);
    }

    /** The choices of {@code sequence}, then zeros. */
    static Choices replaying(long[] sequence) {
        return new Choices(null, sequence);
    }

    /**
     * A number from 0 (the simplest) to {@code bound - 1}.
     *
     * @throws IllegalArgumentException if {@code bound} is less than 1
     */
    public long below(long bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1, was " + bound);
        }
        if (count >= MAX_CHOICES) {
            throw new IllegalStateException(
                    "a generator made more than " + MAX_CHOICES + " choices");
        }
        long v;
        if (given == null) {
            v = random.nextLong(bound);
        } else if (next < given.length) {
            v = given[next] % bound; // recorded numbers are never negative
        } else {
            v = 0;
        }
        next++;
        if (count == made.length) {
            made = Arrays.copyOf(made, count * 2);
        }
        made[count++] = v;
        return v;
    }

    /** {@link #below(long)} for an {@code int} bound. */
    public int below(int bound) {
        return (int) below((long) bound);
    }

    /** The numbers used so far, in order. */
    long[] made() {
        return Arrays.copyOf(made, count);
    }
}
