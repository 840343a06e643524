package io.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A mutual-exclusion lock for critical sections of a few field updates that never block, to be
 * extended by the object it guards (so it costs one {@code int} field and no object of its own).
 *
 * <p><b>Why not {@code synchronized}.</b> When two virtual threads on different carriers meet on a
 * monitor, the JDK inflates it and, if brief spinning fails, unmounts the loser and parks it: a
 * park and an unpark for a section that lasts tens of nanoseconds. Measured on a memory object
 * stream between two tasks on two carriers, that halved the stream's throughput. This lock never
 * unmounts a thread while the holder is running: a section this short ends before a loser has spun
 * long.
 *
 * <p><b>Algorithm.</b> {@code state} is 0 (free) or 1 (held). {@link #lock()} is one CAS from 0 to
 * 1 when the lock is free; its loser waits for the state to read 0 and tries again: first spinning
 * ({@link Thread#onSpinWait()}), then yielding its carrier, and after that parking for a few
 * microseconds at a time, for the case where the holder's thread lost its CPU (a machine with more
 * busy threads than cores): spinning then would only take the CPU from the holder. {@link
 * #unlock()} is a release store of 0. Not reentrant, not fair; there is no owner check, so only the
 * holder may call {@link #unlock()}.
 *
 * <p><b>Linearisation point.</b> Acquisition is the successful CAS (with volatile semantics, so
 * everything the previous holder wrote before its release store is visible after it); release is
 * the store.
 *
 * <p><b>Pitfall.</b> A section must not park, wait for another task, call user code or take another
 * {@code SpinLock}: a holder that waits makes every loser spin, yield and poll meanwhile.
 */
public abstract class SpinLock {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SpinLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Spin iterations before a loser starts yielding, and yields before it starts parking.
    private static final int SPINS = 128;
    private static final int YIELDS = SPINS + 32;
    private static final long PARK_NANOS = 20_000;

    private volatile int state;

    /** For subclasses. */
    protected SpinLock() {}

    /** Acquires the lock, waiting without a checkpoint while another thread holds it. */
    protected final void lock() {
        if (!STATE.compareAndSet(this, 0, 1)) {
            lockContended();
        }
    }

    /** Releases the lock; only the thread that acquired it may call this. */
    protected final void unlock() {
        STATE.setRelease(this, 0);
    }

    private void lockContended() {
        for (int i = 1; ; i++) {
            // Read before the CAS, so that losers spin on a shared copy of the cache line instead
            // of taking it from the holder with a failing write.
            if (state == 0 && STATE.compareAndSet(this, 0, 1)) {
                return;
            }
            if (i < SPINS) {
                Thread.onSpinWait();
            } else if (i < YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
    }
}
