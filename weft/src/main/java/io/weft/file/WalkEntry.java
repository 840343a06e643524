package io.weft.file;

import java.util.List;

/**
 * One directory of {@link AsyncPath#walk()}: Python 3.12's {@code (dirpath, dirnames, filenames)}.
 *
 * <p>{@code dirNames} is a mutable list, read again when the walk goes on: remove names from it (or
 * reorder them) before asking for the next entry to prune the walk, as Python's walk is pruned by
 * editing {@code dirnames} in place. {@code fileNames} holds every other entry, symbolic links to
 * directories included (the walk does not follow links).
 *
 * @param dir the directory, the walk's top resolved against the names below it
 * @param dirNames the names of its subdirectories, in the order the file system listed them
 * @param fileNames the names of its other entries
 */
public record WalkEntry(AsyncPath dir, List<String> dirNames, List<String> fileNames) {}
