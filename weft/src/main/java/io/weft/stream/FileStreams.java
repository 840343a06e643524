package io.weft.stream;

import io.weft.BrokenResourceError;
import io.weft.internal.file.FileHandle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the two file streams share beyond their {@link FileHandle} (which opens, seeks, tells and
 * closes for both, as for {@code io.weft.file.AsyncFile}): their attributes and closing.
 */
final class FileStreams {
    private FileStreams() {}

    static Map<TypedAttribute<?>, Supplier<?>> attributes(FileHandle handle) {
        FileChannel channel = (FileChannel) handle.channel();
        return handle.path() == null
                ? Map.of(FileStreamAttribute.CHANNEL, () -> channel)
                : Map.of(
                        FileStreamAttribute.CHANNEL,
                        () -> channel,
                        FileStreamAttribute.PATH,
                        handle::path);
    }

    /**
     * Closes the handle. A failure to close is the stream's state, not an OS error the caller
     * should handle (docs/errors.md: an open Weft resource reports in unchecked types), so it is a
     * {@link BrokenResourceError} with the {@link IOException} as its cause; the file is closed
     * anyway.
     */
    static void close(FileHandle handle) {
        try {
            handle.close(null);
        } catch (IOException e) {
            throw new BrokenResourceError("closing the file failed: " + e.getMessage(), e);
        }
    }
}
