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
 * runs their {@link Timer#onDeadline} outside the lock, in deadline order (on a tie, the entry
 * scheduled first fires first).
 *
 * <p><b>Why a platform thread.</b> Virtual threads are never preempted: if every carrier is busy
 * with CPU-bound tasks, a virtual timer thread would not run and no deadline would fire. A platform
 * thread fires deadlines regardless of what tasks do.
 *
 * <p>The thread starts with the first deadline and is stopped and joined by {@link #stop()} when
 * the runtime ends, so a run that never uses a deadline never starts it.
 *
 * <p><b>Virtual time.</b> On a {@link VirtualClock} nothing is due until someone moves the clock,
 * so the thread never sleeps towards a deadline. Time moves only under {@code fireLock}: {@link
 * #jump} (a test's {@code MockClock.jump}) and {@link #autojump} advance the clock and fire, one
 * entry at a time in deadline order, everything that became due, all in the calling thread and
 * before releasing the lock. Because every firing holds {@code fireLock}, a jump returns only after
 * each entry due at its new time has fired, whoever popped it. Scheduling never fires inline (it
 * runs under scope monitors that firing takes); an entry that is already due when scheduled (the
 * clock jumped between computing a deadline and scheduling it) is fired by the thread, which {@link
 * #schedule} wakes for it. The thread is started only for that and for autojump with a positive
 * threshold, and waits (without a timeout) until one of them needs it.
 *
 * <p><b>Autojump.</b> The runtime calls {@link #allTasksBlocked} each time its running count
 * reaches zero, with the number of that idle period (its epoch). With a zero threshold the calling
 * thread jumps at once; with a positive one it records the period's start and wakes the thread,
 * which waits that long in real time and jumps only if the runtime is still in the same idle period
 * (no task woke and parked again in between, and none is running). A jump goes to the earliest
 * scheduled deadline, fires what is due, and repeats while every task stays blocked (a fired entry
 * may wake nobody: a deadline moved later re-arms itself). With no deadline scheduled there is
 * nothing to jump to: every task waits for something only another task or thread can give.
 */
public final class Timers {
    private final Clock clock;
    private final VirtualClock virtual; // null on the system clock
    private final WeftRuntime runtime;
    private final String threadName;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock fireLock; // virtual time only; see the class comment
    private Timer[] heap = new Timer[16];
    private int size;
    private long scheduled; // numbers schedule() calls, for Timer.timerSeq
    private Thread thread;
    private long sleepingUntil = Long.MAX_VALUE;
    private boolean stopped;

    // Virtual time only; guarded by lock.
    private boolean dueScheduled; // an entry was due when scheduled: the thread must fire it
    private boolean idleArmed; // the thread waits for the autojump threshold
    private long idleEpoch; // the idle period it waits in
    private long idleSince; // when that period began, System.nanoTime()

    Timers(Clock clock, String threadName, WeftRuntime runtime) {
        this.clock = clock;
        this.virtual = clock instanceof VirtualClock v ? v : null;
        this.runtime = runtime;
        this.threadName = threadName;
        this.fireLock = virtual != null ? new ReentrantLock() : null;
    }

    /** The clock these timers read. */
    public Clock clock() {
        return clock;
    }

    /** Whether the clock is a {@link VirtualClock}. */
    boolean isVirtual() {
        return virtual != null;
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
            timer.timerSeq = ++scheduled;
            timer.heapIndex = size;
            if (size == heap.length) {
                heap = java.util.Arrays.copyOf(heap, size * 2);
            }
            heap[size++] = timer;
            siftUp(timer.heapIndex);
            if (virtual != null) {
                if (deadline <= virtual.now()) {
                    dueScheduled = true;
                    wakeThread();
                }
            } else if (thread == null) {
                startThread();
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

    private void startThread() {
        thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::loop);
        thread.start();
    }

    private void loop() {
        if (virtual != null) {
            virtualLoop();
            return;
        }
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

    // ---------------------------------------------------------------- virtual time

    /** Starts the thread, or wakes it. Caller holds {@code lock}; virtual time only. */
    private void wakeThread() {
        if (thread == null) {
            startThread();
        } else {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Moves the virtual clock {@code nanos} ahead and fires, in the calling thread and in deadline
     * order, every entry that is due then.
     */
    void jump(long nanos) {
        fireLock.lock();
        try {
            virtual.advance(nanos);
            fireDue();
        } finally {
            fireLock.unlock();
        }
    }

    /**
     * Called by the runtime when its running count has just reached zero, beginning idle period
     * {@code epoch}: jumps at once (threshold 0) or lets the thread wait for the threshold.
     */
    void allTasksBlocked(long epoch) {
        long threshold = virtual.autojumpThresholdNanos();
        if (threshold == VirtualClock.NEVER || !runtime.stillAllBlocked(epoch)) {
            return;
        }
        if (threshold == 0) {
            autojump(epoch);
            return;
        }
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            idleArmed = true;
            idleEpoch = epoch;
            idleSince = System.nanoTime();
            wakeThread();
        } finally {
            lock.unlock();
        }
    }

    /**
     * While idle period {@code epoch} lasts, jumps the clock to the earliest deadline and fires
     * what is due. Stops as soon as a task runs (a fired entry woke it; it jumps again, if need be,
     * when it parks) or nothing is scheduled.
     */
    private void autojump(long epoch) {
        fireLock.lock();
        try {
            while (runtime.stillAllBlocked(epoch)) {
                long target;
                lock.lock();
                try {
                    if (stopped || size == 0) {
                        return;
                    }
                    target = heap[0].timerDeadline;
                } finally {
                    lock.unlock();
                }
                virtual.advanceTo(target);
                fireDue();
            }
        } finally {
            fireLock.unlock();
        }
    }

    /**
     * Pops and fires, one at a time and in deadline order, every entry due at the current virtual
     * time. Caller holds {@code fireLock}, so the time cannot move meanwhile.
     */
    private void fireDue() {
        long now = virtual.now();
        for (; ; ) {
            Timer t;
            lock.lock();
            try {
                if (size == 0 || heap[0].timerDeadline > now) {
                    return;
                }
                t = heap[0];
                removeAt(0);
            } finally {
                lock.unlock();
            }
            fire(t);
        }
    }

    /** The thread's loop on virtual time: it never sleeps towards a deadline. */
    private void virtualLoop() {
        lock.lock();
        try {
            while (!stopped) {
                if (dueScheduled) {
                    dueScheduled = false;
                    lock.unlock();
                    try {
                        fireLock.lock();
                        try {
                            fireDue();
                        } finally {
                            fireLock.unlock();
                        }
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long threshold = virtual.autojumpThresholdNanos();
                if (idleArmed && threshold == VirtualClock.NEVER) {
                    idleArmed = false; // autojump was turned off while we waited
                }
                if (!idleArmed) {
                    lock.unlock();
                    try {
                        LockSupport.park(this);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long wait = idleSince + threshold - System.nanoTime();
                if (wait > 0) {
                    lock.unlock();
                    try {
                        LockSupport.parkNanos(this, wait);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                idleArmed = false;
                long epoch = idleEpoch;
                lock.unlock();
                try {
                    autojump(epoch);
                } finally {
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

    /** Whether {@code a} fires before {@code b}: earlier deadline, or scheduled first on a tie. */
    private static boolean earlier(Timer a, Timer b) {
        return a.timerDeadline < b.timerDeadline
                || (a.timerDeadline == b.timerDeadline && a.timerSeq < b.timerSeq);
    }

    private void siftUp(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (!earlier(t, p)) {
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
            if (right < size && earlier(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!earlier(c, t)) {
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
