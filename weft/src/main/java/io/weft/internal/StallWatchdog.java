package io.weft.internal;

import io.weft.internal.diag.TaskTree;
import io.weft.internal.diag.TaskTreeText;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Warns when a task of a SERIAL runtime holds the baton for too long: it blocks outside Weft (a
 * plain {@code Thread.sleep}, a JDBC call) or computes without reaching a checkpoint, so no other
 * task can run. That is a bug in the code under test, so it is reported, with the task's name and
 * stack and the runtime's task tree ({@link TaskTree}), through the {@link System.Logger} named
 * {@code io.weft} at level WARNING.
 *
 * <p><b>Algorithm.</b> One platform thread per SERIAL runtime sleeps until the current holder has
 * held the baton for the threshold, then compares the scheduler's handoff count with the one it
 * saw: unchanged means the same holding, which it reports once. It wakes at most once per threshold
 * while nothing happens, and never touches the scheduler's monitor.
 */
final class StallWatchdog {
    private static final System.Logger LOG = System.getLogger("io.weft");

    private final SerialScheduler scheduler;
    private final long thresholdNanos;
    private final Thread thread;
    private volatile boolean stopped;

    StallWatchdog(SerialScheduler scheduler, Duration threshold, String name) {
        this.scheduler = scheduler;
        this.thresholdNanos = threshold.toNanos();
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Stops the thread and waits for it to end. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
        Task.joinQuietly(thread);
    }

    private void loop() {
        long reported = -1;
        while (!stopped) {
            long handoffs = scheduler.handoffs();
            Task holder = scheduler.holder();
            long held = System.nanoTime() - scheduler.heldSince();
            if (holder == null || handoffs == reported || held < thresholdNanos) {
                LockSupport.parkNanos(
                        this,
                        holder == null || handoffs == reported
                                ? thresholdNanos
                                : thresholdNanos - held);
                continue;
            }
            if (scheduler.handoffs() == handoffs) {
                reported = handoffs;
                report(holder, held);
            }
        }
    }

    private static void report(Task holder, long heldNanos) {
        StringBuilder sb =
                new StringBuilder("SERIAL runtime stalled: task '")
                        .append(holder.name())
                        .append("' has run for ")
                        .append(heldNanos / 1_000_000)
                        .append(" ms without reaching a Weft checkpoint, so no other task can run;")
                        .append(" it is blocked outside Weft or computing without checkpoints.")
                        .append(" Its stack:");
        Thread t = holder.thread();
        if (t != null) {
            for (StackTraceElement e : t.getStackTrace()) {
                sb.append("\n\tat ").append(e);
            }
        }
        sb.append("\nThe runtime's tasks:\n")
                .append(TaskTreeText.render(TaskTree.of(holder.runtime, false)));
        LOG.log(System.Logger.Level.WARNING, sb.toString());
    }
}
