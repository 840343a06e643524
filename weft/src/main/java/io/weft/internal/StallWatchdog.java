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
 * <p><b>Algorithm.</b> One platform thread per SERIAL runtime samples the scheduler's handoff count
 * and holder every quarter of the threshold. A count unchanged, with the same holder, over samples
 * that span the threshold means one holding at least that long, which it reports once. So a warning
 * comes between one and one and a quarter thresholds into the holding, and the scheduler pays
 * nothing per handoff but a plain increment under its monitor: no clock read, no fence. The
 * watchdog never touches the scheduler's monitor.
 */
final class StallWatchdog {
    private static final System.Logger LOG = System.getLogger("io.weft");

    private static final int SAMPLES_PER_THRESHOLD = 4;

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
        long period = Math.max(1, thresholdNanos / SAMPLES_PER_THRESHOLD);
        int reported = 0;
        boolean anyReported = false;
        int count = scheduler.handoffs();
        Task holder = scheduler.holder();
        long since = System.nanoTime(); // the first sample that saw this count and holder
        while (!stopped) {
            LockSupport.parkNanos(this, period);
            int c = scheduler.handoffs();
            Task h = scheduler.holder();
            long now = System.nanoTime();
            if (c != count || h != holder || h == null) {
                count = c;
                holder = h;
                since = now;
            } else if (now - since >= thresholdNanos && !(anyReported && reported == c)) {
                reported = c;
                anyReported = true;
                report(h, now - since);
            }
        }
    }

    private static void report(Task holder, long heldNanos) {
        StringBuilder sb =
                new StringBuilder("SERIAL runtime stalled: task '")
                        .append(holder.name())
                        .append("' has run for at least ")
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
