package io.weft.stream;

import io.weft.Backend;

/** The Reactive Streams TCK for {@link MemoryStreamFlow#subscriber} on the VIRTUAL backend. */
public class MemoryStreamFlowSubscriberTckVirtualTest extends MemoryStreamFlowSubscriberTck {
    public MemoryStreamFlowSubscriberTckVirtualTest() {
        super(Backend.VIRTUAL);
    }
}
