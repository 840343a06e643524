package io.weft.internal.file;

import java.nio.file.Path;

/**
 * pathlib's pure rules for names and suffixes, and {@code ~} expansion, over {@link Path}s: what
 * {@code AsyncPath}'s pure operations compute, in the caller, without touching the file system.
 */
public final class PathNames {
    private PathNames() {}

    /** The last element's text (pathlib's {@code name}); {@code ""} for a root. */
    public static String name(Path path) {
        Path p = path.getFileName();
        return p == null ? "" : p.toString();
    }

    /** The name's last suffix, dot included ({@code ".gz"} of {@code "a.tar.gz"}), or "". */
    public static String suffix(Path path) {
        String n = name(path);
        int i = n.lastIndexOf('.');
        return i > 0 && i < n.length() - 1 ? n.substring(i) : "";
    }

    /** The name without its last suffix (pathlib's {@code stem}). */
    public static String stem(Path path) {
        String n = name(path);
        return n.substring(0, n.length() - suffix(path).length());
    }

    /** pathlib's {@code with_suffix}; see {@code AsyncPath.withSuffix} for the rules. */
    public static Path withSuffix(Path path, String suffix) {
        if (!suffix.isEmpty()
                && (!suffix.startsWith(".") || suffix.equals(".") || suffix.contains("/"))) {
            throw new IllegalArgumentException("Invalid suffix '" + suffix + "'");
        }
        if (name(path).isEmpty()) {
            throw new IllegalArgumentException(path + " has an empty name");
        }
        return withName(path, stem(path) + suffix);
    }

    /** pathlib's {@code with_name}; see {@code AsyncPath.withName} for the rules. */
    public static Path withName(Path path, String name) {
        if (name.isEmpty() || name.equals(".") || name.contains("/")) {
            throw new IllegalArgumentException("Invalid name '" + name + "'");
        }
        if (path.getFileName() == null) {
            throw new IllegalArgumentException(path + " has an empty name");
        }
        return path.resolveSibling(name);
    }

    /** {@code path} with a leading {@code ~} replaced by {@code home}; any other path as it is. */
    public static Path expandUser(Path path, Path home) {
        String s = path.toString();
        if (s.equals("~")) {
            return home;
        }
        if (s.startsWith("~" + path.getFileSystem().getSeparator())) {
            return home.resolve(s.substring(2));
        }
        return path;
    }
}
