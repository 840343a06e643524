package io.weft;

import io.weft.internal.Scope;
import io.weft.internal.Secrets;
import io.weft.internal.Task;
import java.util.Objects;

/**
 * A region of one task's code that can be cancelled, with an optional deadline and shield (Trio's
 * and AnyIO's cancel scope).
 *
 * <pre>{@code
 * CancelScope scope = new CancelScope();
 * scope.run(s -> {
 *     tg.startSoon(() -> { Weft.sleep(Duration.ofSeconds(1)); s.cancel("enough"); });
 *     Weft.sleepForever();                  // ends when the scope is cancelled
 * });
 * System.out.println(scope.cancelledCaught());  // true
 * }</pre>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>Nesting.</b> Cancelling a scope cancels everything nested in it: inner scopes, and every
 *       task started (through task groups) inside it.
 *   <li><b>Level-triggered.</b> While a task is inside a cancelled scope, every checkpoint throws
 *       {@link Cancelled}, however often it is caught.
 *   <li><b>Propagation.</b> A {@code Cancelled} propagates to the outermost cancelled scope visible
 *       from where it was thrown, and that scope swallows it ({@link #cancelledCaught()} becomes
 *       true). Code after the scope continues normally.
 *   <li><b>Shielding.</b> A shielded scope is not affected by the cancellation of enclosing scopes;
 *       only its own {@link #cancel()} or deadline cancel it. When the shield is lifted or left, an
 *       enclosing cancellation applies again.
 *   <li><b>Deadline.</b> When the runtime clock reaches the deadline, the scope cancels itself with
 *       reason "deadline exceeded". The deadline can be moved at any time; a deadline that has
 *       already passed cancels at once.
 *   <li><b>JDK blocking calls.</b> A task inside a cancelled scope that is blocked outside Weft
 *       ({@code BlockingQueue.take}, {@code Thread.sleep}, {@code Object.wait}, {@code Future.get})
 *       is interrupted; the {@code InterruptedException} that escapes the body counts as the
 *       cancellation. Weft clears the interrupt when the task leaves the cancelled scope.
 * </ul>
 *
 * <p>The body may take the scope ({@code s -> work(s)}) or not ({@code () -> work()}); {@link
 * #call} returns the body's value ({@code () -> compute()}).
 *
 * <p>A scope is run once, by one task: {@link #run} and {@link #call} throw {@link
 * IllegalStateException} on a second use. {@link #cancel()}, {@link #deadline(long)} and {@link
 * #shield(boolean)} may be called from any thread, before, during or after the run.
 */
public final class CancelScope {
    final Scope node;

    /** A scope with no deadline and no shield. Cancelling it before it runs is allowed. */
    public CancelScope() {
        this(new Scope());
    }

    CancelScope(Scope node) {
        this.node = node;
    }

    /** A new shielded scope, for cleanup that must finish even when the task is cancelled. */
    public static CancelScope shielded() {
        return new CancelScope().shield(true);
    }

    /**
     * Runs {@code body} inside this scope in the calling task and returns when it completes or this
     * scope swallowed its own cancellation (check {@link #cancelledCaught()}). Whatever else the
     * body throws propagates unchanged. Not a checkpoint by itself.
     *
     * @throws X what the body throws
     * @throws Cancelled if an enclosing scope's cancellation ends the body
     * @throws IllegalStateException if this scope was already run
     * @throws NoRuntimeError if called outside a Weft task
     */
    public <X extends Throwable> void run(ScopeBody<X> body) throws X {
        Objects.requireNonNull(body, "body");
        Task t = enter();
        Throwable failure = null;
        try {
            body.run(this);
        } catch (Throwable e) {
            failure = e;
        }
        this.<X>exit(t, failure);
    }

    /** As {@link #run(ScopeBody)}, for a body that does not need the scope. */
    public <X extends Throwable> void run(CheckedRunnable<X> body) throws X {
        Objects.requireNonNull(body, "body");
        Task t = enter();
        Throwable failure = null;
        try {
            body.run();
        } catch (Throwable e) {
            failure = e;
        }
        this.<X>exit(t, failure);
    }

    /**
     * As {@link #run(ScopeBody)}, for a body with a result: returns the body's value, or null if
     * this scope swallowed its own cancellation.
     */
    public <T, X extends Throwable> T call(ScopeFunction<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        Task t = enter();
        T value = null;
        Throwable failure = null;
        try {
            value = body.apply(this);
        } catch (Throwable e) {
            failure = e;
        }
        this.<X>exit(t, failure);
        return value;
    }

    /** As {@link #call(ScopeFunction)}, for a body that does not need the scope. */
    public <T, X extends Throwable> T call(CheckedCallable<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        Task t = enter();
        T value = null;
        Throwable failure = null;
        try {
            value = body.call();
        } catch (Throwable e) {
            failure = e;
        }
        this.<X>exit(t, failure);
        return value;
    }

    private Task enter() {
        Task t = Task.current();
        node.enter(t);
        return t;
    }

    /** Leaves the scope; rethrows what the body threw unless the scope swallowed it. */
    private <X extends Throwable> void exit(Task t, Throwable failure) throws X {
        failure = node.exit(t, failure);
        if (failure != null) {
            throw Secrets.<X>sneakyThrow(failure);
        }
    }

    /**
     * Cancels this scope. Idempotent; safe from any thread, before or during the run. Not a
     * checkpoint: the tasks inside meet the cancellation at their next checkpoint, and a task
     * parked in a Weft wait inside it wakes up with {@link Cancelled}.
     */
    public void cancel() {
        node.cancel(null);
    }

    /**
     * As {@link #cancel()}, recording {@code reason} in the {@link Cancelled} message (with the
     * name of the cancelling task). Only the first cancellation's reason is kept.
     */
    public void cancel(String reason) {
        node.cancel(reason);
    }

    /** Whether {@link #cancel()} was called or the deadline passed. */
    public boolean cancelCalled() {
        return node.cancelCalled();
    }

    /**
     * Whether this scope swallowed a cancellation it caused. False if it was cancelled but the body
     * completed before reaching a checkpoint, or if an enclosing scope's cancellation went through
     * it.
     */
    public boolean cancelledCaught() {
        return node.cancelledCaught();
    }

    /** The deadline on the runtime clock ({@link Weft#now()}), {@code Long.MAX_VALUE} for none. */
    public long deadline() {
        return node.deadline();
    }

    /**
     * Sets the deadline on the runtime clock; {@code Long.MAX_VALUE} removes it. On a running scope
     * the new deadline takes effect at once; one that has already passed cancels the scope.
     *
     * @return this scope
     */
    public CancelScope deadline(long deadline) {
        node.setDeadline(deadline);
        return this;
    }

    /** Whether this scope is shielded. */
    public boolean isShielded() {
        return node.isShielded();
    }

    /**
     * Shields this scope from the cancellation of enclosing scopes, or lifts the shield. Lifting it
     * on a running scope delivers a pending enclosing cancellation at once.
     *
     * @return this scope
     */
    public CancelScope shield(boolean shield) {
        node.setShield(shield);
        return this;
    }

    /** Whether the scope is running now. */
    public boolean isActive() {
        return node.isActive();
    }

    boolean cancelledByDeadline() {
        return node.cancelledByDeadline();
    }

    Cancelled swallowedCancellation() {
        return node.swallowedCancellation();
    }

    @Override
    public String toString() {
        return "CancelScope[cancelCalled="
                + cancelCalled()
                + ", cancelledCaught="
                + cancelledCaught()
                + ", deadline="
                + deadline()
                + ", shield="
                + isShielded()
                + "]";
    }
}
