package io.weft.stream;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The attributes of {@link FileReadStream} and {@link FileWriteStream} (AnyIO's {@code
 * FileStreamAttribute}). Java has no portable file descriptor number, so AnyIO's {@code fileno} has
 * no counterpart; the channel stands for the open file.
 */
public final class FileStreamAttribute {
    /** The open file. */
    public static final TypedAttribute<FileChannel> CHANNEL = new TypedAttribute<>("file channel");

    /** The file's path; only for streams opened from a path. */
    public static final TypedAttribute<Path> PATH = new TypedAttribute<>("file path");

    private FileStreamAttribute() {}
}
