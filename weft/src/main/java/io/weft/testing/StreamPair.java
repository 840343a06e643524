package io.weft.testing;

import java.util.Objects;

/**
 * Two connected stream ends: what a test's stream factory returns to {@link StreamConformance} and
 * what {@link MemoryByteStream#pair(int)} makes. For a one-way pair {@code first} sends and {@code
 * second} receives.
 *
 * @param first one end (the sending one, for a one-way pair)
 * @param second the other end (the receiving one, for a one-way pair)
 * @param <A> the first end's type
 * @param <B> the second end's type
 */
public record StreamPair<A extends AutoCloseable, B extends AutoCloseable>(A first, B second) {
    /** Checks that both ends are given. */
    public StreamPair {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    /** The same ends, swapped. */
    public StreamPair<B, A> flipped() {
        return new StreamPair<>(second, first);
    }
}
