package io.weft.internal.file;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The blocking bodies of {@code AsyncPath}'s operations that take more than one JDK call, with
 * pathlib's rules on top of {@code java.nio.file}'s; {@code AsyncPath} runs them in worker threads.
 */
public final class PathOps {
    private PathOps() {}

    /** An operation from a source path to a target path. */
    @FunctionalInterface
    public interface Transfer {
        /** Runs the operation. */
        void apply(Path source, Path target) throws IOException;
    }

    /** {@code rename}: never replaces an existing target. */
    public static void rename(Path source, Path target) throws IOException {
        Files.move(source, target);
    }

    /** {@code replace}: atomic, replacing a file or an empty directory at the target. */
    public static void replace(Path source, Path target) throws IOException {
        Files.move(
                source,
                target,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code stat}: POSIX attributes where the file system has them, else the basic ones. */
    public static BasicFileAttributes readAttributes(Path path, LinkOption... options)
            throws IOException {
        Class<? extends BasicFileAttributes> type =
                path.getFileSystem().supportedFileAttributeViews().contains("posix")
                        ? PosixFileAttributes.class
                        : BasicFileAttributes.class;
        return Files.readAttributes(path, type, options);
    }

    /** pathlib's {@code mkdir(parents, exist_ok)}. */
    public static void mkdir(Path path, boolean parents, boolean existOk) throws IOException {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parents && parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(path);
        } catch (FileAlreadyExistsException e) {
            // exist_ok forgives a directory only: a file in the way is still an error.
            if (!existOk || !Files.isDirectory(path)) {
                throw e;
            }
        }
    }

    /** pathlib's {@code touch(exist_ok)}: create, or set the modification time to now. */
    public static void touch(Path path, boolean existOk) throws IOException {
        try {
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            if (!existOk) {
                throw e;
            }
            Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis()));
        }
    }

    /** pathlib's {@code unlink(missing_ok)}: a file or link, never a directory. */
    public static void unlink(Path path, boolean missingOk) throws IOException {
        // Files.delete removes an empty directory too; unlink(2) does not.
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(path.toString(), null, "Is a directory");
        }
        if (missingOk) {
            Files.deleteIfExists(path);
        } else {
            Files.delete(path);
        }
    }

    /** pathlib's {@code rmdir}: an empty directory, never a file or link. */
    public static void rmdir(Path path) throws IOException {
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isDirectory()) {
            throw new NotDirectoryException(path.toString());
        }
        Files.delete(path);
    }

    /** {@code move}: a rename, or across file systems a tree copy and removal. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target);
        } catch (DirectoryNotEmptyException e) {
            // Files.move refuses to carry a non-empty directory to another file system.
            if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            Trees.copyTree(source, target);
            Trees.rmtree(source);
        }
    }

    /** {@code copy}: one file, never a directory (that is copyTree). */
    public static void copy(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            throw new FileSystemException(source.toString(), null, "Is a directory; use copyTree");
        }
        Files.copy(source, target);
    }

    /** The permissions in the low nine bits of {@code mode} ({@code 0750}). */
    public static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ (0400) first
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(all[i]);
            }
        }
        return set;
    }
}
