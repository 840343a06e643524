package io.weft.sync;

/**
 * A snapshot of a {@link Semaphore}.
 *
 * @param tasksWaiting the number of tasks waiting in {@link Semaphore#acquire()}
 */
public record SemaphoreStatistics(int tasksWaiting) {}
