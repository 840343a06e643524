package io.weft.sync;

import java.util.List;

/**
 * A snapshot of a {@link CapacityLimiter}.
 *
 * @param borrowedTokens the number of tokens borrowed now
 * @param totalTokens the limiter's total, {@link Double#POSITIVE_INFINITY} if it is unbounded
 * @param borrowers who holds the tokens, in the order they got them: the {@link io.weft.TaskInfo}
 *     of a task that called {@link CapacityLimiter#acquire()}, or the object passed to {@link
 *     CapacityLimiter#acquireOnBehalfOf(Object)}; an unmodifiable copy
 * @param tasksWaiting the number of tasks waiting for a token
 */
public record CapacityLimiterStatistics(
        int borrowedTokens, double totalTokens, List<Object> borrowers, int tasksWaiting) {
    /** Copies {@code borrowers}. */
    public CapacityLimiterStatistics {
        borrowers = List.copyOf(borrowers);
    }
}
