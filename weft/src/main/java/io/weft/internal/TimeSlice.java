package io.weft.internal;

/**
 * When a checkpoint on a parallel backend should give up its thread: once the task has run for a
 * slice (about 1 ms) without blocking.
 *
 * <p><b>Algorithm.</b> Reading the clock costs tens of nanoseconds, so it is sampled adaptively: a
 * countdown between samples doubles (up to 4096 calls) while samples come closer together than a
 * sixteenth of a slice and halves when they are more than a quarter apart, so a sample lands about
 * every eighth of a slice whatever the checkpoint rate, and the common call is a decrement. Touched
 * only by the task's own thread.
 */
final class TimeSlice {
    /** Run time after which a checkpoint yields the thread. */
    static final long SLICE_NANOS = 1_000_000;

    private int countdown = 1;
    private int period = 1;
    private long start;
    private long lastSample;

    /** Counts one schedule point; true if the slice is used up (the caller yields). */
    boolean spent() {
        if (--countdown > 0) {
            return false;
        }
        long now = System.nanoTime();
        if (start == 0) {
            start = now;
            lastSample = now;
        }
        long sinceSample = now - lastSample;
        lastSample = now;
        if (sinceSample < SLICE_NANOS / 16) {
            if (period < 1 << 12) {
                period <<= 1;
            }
        } else if (sinceSample > SLICE_NANOS / 4 && period > 1) {
            period >>= 1;
        }
        countdown = period;
        if (now - start >= SLICE_NANOS) {
            start = 0;
            return true;
        }
        return false;
    }

    /** The task blocked (or yielded): its next slice starts afresh. */
    void restart() {
        start = 0;
    }
}
