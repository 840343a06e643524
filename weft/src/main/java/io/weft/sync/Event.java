package io.weft.sync;

import io.weft.Cancelled;
import io.weft.internal.Task;
import io.weft.internal.WaitQueue;
import io.weft.internal.Waiter;

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
 * <p><b>Algorithm.</b> Waiters queue in FIFO order under the queue's monitor; {@code set} marks the
 * event and, under the same monitor, takes every queued waiter, then resumes each. A waiter that
 * was resumed by {@code set} returns normally even if its task is cancelled at the same moment (it
 * meets the cancellation at its next checkpoint); a waiter cancelled first is skipped.
 */
public final class Event {
    private volatile boolean set;
    private final WaitQueue waiters = new WaitQueue();

    /** A new event that is not set. */
    public Event() {}

    /** Sets the event and wakes every waiting task. Idempotent. Not a checkpoint; never blocks. */
    public void set() {
        if (set) {
            return;
        }
        synchronized (waiters) {
            if (set) {
                return;
            }
            set = true;
        }
        // Once `set` is true no waiter is added, so draining outside the monitor misses none.
        for (Waiter w; (w = waiters.poll()) != null; ) {
            w.tryResume(null);
        }
    }

    /** Whether the event is set. */
    public boolean isSet() {
        return set;
    }

    /**
     * Waits until the event is set. A checkpoint, even when the event is already set: it throws
     * {@link Cancelled} first if the task is cancelled. If this throws {@code Cancelled}, the event
     * was not observed as set by this call.
     *
     * @throws Cancelled if the task is cancelled before the event is set
     */
    public void await() {
        Task t = Task.current();
        t.checkCancelled();
        if (set) {
            t.yieldPoint();
            return;
        }
        Waiter w = new Waiter(t, true);
        synchronized (waiters) {
            if (set) {
                w = null;
            } else {
                waiters.add(w);
            }
        }
        if (w == null) {
            t.yieldPoint();
            return;
        }
        if (w.await() == Waiter.CANCELLED) {
            waiters.remove(w);
            throw t.cancelledNow();
        }
    }

    /** A snapshot of the number of waiting tasks. */
    public EventStatistics statistics() {
        return new EventStatistics(waiters.size());
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "unset") + ", waiting=" + waiters.size() + "]";
    }
}
