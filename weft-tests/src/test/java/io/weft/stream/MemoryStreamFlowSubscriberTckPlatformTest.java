package io.weft.stream;

import io.weft.Backend;

/** The Reactive Streams TCK for {@link MemoryStreamFlow#subscriber} on the PLATFORM backend. */
public class MemoryStreamFlowSubscriberTckPlatformTest extends MemoryStreamFlowSubscriberTck {
    public MemoryStreamFlowSubscriberTckPlatformTest() {
        super(Backend.PLATFORM);
    }
}
