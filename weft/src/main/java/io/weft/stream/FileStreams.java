package io.weft.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** What the two file streams share: their attributes and closing. */
final class FileStreams {
    private FileStreams() {}

    static Map<TypedAttribute<?>, Supplier<?>> attributes(FileChannel channel, Path path) {
        return path == null
                ? Map.of(FileStreamAttribute.CHANNEL, () -> channel)
                : Map.of(
                        FileStreamAttribute.CHANNEL,
                        () -> channel,
                        FileStreamAttribute.PATH,
                        () -> path);
    }

    static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the file failed", e);
        }
    }
}
