package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A send on a memory object stream waited because the buffer was full (for a stream without a
 * buffer: until a receiver took the item) for longer than the event's threshold (20 ms unless a
 * recording's settings say otherwise).
 */
@Name("io.weft.StreamBackpressure")
@Label("Stream Backpressure")
@Category({"Weft", "Streams"})
@Description("A send on a Weft memory object stream waited for room in the buffer")
@Enabled(false)
@StackTrace(false)
@Threshold("20 ms")
public final class StreamBackpressureEvent extends TaskEvent {
    @Label("Stream")
    @Description("Which stream: the same number for every end of one stream")
    public int streamId;

    @Label("Capacity")
    @Description("The stream's buffer size (0: the sender waits for a receiver)")
    public int capacity;

    @Label("Item Class")
    public String itemClass;

    @Label("Outcome")
    @Description("SENT, CANCELLED (the item was not sent), BROKEN or CLOSED")
    public String outcome;

    /** A begun event if a recording enables this event, else null. */
    public static StreamBackpressureEvent beginIfEnabled() {
        StreamBackpressureEvent e = new StreamBackpressureEvent(); // scalar-replaced while disabled
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }
}
