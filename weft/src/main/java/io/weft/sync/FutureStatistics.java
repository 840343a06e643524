package io.weft.sync;

/**
 * A snapshot of a {@link Future}.
 *
 * @param tasksWaiting the number of tasks waiting in {@link Future#get()} or {@link Future#await()}
 */
public record FutureStatistics(int tasksWaiting) {}
