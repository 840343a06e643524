package io.weft.file;

import io.weft.CheckedCallable;
import io.weft.CheckedRunnable;
import io.weft.internal.file.DirectorySource;
import io.weft.internal.file.GlobPattern;
import io.weft.internal.file.GlobSource;
import io.weft.internal.file.PathNames;
import io.weft.internal.file.PathOps;
import io.weft.internal.file.Trees;
import io.weft.internal.file.WalkSource;
import io.weft.sync.CapacityLimiter;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * A file-system path whose file-system operations are cancellable checkpoints that run in worker
 * threads (AnyIO's {@code anyio.Path}, an async {@code pathlib.Path}, over {@code java.nio.file}).
 *
 * <pre>{@code
 * AsyncPath dir = AsyncPath.of("data");
 * dir.mkdir(true, true);                               // parents, exist ok
 * dir.resolve("hello.txt").writeText("hello\n");
 * String text = dir.resolve("hello.txt").readText();   // UTF-8
 * try (PathIterator<AsyncPath> txt = dir.rglob("*.txt")) {       // at any depth
 *     for (AsyncPath p : txt) System.out.println(p);
 * }
 * dir.rmtree();
 * }</pre>
 *
 * <p><b>Pure operations</b> ({@link #resolve(String)}, {@link #parent()}, {@link #name()}, {@link
 * #withSuffix(String)}, {@link #relativize(AsyncPath)}, {@link #absolute()}, {@link #expandUser()},
 * ...) compute a new path without touching the file system: they run in the caller, are not
 * checkpoints and keep this path's limiter.
 *
 * <p><b>File-system operations</b> run through {@link ToThread#runSync} in a worker thread under
 * this path's limiter ({@link #withLimiter(CapacityLimiter)}; by default the runtime's thread
 * limiter, {@link ToThread#currentDefaultThreadLimiter()}), so that a thousand tasks touching files
 * use at most that many threads and the rest of the runtime is never held up. Each is a checkpoint:
 * a task already cancelled throws {@link io.weft.Cancelled} before anything is done. Once started,
 * an operation is <em>shielded</em>, as AnyIO's (plain {@code run_sync}): a cancellation waits for
 * it to finish and meets the task at its next checkpoint, so a file is never left half-renamed by a
 * cancellation and the JDK never sees an interrupt (which would close a {@code FileChannel}). The
 * iterators ({@link #iterdir()}, {@link #glob(String)}, {@link #rglob(String)}, {@link #walk()})
 * are the exception: each step is abandoned on cancellation, as AnyIO's (see {@link PathIterator}).
 *
 * <p><b>Errors</b> are the JDK's own, never wrapped: {@link java.nio.file.NoSuchFileException},
 * {@link FileAlreadyExistsException}, {@link DirectoryNotEmptyException}, {@link
 * java.nio.file.AccessDeniedException}, {@link NotDirectoryException}, ... all {@link
 * IOException}s, which every file-system operation that can fail declares (the boolean queries
 * {@code exists}, {@code isFile}, {@code isDirectory} and {@code isSymlink} answer false instead,
 * as {@link Files#exists} does). Each may also throw {@code Cancelled} and, outside a Weft task,
 * {@link io.weft.NoRuntimeError}. A null argument is a {@code NullPointerException}.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Close the iterators (try-with-resources): an open {@code iterdir} holds a directory handle.
 *   <li>{@link #rename} never replaces an existing target, unlike Python's on POSIX; {@link
 *       #replace} does.
 *   <li>{@link #rmtree}, {@link #copyTree} and {@link #move} are one shielded call for the whole
 *       tree: a cancellation waits for all of it.
 *   <li>An operation that blocks for ever (reading a FIFO nobody writes) keeps its caller waiting
 *       for ever, cancelled or not, as any shielded {@code ToThread} call.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; two are equal when their {@link Path}s are (the
 * limiter does not count), and they order and print as their {@code Path}s.
 */
public final class AsyncPath implements Comparable<AsyncPath> {
    private final Path path;
    private final CapacityLimiter limiter;

    private AsyncPath(Path path, CapacityLimiter limiter) {
        this.path = path;
        this.limiter = limiter;
    }

    // ---------------------------------------------------------------- creating

    /** The path {@code first} joined with {@code more}, as {@link Path#of(String, String...)}. */
    public static AsyncPath of(String first, String... more) {
        Objects.requireNonNull(first, "first is null: pass \".\" for the current directory");
        return new AsyncPath(Path.of(first, more), null);
    }

    /** {@code path} as an {@code AsyncPath} with the runtime's default thread limiter. */
    public static AsyncPath of(Path path) {
        Objects.requireNonNull(path, "path is null: pass Path.of(\".\") for the current directory");
        return new AsyncPath(path, null);
    }

    /**
     * The user's home directory ({@code user.home}). Pure in Java (a system property, no system
     * call), so not a checkpoint, unlike AnyIO's awaited {@code Path.home()}.
     */
    public static AsyncPath home() {
        return new AsyncPath(Path.of(System.getProperty("user.home")), null);
    }

    /**
     * The current working directory ({@code user.dir}), absolute. Pure in Java (the JVM cannot
     * change it), so not a checkpoint, unlike AnyIO's awaited {@code Path.cwd()}.
     */
    public static AsyncPath cwd() {
        return new AsyncPath(Path.of("").toAbsolutePath(), null);
    }

    /**
     * This path with {@code limiter} bounding its file-system operations and those of every path
     * derived from it (AnyIO's {@code Path(..., limiter=)}); null for the runtime's default thread
     * limiter.
     */
    public AsyncPath withLimiter(CapacityLimiter limiter) {
        return new AsyncPath(path, limiter);
    }

    /** The limiter given with {@link #withLimiter}, or null for the runtime's default. */
    public CapacityLimiter limiter() {
        return limiter;
    }

    // ---------------------------------------------------------------- pure operations

    /** The {@code java.nio.file.Path}. */
    public Path toPath() {
        return path;
    }

    /** {@code other} resolved against this path ({@code path / "other"} in Python). */
    public AsyncPath resolve(String other) {
        Objects.requireNonNull(other, "other is null: pass \"\" for this path itself");
        return derive(path.resolve(other));
    }

    /** {@code first} and then each of {@code more} resolved against this path (joinpath). */
    public AsyncPath resolve(String first, String... more) {
        Path p = path.resolve(Objects.requireNonNull(first, "first"));
        for (String m : more) {
            p = p.resolve(Objects.requireNonNull(m, "more contains null"));
        }
        return derive(p);
    }

    /** {@code other} resolved against this path; an absolute {@code other} is returned as is. */
    public AsyncPath resolve(AsyncPath other) {
        return derive(path.resolve(Objects.requireNonNull(other, "other").path));
    }

    /** {@code other} resolved against this path. */
    public AsyncPath resolve(Path other) {
        return derive(path.resolve(Objects.requireNonNull(other, "other")));
    }

    /**
     * The parent, or null if this path has none ({@code "/"}, {@code "a"}), as {@link
     * Path#getParent()}; Python's {@code parent} answers the path itself or {@code "."} instead.
     */
    public AsyncPath parent() {
        Path p = path.getParent();
        return p == null ? null : derive(p);
    }

    /** The last element as a path, or null for a root, as {@link Path#getFileName()}. */
    public AsyncPath fileName() {
        Path p = path.getFileName();
        return p == null ? null : derive(p);
    }

    /** The last element's text (Python's {@code name}); {@code ""} for a root. */
    public String name() {
        return PathNames.name(path);
    }

    /** The name's last suffix, dot included ({@code ".gz"} of {@code "a.tar.gz"}), or "". */
    public String suffix() {
        return PathNames.suffix(path);
    }

    /** The name without its last suffix (Python's {@code stem}). */
    public String stem() {
        return PathNames.stem(path);
    }

    /**
     * This path with its name's last suffix replaced by {@code suffix}, or removed if it is "".
     *
     * @throws IllegalArgumentException if {@code suffix} is neither "" nor a dot followed by
     *     something without a separator, or this path has no name
     */
    public AsyncPath withSuffix(String suffix) {
        Objects.requireNonNull(suffix, "suffix is null: pass \"\" to remove the suffix");
        return derive(PathNames.withSuffix(path, suffix));
    }

    /**
     * This path with its name replaced by {@code name}.
     *
     * @throws IllegalArgumentException if {@code name} is empty, {@code "."} or holds a separator,
     *     or this path has no name
     */
    public AsyncPath withName(String name) {
        return derive(PathNames.withName(path, Objects.requireNonNull(name, "name")));
    }

    /**
     * The relative path from this path to {@code other}, as {@link Path#relativize(Path)} (Python's
     * {@code other.relative_to(self)}, but with {@code ..} where needed).
     *
     * @throws IllegalArgumentException if only one of the two is absolute
     */
    public AsyncPath relativize(AsyncPath other) {
        return derive(path.relativize(Objects.requireNonNull(other, "other").path));
    }

    /** The path with redundant {@code .} and {@code ..} elements removed, lexically. */
    public AsyncPath normalize() {
        return derive(path.normalize());
    }

    /** Whether this path is absolute. */
    public boolean isAbsolute() {
        return path.isAbsolute();
    }

    /**
     * Whether this path starts with {@code other}, element by element (Python's is_relative_to).
     */
    public boolean startsWith(AsyncPath other) {
        return path.startsWith(Objects.requireNonNull(other, "other").path);
    }

    /**
     * This path made absolute against the working directory, without touching the file system. Pure
     * in Java ({@link Path#toAbsolutePath()}), so not a checkpoint, unlike AnyIO's.
     */
    public AsyncPath absolute() {
        return derive(path.toAbsolutePath());
    }

    /**
     * This path with a leading {@code ~} replaced by {@link #home()}; other paths are returned as
     * they are. Pure (not a checkpoint). Unlike Python, {@code ~user} is not expanded (Java cannot
     * look up another user's home): it is returned as is.
     */
    public AsyncPath expandUser() {
        Path p = PathNames.expandUser(path, home().path);
        return p == path ? this : derive(p);
    }

    // ---------------------------------------------------------------- queries

    /**
     * Whether the file exists, following a symbolic link (false for a dangling one); false also
     * when it cannot be told (no permission), as {@link Files#exists}. A shielded checkpoint.
     */
    public boolean exists() {
        return query(() -> Files.exists(path));
    }

    /** Whether this is a regular file, following links ({@link Files#isRegularFile}). Shielded. */
    public boolean isFile() {
        return query(() -> Files.isRegularFile(path));
    }

    /** Whether this is a directory, following links ({@link Files#isDirectory}). Shielded. */
    public boolean isDirectory() {
        return query(() -> Files.isDirectory(path));
    }

    /** Whether this is a symbolic link ({@link Files#isSymbolicLink}). A shielded checkpoint. */
    public boolean isSymlink() {
        return query(() -> Files.isSymbolicLink(path));
    }

    /**
     * The file's attributes, following a symbolic link (Python's {@code stat()}): a {@link
     * PosixFileAttributes} (permissions, owner, group) where the file system has POSIX attributes,
     * else the {@link BasicFileAttributes}. A shielded checkpoint.
     *
     * @throws IOException {@code NoSuchFileException} if there is no file, or the JDK's other
     *     exception
     */
    public BasicFileAttributes stat() throws IOException {
        return call(() -> PathOps.readAttributes(path));
    }

    /** As {@link #stat()}, of the link itself rather than its target (Python's {@code lstat()}). */
    public BasicFileAttributes lstat() throws IOException {
        return call(() -> PathOps.readAttributes(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** The name of the file's owner, following links. A shielded checkpoint. */
    public String owner() throws IOException {
        return call(() -> Files.getOwner(path).getName());
    }

    /**
     * The name of the file's group, following links. A shielded checkpoint.
     *
     * @throws UnsupportedOperationException if the file system has no POSIX attributes
     */
    public String group() throws IOException {
        return call(() -> Files.readAttributes(path, PosixFileAttributes.class).group().getName());
    }

    /**
     * Whether this path and {@code other} are the same file ({@link Files#isSameFile}). Shielded.
     */
    public boolean samefile(AsyncPath other) throws IOException {
        Objects.requireNonNull(other, "other");
        return call(() -> Files.isSameFile(path, other.path));
    }

    /**
     * The real path: absolute, with every symbolic link and {@code ..} resolved ({@link
     * Path#toRealPath}). Unlike Python's non-strict {@code resolve()}, the file must exist. A
     * shielded checkpoint.
     *
     * @throws java.nio.file.NoSuchFileException if it does not
     */
    public AsyncPath resolveReal() throws IOException {
        return derive(call(() -> path.toRealPath()));
    }

    /** The target of this symbolic link, as stored in it. A shielded checkpoint. */
    public AsyncPath readLink() throws IOException {
        return derive(call(() -> Files.readSymbolicLink(path)));
    }

    // ---------------------------------------------------------------- reading and writing

    /** The whole file's bytes ({@link Files#readAllBytes}). A shielded checkpoint. */
    public byte[] readBytes() throws IOException {
        return call(() -> Files.readAllBytes(path));
    }

    /** The whole file decoded as UTF-8. A shielded checkpoint. */
    public String readText() throws IOException {
        return readText(StandardCharsets.UTF_8);
    }

    /**
     * The whole file decoded with {@code charset} ({@link Files#readString(Path, Charset)}): a
     * malformed input is a {@link java.nio.charset.MalformedInputException}. Shielded.
     */
    public String readText(Charset charset) throws IOException {
        Objects.requireNonNull(charset, "charset is null: pass StandardCharsets.UTF_8");
        return call(() -> Files.readString(path, charset));
    }

    /** Creates or truncates the file and writes {@code data}. A shielded checkpoint. */
    public void writeBytes(byte[] data) throws IOException {
        Objects.requireNonNull(data, "data is null: pass new byte[0] for an empty file");
        run(() -> Files.write(path, data));
    }

    /** Creates or truncates the file and writes {@code text} as UTF-8. Shielded. */
    public void writeText(String text) throws IOException {
        writeText(text, StandardCharsets.UTF_8);
    }

    /** Creates or truncates the file and writes {@code text} in {@code charset}. Shielded. */
    public void writeText(String text, Charset charset) throws IOException {
        Objects.requireNonNull(text, "text is null: pass \"\" for an empty file");
        Objects.requireNonNull(charset, "charset is null: pass StandardCharsets.UTF_8");
        run(() -> Files.writeString(path, text, charset));
    }

    // ---------------------------------------------------------------- creating and removing

    /** {@code mkdir(false, false)}: creates the directory; its parent must exist. Shielded. */
    public void mkdir() throws IOException {
        mkdir(false, false);
    }

    /**
     * Creates the directory. A shielded checkpoint.
     *
     * @param parents also create missing parents (else a missing parent is {@code
     *     NoSuchFileException})
     * @param existOk a directory already there is fine (anything else there still fails)
     * @throws FileAlreadyExistsException if something is there and {@code existOk} is false, or it
     *     is not a directory
     */
    public void mkdir(boolean parents, boolean existOk) throws IOException {
        run(() -> PathOps.mkdir(path, parents, existOk));
    }

    /** {@code touch(true)}: creates the file, or updates its modification time. Shielded. */
    public void touch() throws IOException {
        touch(true);
    }

    /**
     * Creates an empty file; if one exists, sets its modification time to now, or with {@code
     * existOk} false throws {@link FileAlreadyExistsException}. A shielded checkpoint.
     */
    public void touch(boolean existOk) throws IOException {
        run(() -> PathOps.touch(path, existOk));
    }

    /** {@code unlink(false)}: removes the file or link. A shielded checkpoint. */
    public void unlink() throws IOException {
        unlink(false);
    }

    /**
     * Removes the file or symbolic link (not its target). A shielded checkpoint.
     *
     * @param missingOk a missing file is fine (else {@code NoSuchFileException})
     * @throws FileSystemException "Is a directory" for a directory (use {@link #rmdir()})
     */
    public void unlink(boolean missingOk) throws IOException {
        run(() -> PathOps.unlink(path, missingOk));
    }

    /**
     * Removes the empty directory. A shielded checkpoint.
     *
     * @throws DirectoryNotEmptyException if it is not empty
     * @throws NotDirectoryException if it is not a directory (a link to one included)
     */
    public void rmdir() throws IOException {
        run(() -> PathOps.rmdir(path));
    }

    /**
     * Removes this directory and everything under it, never following a symbolic link: links in the
     * tree are removed, not their targets (Python's {@code shutil.rmtree}; relative to open
     * directory handles where the file system allows, so a directory swapped for a link meanwhile
     * cannot redirect it). One shielded checkpoint for the whole tree: a cancellation waits for it.
     *
     * @throws FileSystemException "Cannot call rmtree on a symbolic link" if this path is a link
     *     (to a directory or not): nothing is removed, the target is untouched
     * @throws NotDirectoryException if this is not a directory
     * @throws IOException the JDK's exception for the first removal that failed (what was removed
     *     before stays removed)
     */
    public void rmtree() throws IOException {
        run(() -> Trees.rmtree(path));
    }

    /** Makes this path a symbolic link to {@code target} (stored as given). Shielded. */
    public void symlinkTo(AsyncPath target) throws IOException {
        Objects.requireNonNull(target, "target");
        run(() -> Files.createSymbolicLink(path, target.path));
    }

    /** Makes this path a hard link to the existing file {@code target}. A shielded checkpoint. */
    public void hardlinkTo(AsyncPath target) throws IOException {
        Objects.requireNonNull(target, "target");
        run(() -> Files.createLink(path, target.path));
    }

    // ---------------------------------------------------------------- moving and copying

    /**
     * Renames this file or directory to {@code target} and returns {@code target}. Unlike Python on
     * POSIX, an existing target is never replaced: that is {@link #replace}. A shielded checkpoint.
     *
     * @throws FileAlreadyExistsException if {@code target} exists
     */
    public AsyncPath rename(AsyncPath target) throws IOException {
        return transfer(target, PathOps::rename);
    }

    /**
     * Renames this file or directory to {@code target} atomically, replacing a file or empty
     * directory there, and returns {@code target} (Python's {@code replace}). A shielded
     * checkpoint.
     *
     * @throws java.nio.file.AtomicMoveNotSupportedException across file systems
     * @throws DirectoryNotEmptyException if the target is a non-empty directory
     */
    public AsyncPath replace(AsyncPath target) throws IOException {
        return transfer(target, PathOps::replace);
    }

    /**
     * Moves this file or directory tree to {@code target}, across file systems too (a directory
     * tree is then copied with {@link #copyTree} and removed with {@link #rmtree}), and returns
     * {@code target} (Python 3.14's {@code move}). An existing target is not replaced. A shielded
     * checkpoint for the whole move.
     *
     * @throws FileAlreadyExistsException if {@code target} exists
     */
    public AsyncPath move(AsyncPath target) throws IOException {
        return transfer(target, PathOps::move);
    }

    /**
     * Copies this file (following a link) to {@code target}, which must not exist, and returns
     * {@code target}. For a directory tree use {@link #copyTree}. A shielded checkpoint.
     *
     * @throws FileAlreadyExistsException if {@code target} exists
     * @throws FileSystemException "Is a directory; use copyTree" for a directory
     */
    public AsyncPath copy(AsyncPath target) throws IOException {
        return transfer(target, PathOps::copy);
    }

    /**
     * Copies this directory and everything under it to {@code target}, which must not exist, and
     * returns {@code target}: files with their attributes, symbolic links as links (never
     * followed). One shielded checkpoint for the whole tree.
     *
     * @throws FileAlreadyExistsException if {@code target} exists
     * @throws NotDirectoryException if this is not a directory (or is a link to one)
     */
    public AsyncPath copyTree(AsyncPath target) throws IOException {
        return transfer(target, Trees::copyTree);
    }

    // ---------------------------------------------------------------- permissions

    /**
     * Sets the POSIX permissions from their text, as {@code ls -l} prints them ({@code
     * "rwxr-x---"}), following links. A shielded checkpoint.
     *
     * @throws IllegalArgumentException if {@code permissions} is not nine such characters
     * @throws UnsupportedOperationException if the file system has no POSIX permissions
     */
    public void chmod(String permissions) throws IOException {
        Objects.requireNonNull(permissions, "permissions is null: pass e.g. \"rw-r--r--\"");
        chmod(PosixFilePermissions.fromString(permissions));
    }

    /**
     * Sets the POSIX permissions from the low nine bits of {@code mode} ({@code 0750}). Shielded.
     */
    public void chmod(int mode) throws IOException {
        chmod(PathOps.permissions(mode));
    }

    /** Sets the POSIX permissions to exactly {@code permissions}, following links. Shielded. */
    public void chmod(Set<PosixFilePermission> permissions) throws IOException {
        Objects.requireNonNull(permissions, "permissions is null: pass an empty set for none");
        Set<PosixFilePermission> copy = Set.copyOf(permissions);
        run(() -> Files.setPosixFilePermissions(path, copy));
    }

    // ---------------------------------------------------------------- iterating

    /**
     * The entries of this directory, fetched lazily in batches; the directory is opened (a
     * checkpoint abandoned on cancellation) before this returns. Close it to release the handle.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such directory
     * @throws NotDirectoryException if this is not a directory
     */
    public PathIterator<AsyncPath> iterdir() throws IOException {
        return new PathIterator<>(new DirectorySource(path), this::derive, options(), true)
                .openNow();
    }

    /**
     * The paths under this directory matching {@code pattern}, Python 3.13's pathlib glob ({@code
     * "*.txt"}, {@code "**}{@code /x"}; see {@link PathIterator} and docs/paths.md for the syntax
     * and how it differs from the JDK's glob), fetched lazily; nothing is read before the first
     * {@code hasNext}. Each step is a checkpoint abandoned on cancellation.
     *
     * @throws IllegalArgumentException if {@code pattern} is empty or absolute
     */
    public PathIterator<AsyncPath> glob(String pattern) {
        GlobPattern parsed = GlobPattern.parse(pattern);
        return new PathIterator<>(new GlobSource(path, parsed), this::derive, options(), true);
    }

    /** {@code glob("**}{@code /" + pattern)}: matches at any depth (Python's {@code rglob}). */
    public PathIterator<AsyncPath> rglob(String pattern) {
        Objects.requireNonNull(pattern, "pattern is null: pass \"*\" for every entry");
        return glob("**/" + pattern);
    }

    /**
     * The directories of the tree under this one, top down, each with its subdirectories' and other
     * entries' names (Python 3.12's {@code Path.walk()}: links are not followed, directories that
     * cannot be listed are skipped), one directory per step; each step is a checkpoint abandoned on
     * cancellation. Prune it by removing names from {@link WalkEntry#dirNames()}.
     */
    public PathIterator<WalkEntry> walk() {
        return new PathIterator<>(
                new WalkSource(path),
                (WalkSource.Walked w) ->
                        new WalkEntry(derive(w.dir()), w.dirNames(), w.fileNames()),
                options(),
                false);
    }

    // ---------------------------------------------------------------- Object

    /** True if {@code o} is an {@code AsyncPath} with an equal {@link Path}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AsyncPath other && path.equals(other.path);
    }

    /** The {@link Path}'s hash code. */
    @Override
    public int hashCode() {
        return path.hashCode();
    }

    /** Compares the {@link Path}s. */
    @Override
    public int compareTo(AsyncPath other) {
        return path.compareTo(other.path);
    }

    /** The {@link Path}'s text. */
    @Override
    public String toString() {
        return path.toString();
    }

    // ---------------------------------------------------------------- internals

    private AsyncPath derive(Path p) {
        return new AsyncPath(p, limiter);
    }

    private ToThreadOptions options() {
        return ToThreadOptions.defaults().limiter(limiter);
    }

    /** Runs {@code op} from this path to {@code target}, and returns {@code target}. */
    private AsyncPath transfer(AsyncPath target, PathOps.Transfer op) throws IOException {
        Objects.requireNonNull(target, "target");
        run(() -> op.apply(path, target.path));
        return derive(target.path);
    }

    private <T> T call(CheckedCallable<T, IOException> fn) throws IOException {
        return ToThread.runSync(options(), fn);
    }

    private void run(CheckedRunnable<IOException> fn) throws IOException {
        ToThread.runSync(options(), fn);
    }

    private boolean query(CheckedCallable<Boolean, RuntimeException> fn) {
        return ToThread.runSync(options(), fn);
    }
}
