package io.weft.file;

import static io.weft.file.PathTesting.inTempDir;
import static io.weft.file.PathTesting.populate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * AsyncPath's whole-tree operations: rmtree, copyTree, and move of a directory, on every backend.
 *
 * <p>AnyIO's {@code Path} has no rmtree or copytree (Python's are in {@code shutil}); these tests
 * follow {@code shutil.rmtree}'s documented behaviour ("Cannot call rmtree on a symbolic link";
 * links inside the tree are removed, not followed) and {@code shutil.copytree}'s ({@code
 * dirs_exist_ok=False}), with links copied as links. AnyIO's test_move covers a file; moving a
 * directory is added here.
 */
class TreeOperationsTest {

    @WeftTest
    void rmtreeRemovesTheWholeTree() throws Exception {
        inTempDir(dir -> {
            Path top = Files.createDirectory(dir.resolve("top"));
            populate(top);
            Files.createDirectories(top.resolve("a/b/c"));
            Files.writeString(top.resolve("a/b/c/f"), "x");
            AsyncPath.of(top).rmtree();
            assertThat(top).doesNotExist();
            assertThat(dir).isEmptyDirectory();
        });
    }

    @WeftTest
    void rmtreeRemovesLinksInsideTheTreeButNotWhatTheyPointTo() throws Exception {
        inTempDir(dir -> {
            Path outside = Files.createDirectory(dir.resolve("outside"));
            Path kept = Files.writeString(outside.resolve("kept"), "keep me");
            Path top = Files.createDirectory(dir.resolve("top"));
            Files.createSymbolicLink(top.resolve("toDir"), outside);
            Files.createSymbolicLink(top.resolve("toFile"), kept);
            Files.createDirectory(top.resolve("sub"));
            Files.createSymbolicLink(top.resolve("sub/up"), dir);

            AsyncPath.of(top).rmtree();

            assertThat(top).doesNotExist();
            assertThat(kept).hasContent("keep me");
            assertThat(outside).isDirectory();
        });
    }

    @WeftTest
    void rmtreeOnALinkToADirectoryIsRefusedAndTheTargetUntouched() throws Exception {
        inTempDir(dir -> {
            Path target = Files.createDirectory(dir.resolve("target"));
            Files.writeString(target.resolve("file"), "keep me");
            Path link = Files.createSymbolicLink(dir.resolve("link"), target);

            assertThatThrownBy(() -> AsyncPath.of(link).rmtree())
                    .isExactlyInstanceOf(FileSystemException.class)
                    .hasMessageContaining("Cannot call rmtree on a symbolic link")
                    .hasMessageContaining(link.toString());

            assertThat(Files.isSymbolicLink(link)).isTrue();
            assertThat(target.resolve("file")).hasContent("keep me");
        });
    }

    @WeftTest
    void rmtreeOfAFileOrNothingIsTheJdksException() throws Exception {
        inTempDir(dir -> {
            Path file = Files.createFile(dir.resolve("file"));
            assertThatThrownBy(() -> AsyncPath.of(file).rmtree())
                    .isInstanceOf(NotDirectoryException.class);
            assertThat(file).exists();
            assertThatThrownBy(() -> AsyncPath.of(dir.resolve("none")).rmtree())
                    .isInstanceOf(NoSuchFileException.class);
        });
    }

    @WeftTest
    void copyTreeCopiesFilesAndLinksAsLinks() throws Exception {
        inTempDir(dir -> {
            Path src = Files.createDirectory(dir.resolve("src"));
            populate(src);
            Files.writeString(src.resolve("subdir/dummyfile1.txt"), "one");
            AsyncPath copy = AsyncPath.of(src).copyTree(AsyncPath.of(dir.resolve("copy")));

            Path c = copy.toPath();
            assertThat(c.resolve("testfile")).isRegularFile();
            assertThat(c.resolve("subdir/dummyfile1.txt")).hasContent("one");
            assertThat(Files.isSymbolicLink(c.resolve("subdir/symlink"))).isTrue();
            assertThat(Files.readSymbolicLink(c.resolve("subdir/symlink")))
                    .isEqualTo(src.resolve("sibdir"));
            assertThat(src.resolve("testfile")).exists(); // a copy, not a move

            assertThatThrownBy(() -> AsyncPath.of(src).copyTree(copy))
                    .isInstanceOf(FileAlreadyExistsException.class);
            assertThatThrownBy(() ->
                            AsyncPath.of(src.resolve("testfile"))
                                    .copyTree(AsyncPath.of(dir.resolve("x"))))
                    .isInstanceOf(NotDirectoryException.class);
        });
    }

    @WeftTest
    void moveCarriesADirectoryTree() throws Exception {
        inTempDir(dir -> {
            Path src = Files.createDirectory(dir.resolve("src"));
            populate(src);
            AsyncPath moved = AsyncPath.of(src).move(AsyncPath.of(dir.resolve("moved")));
            assertThat(src).doesNotExist();
            assertThat(moved.toPath().resolve("sibdir/dummyfile2.txt")).exists();
            assertThat(Files.isSymbolicLink(moved.toPath().resolve("subdir/symlink"))).isTrue();
            assertThat(Files.exists(moved.toPath(), LinkOption.NOFOLLOW_LINKS)).isTrue();
        });
    }
}
