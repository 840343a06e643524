package io.weft.thread;

import java.util.concurrent.CompletableFuture;

/**
 * What {@link BlockingPortal#startTask} and {@link BlockingPortal#startTaskForResult} return: the
 * task's future (completed when the task ends; cancelling it cancels the task) and the value the
 * task passed to {@code started}.
 *
 * @param future completes with the task's result (null for a {@code TaskStartFunction}) when it
 *     returns, exceptionally when it fails, and is cancelled when the task is cancelled
 * @param value the task's start value
 * @param <S> the start value's type
 * @param <T> the task's result type ({@link Void} for {@link BlockingPortal#startTask})
 */
public record StartedTask<S, T>(CompletableFuture<T> future, S value) {}
