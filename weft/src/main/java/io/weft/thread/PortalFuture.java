package io.weft.thread;

import io.weft.CancelScope;
import java.util.concurrent.CompletableFuture;

/**
 * The future of a task started through a {@link BlockingPortal}: cancelling it cancels the task's
 * scope (AnyIO: "the future was cancelled"), whenever that happens, even before the task runs or
 * after the portal stopped.
 */
final class PortalFuture<T> extends CompletableFuture<T> {
    final CancelScope scope = new CancelScope();

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            scope.cancel("the future was cancelled");
        }
        return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>(); // dependents are plain futures
    }
}
