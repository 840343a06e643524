package io.weft.stream;

import java.io.IOException;

/**
 * Something that makes a new connected object stream on demand (AnyIO's {@code
 * ObjectStreamConnectable}).
 *
 * @param <T> the type of the items
 */
@FunctionalInterface
public interface ObjectStreamConnectable<T> {
    /** Connects and returns the stream; the caller owns (and closes) it. A checkpoint. */
    ObjectStream<T> connect() throws IOException;
}
