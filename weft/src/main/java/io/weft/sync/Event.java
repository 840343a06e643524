package io.weft.sync;

import io.weft.Cancelled;
import io.weft.internal.Latch;
import io.weft.internal.Task;

/**
 * A one-shot signal: tasks {@link #await()} it until some thread {@link #set()}s it; once set it
 * stays set (there is no {@code clear}; make a new event instead).
 *
 * <pre>{@code
 * Event ready = new Event();
 * TaskGroup.run(tg -> {
 *     tg.startSoon(() -> { prepare(); ready.set(); });
 *     ready.await();
 *     System.out.println("Received notification!");
 * });
 * }</pre>
 *
 * <p>Thread-safe: {@link #set()} may be called from any thread, including threads that are not Weft
 * tasks. An event can be created outside a runtime and used by several runtimes.
 *
 * <p><b>Algorithm.</b> An event is a one-shot latch ({@code io.weft.internal.Latch}): waiters queue
 * in FIFO order; {@code set} opens the latch and resumes each. A waiter resumed by {@code set}
 * returns normally even if its task is cancelled at the same moment (it meets the cancellation at
 * its next checkpoint); a waiter cancelled first is skipped.
 */
public final class Event {
    private final Latch latch = new Latch();

    /** A new event that is not set. */
    public Event() {}

    /** Sets the event and wakes every waiting task. Idempotent. Not a checkpoint; never blocks. */
    public void set() {
        latch.open();
    }

    /** Whether the event is set. */
    public boolean isSet() {
        return latch.isOpen();
    }

    /**
     * Waits until the event is set. A checkpoint, even when the event is already set: it throws
     * {@link Cancelled} first if the task is cancelled. If this throws {@code Cancelled}, the event
     * was not observed as set by this call.
     *
     * @throws Cancelled if the task is cancelled before the event is set
     */
    public void await() {
        latch.await(Task.current(), this);
    }

    /** A snapshot of the number of waiting tasks. */
    public EventStatistics statistics() {
        return new EventStatistics(latch.waiting());
    }

    @Override
    public String toString() {
        return "Event[" + (isSet() ? "set" : "unset") + ", waiting=" + latch.waiting() + "]";
    }
}
