package io.weft.examples;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how many tasks are inside a guarded section at once, for the synchronization examples: a
 * task calls {@link #enter()} once it holds the primitive and {@link #leave()} before it releases
 * it. Not a program itself.
 */
final class Occupancy {
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    /** A task is now inside. */
    void enter() {
        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
    }

    /** A task is about to leave. */
    void leave() {
        inside.decrementAndGet();
    }

    /** The most tasks that were inside at once. */
    int most() {
        return most.get();
    }
}
