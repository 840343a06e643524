package io.weft.stream;

import io.weft.Backend;

/** The Reactive Streams TCK for {@link MemoryStreamFlow#publisher} on the PLATFORM backend. */
public class MemoryStreamFlowPublisherTckPlatformTest extends MemoryStreamFlowPublisherTck {
    public MemoryStreamFlowPublisherTckPlatformTest() {
        super(Backend.PLATFORM);
    }
}
