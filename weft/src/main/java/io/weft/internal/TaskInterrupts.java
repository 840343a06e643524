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

    // What the current Weft wait waits on and since when, for the task-tree dump and the LongWait
    // event (ADR 0020). Plain fields, written by the task's own thread: the wait's target before
    // it publishes `waiter` and PARKED, the time once it has committed to parking; both cleared
    // when the wait ends, so a dump that read PARKED sees this wait's values (or a later one's),
    // never an earlier wait's.
    private Object waitTarget;
    // When the task parked, in units of 2^20 ns (about a millisecond) of System.nanoTime(), made
    // odd so that 0 means "not parked". An int rather than a long, so that the two fields fill one
    // 8-byte step of the task's size (Task 104 -> 112 bytes; a long would make it 120); the
    // difference of two readings is exact modulo 2^32 units, so a wait reads right for 26 days.
    private int parkedAt;

    private static final int PARK_CLOCK_SHIFT = 20;

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

    // ---------------------------------------------------------------- the current wait

    /** Starts the record of a Weft wait on {@code w}: publishes it and what it waits {@code on}. */
    final void beginWait(Waiter w, Object on) {
        waitTarget = on; // before the volatile write of waiter, and of PARKED after it
        waiter = w;
    }

    /** Records that the task has committed to parking in its current wait: now. */
    final void markParked() {
        parkedAt = (int) (System.nanoTime() >> PARK_CLOCK_SHIFT) | 1;
    }

    /** Ends the record of the current wait. */
    final void endWait() {
        waiter = null;
        waitTarget = null;
        parkedAt = 0;
    }

    /**
     * What the task's current Weft wait waits on (the primitive or stream it was called on, such as
     * an {@code Event}), or null if it names none or the task is not in a Weft wait. A snapshot;
     * meaningful while {@link #isParked()}.
     */
    public final Object waitTarget() {
        return waitTarget;
    }

    /**
     * For how long the task has been parked in its current Weft wait, in nanoseconds of real time
     * (not the runtime's clock), to about a millisecond; -1 if it is not parked, or is still
     * spinning before it parks. A snapshot.
     */
    public final long parkedNanos() {
        int at = parkedAt;
        if (at == 0) {
            return -1;
        }
        int units = (int) (System.nanoTime() >> PARK_CLOCK_SHIFT) - at;
        return units <= 0 ? 0 : (long) units << PARK_CLOCK_SHIFT;
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
