package io.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How a cancellation reaches a task's thread: the task's mode word, and the interrupts Weft
 * delivers and clears. {@link Task} extends it (one allocation per task, no indirection on the park
 * path); the scope chain it consults is {@link #cancelOrigin()}, which {@code Task} implements.
 *
 * <p><b>Mode word.</b> {@code mode} is RUNNING, PARKED (in a Weft wait), NO_INTERRUPT (inside a
 * section where an interrupt would do harm, such as an NIO channel operation), INTERRUPTING (a
 * canceller, or the task itself in {@link #arm()}, is delivering an interrupt) or NEW/DONE. Only
 * the winner of a CAS RUNNING→INTERRUPTING may interrupt the thread, so an interrupt can never land
 * inside a NO_INTERRUPT section or during {@link #disarm()}. The task itself moves RUNNING↔PARKED
 * and RUNNING↔NO_INTERRUPT, waiting out a brief INTERRUPTING.
 *
 * <p><b>Why nothing is missed.</b> A canceller writes {@code cancelCalled} and then reads {@code
 * mode}; the task writes {@code mode} (or its {@code waiter}) and then reads {@code cancelCalled}.
 * With volatile accesses at least one side sees the other's write: either the task's re-check sees
 * the cancellation, or the canceller sees the task parked (and cancels its waiter) or running (and
 * interrupts it).
 *
 * <p><b>The interrupt flag mirrors cancellation.</b> While the task runs user code and is
 * effectively cancelled, its interrupt flag is set (by a canceller, or by the task itself on
 * returning from Weft code: {@link #syncInterrupt()}), so JDK blocking calls fail with {@code
 * InterruptedException} the way Weft checkpoints throw {@code Cancelled}. When the task leaves the
 * cancelled scope or enters a shield, the flag Weft set is cleared again: no interrupt outlives the
 * scope that caused it.
 */
abstract sealed class TaskInterrupts extends TaskOutcome permits Task {
    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int PARKED = 2;
    static final int NO_INTERRUPT = 3;
    static final int INTERRUPTING = 4;
    static final int DONE = 5;

    static final VarHandle MODE;

    static {
        try {
            MODE = MethodHandles.lookup().findVarHandle(TaskInterrupts.class, "mode", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The task's thread; set once before it starts. */
    Thread thread;

    volatile int mode = NEW;
    volatile Waiter waiter;
    volatile boolean weftInterruptPending;

    TaskInterrupts() {}

    /**
     * The outermost cancelled scope visible from the task's current scope (walking outwards and
     * stopping at the first shield), or null if the task is not effectively cancelled.
     */
    public abstract Scope cancelOrigin();

    /**
     * Called by a canceller (any thread) for a task under a scope that was just cancelled or
     * un-shielded: ends its Weft wait, or interrupts it if it runs outside Weft.
     */
    final void wakeIfCancelled() {
        if (cancelOrigin() == null) {
            return;
        }
        // The task may leave the cancelled scope at any moment after the check above, and then
        // park or run outside it. So each branch below re-checks cancelOrigin() once it has pinned
        // what it acts on, and acts only if the task is still effectively cancelled.
        for (; ; ) {
            int m = mode;
            if (m == PARKED) {
                Waiter w = waiter;
                if (w == null) {
                    continue; // it is waking up; re-read the mode
                }
                // Reading `w` saw the task's write of `waiter`, which follows (in the task) every
                // change of its scope chain made before it parked on `w`; the chain cannot change
                // while it stays parked on `w`. So this re-check sees the chain `w` waits in: a
                // stale cancel cannot end a later wait made outside the cancelled scope.
                if (w.cancellable && cancelOrigin() != null) {
                    // If this loses, the wait ended otherwise; the task re-checks on waking
                    // (it publishes RUNNING before reading cancelCalled, which we wrote first).
                    w.tryCancel();
                }
                return;
            } else if (m == RUNNING) {
                if (MODE.compareAndSet(this, RUNNING, INTERRUPTING)) {
                    boolean wasPending = weftInterruptPending;
                    weftInterruptPending = true;
                    // Re-check after publishing the pending interrupt: a task leaving the scope
                    // writes its chain and then reads weftInterruptPending (syncInterrupt), so
                    // either we see it gone and deliver nothing, or it sees the pending interrupt
                    // and clears it (disarm waits until we leave INTERRUPTING).
                    if (cancelOrigin() != null) {
                        thread.interrupt();
                    } else {
                        weftInterruptPending = wasPending;
                    }
                    mode = RUNNING;
                    return;
                }
                // Lost to the task changing mode; re-read.
            } else {
                // NEW: the task checks on starting. NO_INTERRUPT: it checks on leaving the
                // section. INTERRUPTING: another canceller (or the task itself) is interrupting
                // it. DONE: nothing to do.
                return;
            }
        }
    }

    /**
     * Brings the interrupt flag in line with the task's cancellation state: set if effectively
     * cancelled, cleared (if Weft set it) if not. Called by the task itself whenever it returns to
     * user code after its scope chain or wait state changed.
     */
    final void syncInterrupt() {
        if (cancelOrigin() != null) {
            arm();
        } else if (weftInterruptPending) {
            disarm();
        }
    }

    /** As {@link #syncInterrupt()}, after a change that needs a full fence (shield exit). */
    final void syncInterruptAfterChainChange() {
        VarHandle.fullFence();
        syncInterrupt();
    }

    final void arm() {
        // Under INTERRUPTING, as a canceller delivers, so the two never interleave: a canceller
        // that decides not to interrupt restores weftInterruptPending, which would otherwise
        // erase the task's own write and leave an interrupt nobody clears.
        if (!MODE.compareAndSet(this, RUNNING, INTERRUPTING)) {
            // NO_INTERRUPT: the section re-syncs when it ends. INTERRUPTING: a canceller is
            // delivering; it interrupts, since the task is effectively cancelled.
            return;
        }
        try {
            weftInterruptPending = true;
            if (!thread.isInterrupted()) {
                thread.interrupt();
            }
        } finally {
            mode = RUNNING;
        }
    }

    private void disarm() {
        for (; ; ) {
            int m = mode;
            if (m == RUNNING && MODE.compareAndSet(this, RUNNING, NO_INTERRUPT)) {
                break;
            } else if (m != RUNNING && m != INTERRUPTING) {
                return; // not running user code; nothing to clear now
            }
            // INTERRUPTING, or lost the CAS to a canceller that took it: wait until it is done
            // (it may be delivering the very interrupt we must clear), then retry.
            Thread.onSpinWait();
        }
        try {
            if (cancelOrigin() == null) {
                Thread.interrupted();
                weftInterruptPending = false;
            }
        } finally {
            mode = RUNNING;
        }
        if (cancelOrigin() != null) {
            arm(); // a cancellation arrived while we held NO_INTERRUPT
        }
    }

    /**
     * Runs {@code body} in a section where cancellation is recorded but no interrupt is delivered,
     * so NIO channels touched by {@code body} cannot be closed by an interrupt. Any interrupt flag
     * set on entry is held back and restored (or re-armed) on exit.
     */
    public final <T> T withoutInterrupts(TaskBody body) throws Throwable {
        for (; ; ) {
            int m = mode;
            if (m == RUNNING && MODE.compareAndSet(this, RUNNING, NO_INTERRUPT)) {
                break;
            } else if (m == INTERRUPTING) {
                Thread.onSpinWait();
            } else if (m != RUNNING) {
                throw new IllegalStateException(this + " is already in a no-interrupt section");
            }
        }
        boolean held = Thread.interrupted();
        try {
            @SuppressWarnings("unchecked")
            T value = (T) body.run();
            return value;
        } finally {
            mode = RUNNING;
            if (held && !weftInterruptPending) {
                thread.interrupt();
            }
            syncInterruptAfterChainChange();
        }
    }

    /** Clears any interrupt before the thread's last steps (joining a sibling's thread). */
    final void clearInterruptAtEnd() {
        if (weftInterruptPending) {
            weftInterruptPending = false;
        }
        Thread.interrupted();
    }

    /**
     * What the task is doing, for diagnostics (a snapshot): {@code "NEW"} (not started yet), {@code
     * "RUNNING"}, {@code "PARKED"} (in a Weft wait), {@code "NO_INTERRUPT"} (in a section that
     * holds interrupts back, such as an NIO call) or {@code "DONE"}.
     */
    public final String stateName() {
        return switch (mode) {
            case NEW -> "NEW";
            case PARKED -> "PARKED";
            case NO_INTERRUPT -> "NO_INTERRUPT";
            case DONE -> "DONE";
            default -> "RUNNING"; // RUNNING, or INTERRUPTING for an instant
        };
    }

    /** Whether the task is parked in a Weft wait right now (a snapshot). */
    public final boolean isParked() {
        return mode == PARKED;
    }
}
