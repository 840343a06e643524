package io.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The baton of a SERIAL runtime: exactly one of its tasks runs task code at any moment.
 *
 * <p><b>Algorithm.</b> Every task still has its own (virtual) thread, but a thread runs task code
 * only while its task is the {@code holder}. A task gives the baton up at a schedule point ({@link
 * #yield}: it goes to the back of the ready queue), when it parks in a Weft wait ({@link #block}:
 * it leaves the queue until its waiter is completed) and when it ends ({@link #exit}); the
 * scheduler then picks the next ready task, first in first out or, with a seed, with a seeded PRNG
 * among the ready tasks and the yielding one. A spawned task is only queued ({@link #spawned}): it
 * first runs when its spawner gives the baton up, as on AnyIO's event loop. Whoever completes a
 * waiter (another task, the timer thread, a foreign thread) calls {@link #wake}, which queues the
 * task, or hands it the baton at once if nobody holds it.
 *
 * <p><b>Invariants</b> (all state is guarded by this object's monitor). {@code holder} is the one
 * task in state RUNNING, or null when every task is blocked. A task is in the ready queue iff its
 * state is READY. Only the holder's own thread moves the baton away from the holder ({@code yield},
 * {@code block}, {@code exit}); {@code wake} moves it only when there is no holder. The one
 * linearisation point of a handoff is the write of {@code holder} under the monitor; the thread
 * that gets the baton is unparked after the monitor is released and re-reads {@code holder}.
 *
 * <p><b>Determinism.</b> With every event coming from tasks (and a virtual clock whose jumps fire
 * deadlines synchronously), the sequence of handoffs depends only on the program and the seed, so
 * two runs give the same trace. Real time, worker threads and foreign threads make tasks ready at
 * moments the scheduler does not choose.
 */
public final class SerialScheduler {
    static final int NEW = 0;
    static final int READY = 1;
    static final int RUNNING = 2;
    static final int BLOCKED = 3;
    static final int DONE = 4;

    private static final VarHandle HANDOFFS;

    static {
        try {
            HANDOFFS =
                    MethodHandles.lookup()
                            .findVarHandle(SerialScheduler.class, "handoffs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SplittableRandom random;
    private final ArrayDeque<Task> fifo;
    private final ArrayList<Task> pool;
    private final TraceRecorder trace;
    private final Runnable idle;
    private volatile Task holder;
    private int taskNumbers;

    // For the stall watchdog: how many handoffs there were (wrapping). Written under the monitor,
    // read racily by the watchdog, which only compares two samples for equality. No clock read and
    // no extra fence per handoff: those cost about a fifth of a switch.
    private int handoffs;

    /**
     * A scheduler that picks FIFO ({@code seed == null}) or with a PRNG seeded with {@code seed},
     * recording its handoffs in {@code trace} if that is not null, and calling {@code idle} (the
     * runtime's autojump hook) whenever the baton is let go with no task ready.
     */
    SerialScheduler(Long seed, TraceRecorder trace, Runnable idle) {
        this.random = seed == null ? null : new SplittableRandom(seed);
        this.fifo = seed == null ? new ArrayDeque<>() : null;
        this.pool = seed == null ? null : new ArrayList<>();
        this.trace = trace;
        this.idle = idle;
    }

    // ---------------------------------------------------------------- handoffs

    /** Queues a task that has just been created; it runs once it gets the baton. */
    synchronized void spawned(Task t) {
        t.serialNumber = taskNumbers++;
        t.serialState = READY;
        if (holder == null) {
            handTo(t, null, "start");
        } else {
            enqueue(t);
        }
    }

    /**
     * A schedule point of the holder {@code t}: if another task is ready, queues {@code t} behind
     * it and waits for the baton to come back.
     */
    void yield(Task t) {
        Instruments ins = t.runtime.instruments;
        if (ins == null) {
            yieldBaton(t);
        } else {
            ins.afterStep(t); // every schedule point ends a step, as every Trio checkpoint does
            yieldBaton(t);
            ins.beforeStep(t);
        }
    }

    private void yieldBaton(Task t) {
        Task next;
        synchronized (this) {
            next = pick(t);
            if (next == t) {
                return; // nobody else is ready, or the seed chose t: it runs on
            }
            t.serialState = READY;
            enqueue(t);
            handTo(next, t, "yield");
        }
        LockSupport.unpark(next.thread());
        if (awaitTurn(t, this)) {
            Thread.currentThread().interrupt(); // keep an interrupt that arrived meanwhile
        }
    }

    /**
     * The holder {@code t} parks in {@code w}: unless {@code w} is already completed, gives the
     * baton to the next ready task and waits until {@code w} is completed and the baton is back.
     * Returns whether the thread was interrupted while it waited (the flag is then clear).
     */
    boolean block(Task t, Waiter w) {
        Instruments ins = t.runtime.instruments;
        if (ins == null) {
            return blockBaton(t, w);
        }
        ins.afterStep(t);
        boolean interrupted = blockBaton(t, w);
        ins.beforeStep(t);
        return interrupted;
    }

    private boolean blockBaton(Task t, Waiter w) {
        Task next;
        synchronized (this) {
            if (w.isDone()) {
                return false; // completed before we let go: keep the baton
            }
            t.serialState = BLOCKED;
            next = pick(null);
            handTo(next, t, "wait");
        }
        if (next != null) {
            LockSupport.unpark(next.thread());
        } else {
            idle.run(); // may wake tasks, t among them, through wake()
        }
        return awaitTurn(t, w); // parked "on" the waiter, as on the parallel backends
    }

    /**
     * {@code t}'s waiter was completed (by any thread): makes it ready, or gives it the baton if
     * nobody holds it. Does nothing if {@code t} has not blocked yet: it sees its completed waiter
     * under this monitor and keeps the baton.
     */
    void wake(Task t) {
        boolean unpark = false;
        synchronized (this) {
            if (t.serialState != BLOCKED) {
                return;
            }
            t.serialState = READY;
            if (holder == null) {
                handTo(t, null, "wake");
                unpark = true;
            } else {
                enqueue(t);
            }
        }
        if (unpark) {
            LockSupport.unpark(t.thread());
        }
    }

    /**
     * {@code t} has ended (or never started): gives the baton to the next ready task if {@code t}
     * held it, and forgets {@code t}.
     */
    void exit(Task t) {
        Task next;
        synchronized (this) {
            int was = t.serialState;
            t.serialState = DONE;
            if (was == READY) {
                dequeue(t);
            }
            if (holder != t) {
                return;
            }
            next = pick(null);
            handTo(next, t, "end");
        }
        if (next != null) {
            LockSupport.unpark(next.thread());
        } else {
            idle.run();
        }
    }

    /**
     * Waits until {@code t} holds the baton, parked on {@code blocker} (what thread dumps show).
     * Returns whether the thread was interrupted meanwhile; the flag is cleared so that parking
     * works, and the caller decides whether to restore it.
     */
    boolean awaitTurn(Task t, Object blocker) {
        boolean interrupted = false;
        while (holder != t) {
            LockSupport.park(blocker);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    // ---------------------------------------------------------------- picking (under the monitor)

    /**
     * The next task to run: the first ready one (FIFO), or one chosen by the PRNG among the ready
     * ones and {@code yielding} (which then keeps running). Removes it from the queue. Returns
     * {@code yielding} if it is the choice or nobody is ready, null if nobody can run.
     */
    private Task pick(Task yielding) {
        if (fifo != null) {
            Task next = fifo.pollFirst();
            return next != null ? next : yielding;
        }
        int n = pool.size() + (yielding != null ? 1 : 0);
        if (n == 0) {
            return null;
        }
        int i = n == 1 ? 0 : random.nextInt(n);
        if (i == pool.size()) {
            return yielding;
        }
        // Swap-remove keeps picking O(1); the order it leaves is a function of the seed too.
        Task next = pool.get(i);
        Task last = pool.remove(pool.size() - 1);
        if (i < pool.size()) {
            pool.set(i, last);
        }
        return next;
    }

    private void enqueue(Task t) {
        if (fifo != null) {
            fifo.addLast(t);
        } else {
            pool.add(t);
        }
    }

    private void dequeue(Task t) {
        if (fifo != null) {
            fifo.remove(t);
        } else {
            pool.remove(t);
        }
    }

    private void handTo(Task next, Task from, String why) {
        holder = next;
        if (next != null) {
            next.serialState = RUNNING;
            handoffs++;
        }
        if (trace != null && (from != null || next != null)) {
            trace.add(
                    (from == null ? "-" : label(from))
                            + " "
                            + why
                            + " -> "
                            + (next == null ? "(all blocked)" : label(next)));
        }
    }

    private static String label(Task t) {
        return t.name() + "#" + t.serialNumber;
    }

    // ---------------------------------------------------------------- introspection

    /** The task holding the baton, or null. */
    Task holder() {
        return holder;
    }

    /**
     * How many times the baton was handed to a task, modulo 2<sup>32</sup> (for the stall watchdog,
     * from its own thread: a racy read that may lag, which only delays a warning).
     */
    int handoffs() {
        return (int) HANDOFFS.getOpaque(this);
    }
}
