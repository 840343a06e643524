package io.weft.internal.file;

import io.weft.internal.file.GlobPattern.Segment;
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
 * The paths under a directory that match a {@link GlobPattern}, found depth first, one directory
 * listing at a time, as Python 3.13's pathlib finds them: {@code **} descends into directories but
 * not through symbolic links (its {@code recurse_symlinks=False}); the other segments follow them.
 * A directory that cannot be listed (missing, not a directory, no permission) is skipped, as
 * pathlib skips it. Each listing is read whole and closed within the step, so nothing stays open
 * between steps.
 */
public final class GlobSource implements BatchSource<Path> {
    /** A path reached with the pattern matched up to segment {@code index}. */
    private record Frame(Path path, int index, boolean known) {}

    private final List<Segment> segments;
    private final boolean directoriesOnly;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();

    /** A source of the paths under {@code root} matching {@code pattern}. */
    public GlobSource(Path root, GlobPattern pattern) {
        this.segments = pattern.segments();
        this.directoriesOnly = pattern.directoriesOnly();
        stack.push(new Frame(root, 0, false));
    }

    @Override
    public List<Path> next(int max) {
        List<Path> out = new ArrayList<>();
        while (!stack.isEmpty() && out.size() < max) {
            expand(stack.pop(), out);
        }
        return out;
    }

    private void expand(Frame f, List<Path> out) {
        if (f.index == segments.size()) {
            if (matchesEnd(f.path, f.known)) {
                out.add(f.path);
            }
            return;
        }
        Segment seg = segments.get(f.index);
        boolean last = f.index + 1 == segments.size();
        switch (seg.kind()) {
            case LITERAL -> stack.push(new Frame(f.path.resolve(seg.text()), f.index + 1, false));
            case WILDCARD -> {
                List<Path> matched = new ArrayList<>();
                for (Path child : list(f.path)) {
                    if (seg.regex().matcher(child.getFileName().toString()).matches()) {
                        matched.add(child);
                    }
                }
                for (Path child : matched.reversed()) { // popped in listing order
                    stack.push(new Frame(child, f.index + 1, true));
                }
            }
            case RECURSIVE -> {
                List<Frame> below = new ArrayList<>();
                for (Path child : list(f.path)) {
                    if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        below.add(new Frame(child, f.index, true));
                    } else if (last && !directoriesOnly) {
                        // Python 3.13: a trailing ** yields files as well as directories.
                        below.add(new Frame(child, f.index + 1, true));
                    }
                }
                for (Frame b : below.reversed()) {
                    stack.push(b);
                }
                stack.push(new Frame(f.path, f.index + 1, f.known)); // ** as zero directories
            }
        }
    }

    private boolean matchesEnd(Path p, boolean known) {
        if (directoriesOnly) {
            return Files.isDirectory(p);
        }
        return known || Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** {@code dir}'s entries, or none if it cannot be listed (pathlib ignores such errors). */
    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p);
            }
        } catch (IOException | DirectoryIteratorException e) {
            return out; // what was read before the error, as os.scandir's loop would yield
        }
        return out;
    }

    @Override
    public void close() {
        stack.clear();
    }
}
