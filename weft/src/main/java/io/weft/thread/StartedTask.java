package io.weft.thread;

import java.util.concurrent.CompletableFuture;

/**
 * What {@link BlockingPortal#startTask} returns: the task's future (completed when the task ends;
 * cancelling it cancels the task) and the value the task passed to {@code started}.
 *
 * @param future completes normally when the task returns, exceptionally when it fails, and is
 *     cancelled when the task is cancelled
 * @param value the task's start value
 * @param <S> the start value's type
 */
public record StartedTask<S>(CompletableFuture<Void> future, S value) {}
