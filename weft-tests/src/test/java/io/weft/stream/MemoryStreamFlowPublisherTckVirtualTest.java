package io.weft.stream;

import io.weft.Backend;

/** The Reactive Streams TCK for {@link MemoryStreamFlow#publisher} on the VIRTUAL backend. */
public class MemoryStreamFlowPublisherTckVirtualTest extends MemoryStreamFlowPublisherTck {
    public MemoryStreamFlowPublisherTckVirtualTest() {
        super(Backend.VIRTUAL);
    }
}
