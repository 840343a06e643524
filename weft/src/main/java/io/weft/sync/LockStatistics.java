package io.weft.sync;

import io.weft.TaskInfo;

/**
 * A snapshot of a {@link Lock}.
 *
 * @param locked whether some task holds the lock
 * @param owner the task holding the lock, or null if it is free
 * @param tasksWaiting the number of tasks waiting in {@link Lock#acquire()}
 */
public record LockStatistics(boolean locked, TaskInfo owner, int tasksWaiting) {}
