package io.weft.testing;

import io.weft.Cancelled;
import io.weft.sync.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forces blocks of code in different tasks to run in an explicit order (Trio's {@code Sequencer}):
 * each block takes a position, block 0 starts at once, and block {@code n} starts only once block
 * {@code n - 1} has finished.
 *
 * <pre>{@code
 * Sequencer seq = new Sequencer();
 * List<Integer> out = new CopyOnWriteArrayList<>();
 * TaskGroup.run(tg -> {
 *     tg.startSoon(() -> {
 *         try (var turn = seq.turn(0)) { out.add(0); }
 *         try (var turn = seq.turn(3)) { out.add(3); }
 *     });
 *     tg.startSoon(() -> {
 *         try (var turn = seq.turn(1)) { out.add(1); }
 *         try (var turn = seq.turn(2)) { out.add(2); }
 *     });
 * });
 * // out == [0, 1, 2, 3], on every backend
 * }</pre>
 *
 * <p>{@link #turn(int) turn(n)} waits until position {@code n - 1}'s turn has been closed (position
 * 0 does not wait), and closing turn {@code n} lets position {@code n + 1} go. Every position may
 * be used once. The wait is a checkpoint ({@link Event#await()}), so it can be cancelled; a task
 * cancelled while waiting for its turn <em>breaks</em> the sequencer, because the order it was
 * meant to force can no longer happen: that task gets its {@link Cancelled}, and every task waiting
 * for a turn, and every later {@code turn} call, fails with {@link IllegalStateException}.
 *
 * <p>Thread-safe; usable from the tasks of any backend, and by several runtimes in turn.
 */
public final class Sequencer {
    private final Map<Integer, Event> sequencePoints = new HashMap<>();
    private final Set<Integer> claimed = new HashSet<>();
    private boolean broken;
    private String brokenBy;

    /** A sequencer with no position used yet. */
    public Sequencer() {}

    /**
     * Claims position {@code position} and waits for its turn: returns once position {@code
     * position - 1}'s turn has been closed, at once for position 0. Close the returned turn (use
     * try-with-resources) when the block is done, to let position {@code position + 1} go.
     *
     * <p>A checkpoint for every position but 0.
     *
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws IllegalStateException if the position was used before, or the sequencer is broken
     *     (before or while waiting)
     * @throws Cancelled if the task is cancelled while it waits; this breaks the sequencer
     * @throws io.weft.NoRuntimeError if it must wait and is not called from a task
     */
    public Turn turn(int position) {
        if (position < 0) {
            throw new IllegalArgumentException(
                    "Sequencer positions start at 0, but " + position + " was asked for");
        }
        Event mine;
        synchronized (this) {
            if (claimed.contains(position)) {
                throw new IllegalStateException(
                        "Sequencer position " + position + " was already used");
            }
            if (broken) {
                throw brokenError();
            }
            claimed.add(position);
            mine = position == 0 ? null : pointLocked(position);
        }
        if (mine != null) {
            try {
                mine.await();
            } catch (Cancelled c) {
                breakSequence(position);
                throw c;
            }
            synchronized (this) {
                if (broken) {
                    throw brokenError();
                }
            }
        }
        return new Turn(position);
    }

    /** Marks the sequencer broken and releases every waiter (they see {@code broken}). */
    private void breakSequence(int position) {
        List<Event> waiting;
        synchronized (this) {
            if (!broken) {
                broken = true;
                brokenBy =
                        "a task was cancelled while it waited for position " + position + "'s turn";
            }
            waiting = new ArrayList<>(sequencePoints.values());
        }
        // Outside the monitor: set() resumes waiters, which then take the monitor.
        for (Event e : waiting) {
            e.set();
        }
    }

    private IllegalStateException brokenError() {
        return new IllegalStateException("sequence broken: " + brokenBy);
    }

    private Event pointLocked(int position) {
        return sequencePoints.computeIfAbsent(position, p -> new Event());
    }

    /** Position {@code position}'s block is done: lets position {@code position + 1} go. */
    private void finished(int position) {
        Event next;
        synchronized (this) {
            next = pointLocked(position + 1);
        }
        next.set();
    }

    /**
     * One position's turn, from {@link #turn(int)}; closing it lets the next position go. Closing
     * it again does nothing.
     */
    public final class Turn implements AutoCloseable {
        private final int position;
        private boolean closed;

        private Turn(int position) {
            this.position = position;
        }

        /** The position of this turn. */
        public int position() {
            return position;
        }

        /** Ends this turn: the task waiting for position {@code position() + 1} goes on. */
        @Override
        public void close() {
            synchronized (Sequencer.this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            finished(position);
        }

        @Override
        public String toString() {
            return "Sequencer.Turn[" + position + (closed ? ", closed" : "") + "]";
        }
    }

    @Override
    public synchronized String toString() {
        return "Sequencer[used=" + claimed + (broken ? ", broken" : "") + "]";
    }
}
