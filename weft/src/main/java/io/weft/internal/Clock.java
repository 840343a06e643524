package io.weft.internal;

/**
 * The time source of one runtime. Deadlines, {@code Weft.now()} and every timed wait read it, so a
 * virtual clock can replace the system clock without touching anything else.
 *
 * <p>Times are nanoseconds on a monotonic timeline whose origin is the clock's own. {@link
 * Long#MAX_VALUE} is reserved for "no deadline" and {@link Long#MIN_VALUE} for "already cancelled",
 * so a clock must keep its readings strictly between them.
 */
public interface Clock {

    /** The current time in nanoseconds. */
    long now();

    /** The system clock: {@link System#nanoTime()} measured from the first use of Weft. */
    Clock SYSTEM = new SystemClock();

    /** See {@link Clock#SYSTEM}. */
    final class SystemClock implements Clock {
        // One origin for the JVM, so that deadlines are comparable across runtimes.
        private static final long ORIGIN = System.nanoTime();

        private SystemClock() {}

        @Override
        public long now() {
            return System.nanoTime() - ORIGIN;
        }

        @Override
        public String toString() {
            return "SystemClock";
        }
    }
}
