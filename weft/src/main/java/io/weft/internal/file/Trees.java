package io.weft.internal.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Whole-tree operations: {@link #rmtree} and {@link #copyTree}, plain blocking code. */
public final class Trees {
    private Trees() {}

    /**
     * Removes the directory {@code top} and everything under it, never following a symbolic link: a
     * link inside the tree is removed, not what it points to (Python's {@code shutil.rmtree}).
     * Where the file system offers a {@link SecureDirectoryStream} (Linux, macOS), every removal is
     * relative to an open handle of its directory, as Python's fd-based rmtree is, so a directory
     * swapped for a link while the removal runs cannot redirect it out of the tree.
     *
     * @throws FileSystemException "Cannot call rmtree on a symbolic link" if {@code top} is one
     *     (nothing is removed, the link's target is untouched)
     * @throws NotDirectoryException if {@code top} is not a directory
     * @throws IOException the JDK's exception for the first removal that failed
     */
    public static void rmtree(Path top) throws IOException {
        BasicFileAttributes attrs =
                Files.readAttributes(top, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            throw new FileSystemException(
                    top.toString(), null, "Cannot call rmtree on a symbolic link");
        }
        if (!attrs.isDirectory()) {
            throw new NotDirectoryException(top.toString());
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(top)) {
            if (ds instanceof SecureDirectoryStream<Path> sds) {
                // Opening follows a link; a top swapped for one after the check is refused here.
                Object opened =
                        sds.getFileAttributeView(BasicFileAttributeView.class)
                                .readAttributes()
                                .fileKey();
                if (opened == null || !Objects.equals(opened, attrs.fileKey())) {
                    throw new FileSystemException(
                            top.toString(), null, "Cannot call rmtree on a symbolic link");
                }
                removeContents(sds);
            } else {
                removeContentsByPath(top);
            }
        }
        Files.delete(top);
    }

    private static void removeContents(SecureDirectoryStream<Path> dir) throws IOException {
        // Listed first, removed after, as Python lists before removing: no reliance on how
        // readdir behaves while entries go away.
        List<Path> names = new ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName());
        }
        for (Path name : names) {
            BasicFileAttributes a =
                    dir.getFileAttributeView(
                                    name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
            if (a.isDirectory()) {
                try (SecureDirectoryStream<Path> child =
                        dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    removeContents(child);
                }
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
    }

    private static void removeContentsByPath(Path top) throws IOException {
        Files.walkFileTree(
                top,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a)
                            throws IOException {
                        Files.delete(file); // a link is visited as a file: the link goes
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e)
                            throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        if (!dir.equals(top)) {
                            Files.delete(dir);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /**
     * Copies the directory {@code source} and everything under it to {@code target}, which must not
     * exist (Python's {@code shutil.copytree} with {@code dirs_exist_ok=False}). Files are copied
     * with their attributes, directories are created afresh; symbolic links are copied as links,
     * never followed, so the copy never reaches out of the tree.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code target} exists
     * @throws NotDirectoryException if {@code source} is not a directory (or is a link to one)
     * @throws IOException the JDK's exception for the first copy that failed
     */
    public static void copyTree(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.NoSuchFileException(source.toString());
            }
            throw new NotDirectoryException(source.toString());
        }
        Files.walkFileTree(
                source,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a)
                            throws IOException {
                        // Created, not copied with attributes: a read-only source directory
                        // copied as such would refuse its own children.
                        Files.createDirectory(target.resolve(source.relativize(dir).toString()));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a)
                            throws IOException {
                        Files.copy(
                                file,
                                target.resolve(source.relativize(file).toString()),
                                StandardCopyOption.COPY_ATTRIBUTES,
                                LinkOption.NOFOLLOW_LINKS);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e)
                            throws IOException {
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e)
                            throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
    }
}
