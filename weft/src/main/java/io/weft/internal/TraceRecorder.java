package io.weft.internal;

import java.util.ArrayList;
import java.util.List;

/** The events behind an {@code io.weft.testing.ScheduleTrace}; thread-safe. */
public final class TraceRecorder {
    private final List<String> events = new ArrayList<>();

    /** An empty recorder. */
    public TraceRecorder() {}

    /** Appends {@code event}. */
    public synchronized void add(String event) {
        events.add(event);
    }

    /** Removes every event. */
    public synchronized void clear() {
        events.clear();
    }

    /** A snapshot of the events. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }
}
