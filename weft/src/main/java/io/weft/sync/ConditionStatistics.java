package io.weft.sync;

/**
 * A snapshot of a {@link Condition}.
 *
 * @param tasksWaiting the number of tasks waiting in {@link Condition#await()} for a signal
 * @param lockStatistics a snapshot of the condition's lock
 */
public record ConditionStatistics(int tasksWaiting, LockStatistics lockStatistics) {}
