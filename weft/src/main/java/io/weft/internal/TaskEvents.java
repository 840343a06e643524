package io.weft.internal;

import io.weft.TaskHandle;
import io.weft.internal.diag.WaitSite;
import io.weft.internal.diag.WaitTarget;
import io.weft.internal.jfr.LongWaitEvent;
import io.weft.internal.jfr.TaskEndEvent;
import io.weft.internal.jfr.TaskStartEvent;

/**
 * The JFR events a {@link Task} emits about itself: its start, its end, and a wait it parked in for
 * longer than the {@code LongWait} threshold. Called only while {@code WeftEvents.ON}; each event
 * object is scalar-replaced while its event is disabled, and its fields are filled in only when it
 * will be committed.
 */
final class TaskEvents {
    private TaskEvents() {}

    static void start(Task t) {
        TaskStartEvent e = new TaskStartEvent();
        if (e.isEnabled()) {
            t.describe(e);
            e.commit();
        }
    }

    /**
     * Ends {@code e}, begun when {@code t} parked on {@code w}, and commits it if the wait was long
     * enough. Called by the task before it clears the record of the wait ({@code on}).
     */
    static void longWait(Task t, LongWaitEvent e, Waiter w, Object on) {
        e.end();
        if (e.shouldCommit()) {
            t.describe(e);
            WaitSite site = WaitSite.ofCurrentThread();
            e.waitingIn = site.waitingIn();
            e.waitingOn = WaitTarget.describe(on);
            e.calledFrom = site.calledFrom();
            e.outcome =
                    switch (w.kind()) {
                        case Waiter.RESUMED -> "RESUMED";
                        case Waiter.CANCELLED -> "CANCELLED";
                        case Waiter.TIMED_OUT -> "TIMED_OUT";
                        default -> "FAILED";
                    };
            e.commit();
        }
    }

    static void end(Task t) {
        TaskEndEvent e = new TaskEndEvent();
        if (e.isEnabled()) {
            t.describe(e);
            e.outcome = t.status().name();
            e.failure =
                    t.status() == TaskHandle.Status.FAILED
                            ? t.failure().getClass().getName()
                            : null;
            e.commit();
        }
    }
}
