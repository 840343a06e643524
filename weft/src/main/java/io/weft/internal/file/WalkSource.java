package io.weft.internal.file;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Python 3.12's {@code Path.walk()} (top down, {@code follow_symlinks=False}, {@code
 * on_error=None}): one directory per step, its entries split into directory names and the other
 * names (a symbolic link to a directory is among the other names, as it is not followed). The next
 * step descends into the directory names <em>as the caller left them</em>, so removing names prunes
 * the walk. A directory that cannot be listed is skipped, as Python skips it when no {@code
 * on_error} is given. Each listing is closed within its step.
 */
public final class WalkSource implements BatchSource<WalkSource.Walked> {
    /**
     * One directory: its path, and its entries' names; {@code dirNames} is the list the caller may
     * shorten to prune the walk.
     */
    public record Walked(Path dir, List<String> dirNames, List<String> fileNames) {}

    private final ArrayDeque<Path> stack = new ArrayDeque<>();
    private Walked last;

    /** A walk of the tree under {@code top}. */
    public WalkSource(Path top) {
        stack.push(top);
    }

    @Override
    public List<Walked> next(int max) {
        if (last != null) {
            // Reversed so that the first name is walked first; read now, after the caller's edits.
            List<String> names = last.dirNames();
            for (int i = names.size() - 1; i >= 0; i--) {
                stack.push(last.dir().resolve(names.get(i)));
            }
            last = null;
        }
        while (!stack.isEmpty()) {
            Path dir = stack.pop();
            List<String> dirs = new ArrayList<>();
            List<String> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path child : ds) {
                    String name = child.getFileName().toString();
                    (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) ? dirs : files).add(name);
                }
            } catch (IOException | DirectoryIteratorException e) {
                continue;
            }
            last = new Walked(dir, dirs, files);
            return List.of(last);
        }
        return List.of();
    }

    @Override
    public void close() {
        stack.clear();
        last = null;
    }
}
