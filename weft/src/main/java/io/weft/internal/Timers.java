package io.weft.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The deadlines of one runtime: a binary min-heap of {@link Timer}s and one platform thread that
 * sleeps until the earliest of them.
 *
 * <p><b>Algorithm.</b> The heap is guarded by one lock. {@link #schedule} inserts (or moves) an
 * entry and wakes the timer thread only when the new entry is earlier than the deadline the thread
 * is currently sleeping towards; a scope that enters and exits in a loop with a later deadline each
 * time therefore never wakes the thread. The thread pops every entry whose deadline has passed and
 * runs their {@link Timer#onDeadline} outside the lock, in deadline order.
 *
 * <p><b>Why a platform thread.</b> Virtual threads are never preempted: if every carrier is busy
 * with CPU-bound tasks, a virtual timer thread would not run and no deadline would fire. A platform
 * thread fires deadlines regardless of what tasks do.
 *
 * <p>The thread starts with the first deadline and is stopped and joined by {@link #stop()} when
 * the runtime ends, so a run that never uses a deadline never starts it.
 */
public final class Timers {
    private final Clock clock;
    private final String threadName;
    private final ReentrantLock lock = new ReentrantLock();
    private Timer[] heap = new Timer[16];
    private int size;
    private Thread thread;
    private long sleepingUntil = Long.MAX_VALUE;
    private boolean stopped;

    Timers(Clock clock, String threadName) {
        this.clock = clock;
        this.threadName = threadName;
    }

    /** The clock these timers read. */
    public Clock clock() {
        return clock;
    }

    /**
     * Schedules {@code timer} at {@code deadline}, or moves it there if it is already scheduled.
     *
     * @throws IllegalStateException if the runtime has ended
     */
    public void schedule(Timer timer, long deadline) {
        lock.lock();
        try {
            if (stopped) {
                throw new IllegalStateException("this Weft runtime has ended");
            }
            if (timer.heapIndex >= 0) {
                removeAt(timer.heapIndex);
            }
            timer.timerDeadline = deadline;
            timer.heapIndex = size;
            if (size == heap.length) {
                heap = java.util.Arrays.copyOf(heap, size * 2);
            }
            heap[size++] = timer;
            siftUp(timer.heapIndex);
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::loop);
                thread.start();
            } else if (heap[0] == timer && deadline < sleepingUntil) {
                LockSupport.unpark(thread);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code timer} if it is scheduled; returns whether it was. */
    public boolean cancel(Timer timer) {
        lock.lock();
        try {
            if (timer.heapIndex < 0) {
                return false;
            }
            removeAt(timer.heapIndex);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Number of scheduled entries (for tests and statistics). */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the timer thread and waits for it to end. Scheduled entries never fire. */
    void stop() {
        Thread t;
        lock.lock();
        try {
            stopped = true;
            t = thread;
            for (int i = 0; i < size; i++) {
                heap[i].heapIndex = -1;
                heap[i] = null;
            }
            size = 0;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            LockSupport.unpark(t);
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the timer thread is alive (for leak tests). */
    boolean threadAlive() {
        lock.lock();
        try {
            return thread != null && thread.isAlive();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        List<Timer> due = new ArrayList<>();
        lock.lock();
        try {
            while (!stopped) {
                if (size == 0) {
                    sleepingUntil = Long.MAX_VALUE;
                    lock.unlock();
                    try {
                        LockSupport.park(this);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long now = clock.now();
                long first = heap[0].timerDeadline;
                if (first > now) {
                    sleepingUntil = first;
                    lock.unlock();
                    try {
                        LockSupport.parkNanos(this, first - now);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                while (size > 0 && heap[0].timerDeadline <= now) {
                    Timer t = heap[0];
                    removeAt(0);
                    due.add(t);
                }
                lock.unlock();
                try {
                    for (Timer t : due) {
                        fire(t);
                    }
                } finally {
                    due.clear();
                    lock.lock();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static void fire(Timer t) {
        try {
            t.onDeadline();
        } catch (Throwable e) {
            // onDeadline only completes waiters and cancels scopes; a failure here is a Weft bug.
            Thread.currentThread()
                    .getUncaughtExceptionHandler()
                    .uncaughtException(Thread.currentThread(), e);
        }
    }

    private void removeAt(int i) {
        Timer removed = heap[i];
        removed.heapIndex = -1;
        int last = --size;
        if (i == last) {
            heap[last] = null;
            return;
        }
        Timer moved = heap[last];
        heap[last] = null;
        heap[i] = moved;
        moved.heapIndex = i;
        siftDown(i);
        if (heap[i] == moved) {
            siftUp(i);
        }
    }

    private void siftUp(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (p.timerDeadline <= t.timerDeadline) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i) {
        Timer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Timer c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].timerDeadline < c.timerDeadline) {
                child = right;
                c = heap[child];
            }
            if (t.timerDeadline <= c.timerDeadline) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
