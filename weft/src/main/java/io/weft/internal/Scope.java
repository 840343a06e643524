package io.weft.internal;

import io.weft.Cancelled;
import io.weft.ExceptionGroup;
import io.weft.internal.jfr.CancelScopeCancelledEvent;
import io.weft.internal.jfr.DeadlineFiredEvent;
import io.weft.internal.jfr.WeftEvents;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A cancel scope: a node of the runtime's cancel-scope tree (the state behind {@code
 * io.weft.CancelScope}).
 *
 * <p><b>Shape of the tree.</b> {@code parent} points outwards. Within one task the scopes form a
 * chain: each scope is entered by one task (its {@code owner}) inside that task's current scope,
 * and {@code inner} points to the scope the owner entered directly inside it, if any. The tree
 * branches only at task groups: the root scope of each child task has the group's scope as its
 * parent, and the group lists its children ({@link GroupScope}). A scope's {@code inner} chain and
 * its groups' children are stable while anything nested in them is active, because scopes are left
 * in LIFO order and a group outlives its children.
 *
 * <p><b>Cancellation.</b> {@link #cancel} sets {@code cancelCalled} (under the monitor, so that the
 * first reason wins), then walks the subtree ({@link #forEachTaskUnder}) and calls {@link
 * Task#wakeIfCancelled()} on every task in it; the walk stops at shielded scopes. Each task decides
 * for itself, from its current chain, whether it is affected, so a walk that reaches a task which
 * has just left the scope does no harm, and a task that enters the subtree after the walk sees
 * {@code cancelCalled} at its next checkpoint.
 *
 * <p><b>Leaving a scope</b> ({@link #exit}) swallows a {@code Cancelled} iff this scope was
 * cancelled and no cancelled enclosing scope is visible from it (Trio's rule: a cancellation
 * propagates to the outermost scope that caused it).
 *
 * <p><b>Size.</b> Every task has a root scope and every group one more, so a scope carries only
 * what every scope needs: a deadline and its timer entry live in a {@link ScopeDeadline}, who
 * cancelled and why in a {@link CancelNote}, each made when first needed.
 */
public class Scope {
    static final int NEW = 0;
    static final int ACTIVE = 1;
    static final int EXITED = 2;

    /** The reason recorded when a deadline cancels a scope. */
    public static final String DEADLINE_REASON = "deadline exceeded";

    private static final VarHandle STATE;
    private static final VarHandle INNER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Scope.class, "state", int.class);
            INNER = l.findVarHandle(Scope.class, "inner", Scope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile Scope parent;
    volatile Scope inner;
    Task owner;
    volatile boolean cancelCalled;
    volatile boolean shield;
    private volatile ScopeDeadline timer; // null until a deadline is first set; see ScopeDeadline
    private volatile int state;
    private volatile boolean cancelledCaught;
    private boolean cancelledByDeadline;
    private CancelNote note; // set once, under this monitor, when cancelled

    /** A new scope, not yet entered, with no deadline and no shield. */
    public Scope() {}

    /**
     * The outermost cancelled scope visible from {@code from} (walking outwards and stopping at the
     * first shield), or null if nothing visible from there is cancelled.
     */
    public static Scope effectiveCancelOrigin(Scope from) {
        Scope origin = null;
        for (Scope s = from; s != null; s = s.parent) {
            if (s.cancelCalled) {
                origin = s;
            }
            if (s.shield) {
                break;
            }
        }
        return origin;
    }

    static Scope taskRoot(Task task, GroupScope group) {
        Scope s = new Scope();
        s.owner = task;
        s.parent = group;
        s.state = ACTIVE;
        return s;
    }

    // ---------------------------------------------------------------- enter / exit

    /**
     * Enters this scope in task {@code t} (the calling task): it becomes the task's current scope.
     *
     * @throws IllegalStateException if the scope was entered before
     */
    public final void enter(Task t) {
        if (!STATE.compareAndSet(this, NEW, ACTIVE)) {
            throw new IllegalStateException(
                    state == ACTIVE
                            ? "this cancel scope is already active (in "
                                    + owner
                                    + "); each CancelScope can be run only once"
                            : "this cancel scope has already been used; each CancelScope can be"
                                    + " run only once");
        }
        owner = t;
        Scope p = t.current;
        parent = p;
        if (p != null) {
            INNER.setRelease(p, this);
        }
        t.setCurrent(this);
        if (timer != null) {
            armDeadline();
        }
        if (cancelCalled || shield) {
            t.syncInterruptAfterChainChange();
        }
    }

    /**
     * Leaves this scope in task {@code t} with the body's outcome {@code failure} (null if it
     * completed) and returns what must propagate: null if the body completed or this scope
     * swallowed its own cancellation.
     *
     * <p>An {@code InterruptedException} (or channel-closed-by-interrupt) thrown while the task is
     * effectively cancelled is Weft's interrupt and is treated as that cancellation. From an {@link
     * ExceptionGroup}, only the {@code Cancelled} members are swallowed.
     *
     * <p>Leaving a scope that is not active, from another task, or while an inner scope is still
     * active, returns an {@code IllegalStateException} (with {@code failure} suppressed) and
     * changes nothing.
     */
    public final Throwable exit(Task t, Throwable failure) {
        if (state != ACTIVE || owner != t || t.current != this) {
            IllegalStateException e =
                    new IllegalStateException(
                            state != ACTIVE
                                    ? "this cancel scope is not active: it was never entered, or"
                                            + " it has been left already"
                                    : owner != t
                                            ? "cancel scope exited in a different task ("
                                                    + t
                                                    + ") than the one it was entered in ("
                                                    + owner
                                                    + ")"
                                            : "cancel scope exited out of order: the task's"
                                                    + " current scope is another scope entered"
                                                    + " inside it");
            if (failure != null) {
                e.addSuppressed(failure);
            }
            return e;
        }
        if (failure != null) {
            failure = t.asCancellationIfInterrupted(failure);
            if (cancelCalled && !parentCancellationVisible()) {
                failure = swallowOwn(failure);
            }
        }
        Scope p = parent;
        boolean isRoot = this == t.root;
        t.setCurrent(isRoot ? null : p);
        if (p != null && !isRoot) {
            INNER.setRelease(p, null);
        }
        ScopeDeadline tm = timer;
        if (tm != null) {
            synchronized (this) {
                state = EXITED;
                owner.runtime.timers.cancel(tm);
            }
        } else {
            state = EXITED;
        }
        if (!isRoot && (cancelCalled || shield)) {
            t.syncInterruptAfterChainChange();
        }
        return failure;
    }

    private Throwable swallowOwn(Throwable failure) {
        if (failure instanceof Cancelled c) {
            note.swallowed = c; // cancelCalled, so the note exists
            cancelledCaught = true;
            return null;
        }
        if (failure instanceof ExceptionGroup g) {
            ExceptionGroup.Split split = g.split(Cancelled.class);
            if (split.matched() != null) {
                cancelledCaught = true;
                return split.rest();
            }
        }
        return failure;
    }

    /** Whether a cancelled enclosing scope is visible from here (not blocked by a shield). */
    final boolean parentCancellationVisible() {
        if (shield) {
            return false;
        }
        for (Scope s = parent; s != null; s = s.parent) {
            if (s.cancelCalled) {
                return true;
            }
            if (s.shield) {
                return false;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- cancellation

    /**
     * Cancels this scope. The first call's reason is kept; later calls do nothing. Safe from any
     * thread. Not a checkpoint.
     */
    public final void cancel(String reason) {
        cancelInternal(reason, describeCaller(), false);
    }

    final void cancelInternal(String why, String by, boolean byDeadline) {
        synchronized (this) {
            // A deadline that fires as the scope exits loses: exit sets EXITED under this
            // monitor, and a scope left before its deadline was never cancelled by it.
            if (cancelCalled || (byDeadline && state == EXITED)) {
                return;
            }
            note = new CancelNote(why, by);
            cancelledByDeadline = byDeadline;
            cancelCalled = true;
        }
        if (WeftEvents.ON) {
            emitCancelled(why, by, byDeadline);
        }
        if (state == ACTIVE) {
            ScopeDeadline tm = timer;
            if (!byDeadline && tm != null) {
                owner.runtime.timers.cancel(tm);
            }
            forEachTaskUnder(this, true, Task::wakeIfCancelled);
        }
    }

    private void emitCancelled(String why, String by, boolean byDeadline) {
        Task o = owner;
        ScopeDeadline tm = timer;
        if (byDeadline && tm != null && o != null) {
            DeadlineFiredEvent d = new DeadlineFiredEvent(); // first: its lateness reads the clock
            if (d.isEnabled()) {
                d.runtimeId = o.runtime.id;
                d.ownerTaskId = o.id;
                d.deadline = tm.deadline;
                d.lateness = o.runtime.timers.clock().now() - tm.deadline;
                d.commit();
            }
        }
        CancelScopeCancelledEvent e = new CancelScopeCancelledEvent();
        if (e.isEnabled()) {
            e.runtimeId = o == null ? 0 : o.runtime.id;
            e.ownerTaskId = o == null ? 0 : o.id;
            e.kind =
                    this instanceof GroupScope
                            ? "taskGroup"
                            : isTaskRoot() ? "task" : "cancelScope";
            e.reason = why;
            e.canceller = by;
            e.byDeadline = byDeadline;
            e.commit();
        }
    }

    static String describeCaller() {
        Task c = Task.currentOrNull();
        return c != null
                ? "task '" + c.name() + "'"
                : "thread '" + Thread.currentThread().getName() + "'";
    }

    /**
     * The message of a {@code Cancelled} caused by this scope. Built once when the scope is
     * cancelled (its parts never change after that), so that cancelling many tasks does not build
     * one string per task.
     */
    public final String cancelMessage() {
        // note is written before cancelCalled (volatile), so reading the flag first publishes it.
        CancelNote n = cancelCalled ? note : null;
        if (n == null) {
            return buildCancelMessage(null);
        }
        String m = n.message;
        if (m == null) {
            m = buildCancelMessage(n);
            n.message = m; // a racy publication of an immutable string: at worst built twice
        }
        return m;
    }

    private String buildCancelMessage(CancelNote n) {
        StringBuilder sb =
                new StringBuilder("Cancelled via cancel scope ")
                        .append(Integer.toHexString(System.identityHashCode(this)));
        if (n != null && n.cancellerName != null) {
            sb.append(" by ").append(n.cancellerName);
        }
        if (n != null && n.reason != null) {
            sb.append("; reason: ").append(n.reason);
        }
        return sb.toString();
    }

    /**
     * Calls {@code action} for every task whose scope chain passes through {@code s}: the owner
     * and, through the task groups nested in {@code s}, their children. With {@code
     * respectShields}, skips what is nested inside a shielded scope below {@code s}.
     */
    static void forEachTaskUnder(Scope s, boolean respectShields, Consumer<Task> action) {
        for (Scope x = s; x != null; x = x.inner) {
            if (respectShields && x != s && x.shield) {
                return;
            }
            if (x instanceof GroupScope g) {
                for (Task child : g.childrenSnapshot()) {
                    forEachTaskUnder(child.root, respectShields, action);
                }
            }
        }
        Task owner = s.owner;
        if (owner != null) {
            action.accept(owner);
        }
    }

    // ---------------------------------------------------------------- deadline and shield

    /**
     * Sets up a scope that no other thread can see yet (the timeout helpers' own scopes), so no
     * lock is needed. {@code ahead} says the deadline was computed as a positive delay from a clock
     * reading just taken, so entering need not read the clock again.
     */
    public final void initTimeout(long d, boolean ahead, boolean shielded) {
        if (d != Long.MAX_VALUE) {
            timer = new ScopeDeadline(this, d, ahead);
        }
        shield = shielded;
    }

    private void armDeadline() {
        boolean expired;
        synchronized (this) {
            ScopeDeadline tm = timer;
            long d = tm.deadline;
            if (cancelCalled || state != ACTIVE || d == Long.MAX_VALUE) {
                return;
            }
            expired = !tm.ahead && d <= owner.runtime.timers.clock().now();
            tm.ahead = false;
            if (!expired) {
                owner.runtime.timers.schedule(tm, d);
            }
        }
        if (expired) {
            cancelInternal(DEADLINE_REASON, null, true);
        }
    }

    /** {@code tm}, this scope's timer entry, came off the heap: its deadline may have moved. */
    final void deadlinePassed(ScopeDeadline tm) {
        if (tm.deadline > owner.runtime.timers.clock().now()) {
            armDeadline(); // moved later after the timer was taken off the heap
            return;
        }
        cancelInternal(DEADLINE_REASON, null, true);
    }

    /** The deadline on the runtime clock, {@code Long.MAX_VALUE} for none. */
    public final long deadline() {
        ScopeDeadline tm = timer;
        return tm == null ? Long.MAX_VALUE : tm.deadline;
    }

    /**
     * Sets the deadline. On an active scope this re-arms the timer; a deadline that has already
     * passed cancels the scope at once.
     */
    public final void setDeadline(long d) {
        synchronized (this) {
            ScopeDeadline tm = timer;
            if (tm == null) {
                if (d == Long.MAX_VALUE) {
                    return; // none before, none now
                }
                timer = new ScopeDeadline(this, d, false);
            } else {
                tm.deadline = d;
                tm.ahead = false;
                if (state == ACTIVE && d == Long.MAX_VALUE) {
                    owner.runtime.timers.cancel(tm);
                }
            }
        }
        if (state == ACTIVE) {
            armDeadline();
        }
    }

    /** Whether this scope is shielded. */
    public final boolean isShielded() {
        return shield;
    }

    /**
     * Shields or unshields this scope. Unshielding an active scope delivers any pending outer
     * cancellation to the tasks inside it.
     */
    public final void setShield(boolean on) {
        synchronized (this) {
            if (shield == on) {
                return;
            }
            shield = on;
        }
        if (state == ACTIVE) {
            if (!on) {
                forEachTaskUnder(this, true, Task::wakeIfCancelled);
            }
            Task me = Task.currentOrNull();
            if (me != null && me == owner) {
                me.syncInterruptAfterChainChange();
            }
        }
    }

    /** Whether {@link #cancel} was called or the deadline passed. */
    public final boolean cancelCalled() {
        return cancelCalled;
    }

    /** Whether this scope swallowed a cancellation it caused. */
    public final boolean cancelledCaught() {
        return cancelledCaught;
    }

    /** Whether the cancellation came from this scope's own deadline. */
    public final synchronized boolean cancelledByDeadline() {
        return cancelledByDeadline;
    }

    /** The cancellation this scope swallowed, if any. */
    public final Cancelled swallowedCancellation() {
        return cancelCalled ? note.swallowed : null;
    }

    /** The scope its owner entered directly inside this one, or null (a snapshot). */
    public final Scope innerScope() {
        return inner;
    }

    /** Whether this is a task's own root scope (cancelled by {@code TaskHandle.cancel}). */
    public final boolean isTaskRoot() {
        Task o = owner;
        return o != null && o.root == this;
    }

    /** The reason given when this scope was cancelled, or null (not cancelled, or none given). */
    public final String cancelReason() {
        return cancelCalled ? note.reason : null;
    }

    /** Who cancelled this scope ({@code "task 'name'"}, {@code "thread 'name'"}), or null. */
    public final String cancellerName() {
        return cancelCalled ? note.cancellerName : null;
    }

    /** Whether the scope is being run now. */
    public final boolean isActive() {
        return state == ACTIVE;
    }

    /**
     * The earliest deadline on task {@code t}'s scope chain up to and including the first shield;
     * {@code Long.MIN_VALUE} if the task is effectively cancelled, {@code Long.MAX_VALUE} if there
     * is no deadline.
     */
    public static long effectiveDeadline(Task t) {
        long d = Long.MAX_VALUE;
        for (Scope s = t.current; s != null; s = s.parent) {
            if (s.cancelCalled) {
                return Long.MIN_VALUE;
            }
            ScopeDeadline tm = s.timer;
            if (tm != null) {
                d = Math.min(d, tm.deadline);
            }
            if (s.shield) {
                break;
            }
        }
        return d;
    }
}
