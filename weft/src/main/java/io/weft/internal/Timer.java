package io.weft.internal;

/**
 * Something that must happen at a deadline: an entry of a runtime's {@link Timers} heap.
 *
 * <p>A scope's deadline ({@link ScopeDeadline}) and a timed wait ({@link Waiter#timeout()}) each
 * make one when they first need it, so that the scopes and waiters that have no deadline (nearly
 * all of them) do not carry these fields. The fields belong to the {@link Timers} that holds the
 * entry and are read and written only under its lock.
 */
public abstract class Timer {
    /** The deadline on the runtime clock while scheduled. Guarded by the owning Timers' lock. */
    long timerDeadline;

    /**
     * Order of scheduling, which breaks ties between equal deadlines: entries due at the same
     * instant fire first-scheduled first (a virtual clock makes ties common). Guarded likewise.
     */
    long timerSeq;

    /** Position in the heap, or -1 when not scheduled. Guarded by the owning Timers' lock. */
    int heapIndex = -1;

    /** Creates an unscheduled timer. */
    protected Timer() {}

    /**
     * Runs once the deadline has passed: on the timer thread, or on virtual time in the thread that
     * moved the clock. It must be short and must not block: it completes a waiter or cancels a
     * scope.
     */
    protected abstract void onDeadline();
}
