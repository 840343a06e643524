package io.weft.stream;

import io.weft.Backend;

/** The Reactive Streams TCK for {@link MemoryStreamFlow#publisher} on the SERIAL backend. */
public class MemoryStreamFlowPublisherTckSerialTest extends MemoryStreamFlowPublisherTck {
    public MemoryStreamFlowPublisherTckSerialTest() {
        super(Backend.SERIAL);
    }
}
