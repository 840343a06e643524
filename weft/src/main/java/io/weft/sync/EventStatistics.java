package io.weft.sync;

/**
 * A snapshot of an {@link Event}.
 *
 * @param tasksWaiting the number of tasks waiting for the event
 */
public record EventStatistics(int tasksWaiting) {}
