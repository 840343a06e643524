package io.weft.stream;

import io.weft.Backend;

/** The Reactive Streams TCK for {@link MemoryStreamFlow#subscriber} on the SERIAL backend. */
public class MemoryStreamFlowSubscriberTckSerialTest extends MemoryStreamFlowSubscriberTck {
    public MemoryStreamFlowSubscriberTckSerialTest() {
        super(Backend.SERIAL);
    }
}
