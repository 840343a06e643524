package io.weft.file;

import static io.weft.file.PathTesting.inTempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.NoRuntimeError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.sync.CapacityLimiter;
import io.weft.testing.Checkpoints;
import java.io.OutputStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * AsyncPath's pure operations and its file-system operations, on every backend.
 *
 * <p>Ported from AnyIO's {@code tests/test_fileio.py}, class {@code TestPath}: test_repr,
 * test_hash, test_comparison, test_truediv (the limiter is kept), test_parent_property,
 * test_name_property, test_suffix_property, test_stem_property, test_absolute, test_cwd,
 * test_exists, test_expanduser, test_home, test_is_absolute, test_is_dir, test_is_file,
 * test_exists_follow_symlinks, test_is_file_follow_symlinks, test_is_dir_follow_symlinks,
 * test_is_symlink, test_copy, test_move, test_joinpath, test_chmod, test_hardlink_to, test_lstat,
 * test_group, test_mkdir, test_owner, test_readlink, test_read_bytes, test_read_text,
 * test_relative_to_subpath, test_relative_to_sibling (as relativize, which answers {@code ..}
 * instead of raising), test_rename, test_replace, test_resolve, test_rmdir, test_samefile,
 * test_stat, test_touch, test_symlink_to, test_unlink, test_unlink_missing_file, test_with_name,
 * test_with_suffix, test_write_bytes (byte[] only: Java has no bytearray/memoryview),
 * test_write_text. The iterator tests are in {@link PathIteratorsTest}, rmtree and the tree copies
 * in {@link TreeOperationsTest}.
 *
 * <p>Not applicable: test_properties (reflection over Python's attribute names), test_bytes,
 * test_drive/root/anchor/parts/parents_property, test_as_posix, test_as_uri, test_from_uri,
 * test_fullmatch, test_match, test_is_relative_to, test_with_stem (pure {@code PurePath} API not
 * mirrored; {@link AsyncPath#toPath()} gives it), test_is_block_device, test_is_char_device,
 * test_is_fifo, test_is_socket, test_is_mount, test_is_junction, test_is_reserved (Windows or
 * device specific; {@code stat()} answers them), test_lchmod (no lchmod on Linux), test_open
 * (AsyncFile's), test_read_text_newline (no newline translation: files are read as they are),
 * test_copy_into, test_move_into (Python 3.14 extras), test_truediv_preserve_subclass and
 * test_rtruediv (AsyncPath is final).
 */
class AsyncPathTest {

    // ---------------------------------------------------------------- pure operations

    // AnyIO: test_repr, test_hash, test_comparison
    @Test
    void printsHashesAndOrdersAsItsPath() {
        assertThat(AsyncPath.of("/foo")).hasToString("/foo");
        assertThat(AsyncPath.of("/foo").hashCode()).isEqualTo(Path.of("/foo").hashCode());
        assertThat(AsyncPath.of("/foo1")).isLessThan(AsyncPath.of("/foo2"));
        assertThat(AsyncPath.of("/foo2")).isGreaterThan(AsyncPath.of("/foo1"));
        assertThat(AsyncPath.of("/foo")).isEqualTo(AsyncPath.of(Path.of("/foo")));
        assertThat(AsyncPath.of("/foo").withLimiter(new CapacityLimiter(1)))
                .isEqualTo(AsyncPath.of("/foo"));
    }

    // AnyIO: test_truediv, test_joinpath (the limiter travels with derived paths)
    @Test
    void derivedPathsKeepTheLimiter() {
        CapacityLimiter limiter = new CapacityLimiter(1);
        AsyncPath foo = AsyncPath.of("/foo").withLimiter(limiter);
        assertThat(foo.resolve("bar")).isEqualTo(AsyncPath.of("/foo/bar"));
        assertThat(foo.resolve("bar", "baz").toPath()).isEqualTo(Path.of("/foo/bar/baz"));
        assertThat(foo.resolve("bar").limiter()).isSameAs(limiter);
        assertThat(foo.resolve("bar").parent().limiter()).isSameAs(limiter);
        assertThat(foo.withSuffix(".x").limiter()).isSameAs(limiter);
        assertThat(AsyncPath.of("/foo").limiter()).isNull();
    }

    // AnyIO: test_parent_property, test_name_property, test_suffix_property, test_stem_property
    @Test
    void nameParts() {
        AsyncPath p = AsyncPath.of("/xyz/foo.tar.gz");
        assertThat(p.parent()).isEqualTo(AsyncPath.of("/xyz"));
        assertThat(p.name()).isEqualTo("foo.tar.gz");
        assertThat(p.fileName()).isEqualTo(AsyncPath.of("foo.tar.gz"));
        assertThat(p.suffix()).isEqualTo(".gz");
        assertThat(p.stem()).isEqualTo("foo.tar");
        assertThat(AsyncPath.of(".bashrc").suffix()).isEmpty();
        assertThat(AsyncPath.of("/").parent()).isNull();
        assertThat(AsyncPath.of("/").name()).isEmpty();
    }

    // AnyIO: test_with_name, test_with_suffix
    @Test
    void withNameAndWithSuffix() {
        assertThat(AsyncPath.of("/xyz/foo.txt").withName("bar").name()).isEqualTo("bar");
        assertThat(AsyncPath.of("/xyz/foo.txt.gz").withSuffix(".zip").name())
                .isEqualTo("foo.txt.zip");
        assertThat(AsyncPath.of("/xyz/foo.txt").withSuffix("").name()).isEqualTo("foo");
        assertThat(AsyncPath.of("/xyz/foo").withSuffix(".txt").name()).isEqualTo("foo.txt");
        assertThatThrownBy(() -> AsyncPath.of("/xyz/foo").withSuffix("txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid suffix 'txt'");
        assertThatThrownBy(() -> AsyncPath.of("/").withSuffix(".txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty name");
        assertThatThrownBy(() -> AsyncPath.of("/xyz/foo").withName("a/b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // AnyIO: test_is_absolute, test_relative_to_subpath, test_relative_to_sibling
    @Test
    void absolutenessAndRelativize() {
        assertThat(AsyncPath.of("/foo/bar").isAbsolute()).isTrue();
        assertThat(AsyncPath.of("foo/bar").isAbsolute()).isFalse();
        AsyncPath base = AsyncPath.of("/foo");
        assertThat(base.relativize(AsyncPath.of("/foo/bar/baz")))
                .isEqualTo(AsyncPath.of("bar/baz"));
        assertThat(AsyncPath.of("/foo/bar").relativize(AsyncPath.of("/foo/baz")))
                .isEqualTo(AsyncPath.of("../baz"));
        assertThat(AsyncPath.of("/foo/bar").startsWith(base)).isTrue();
        assertThat(AsyncPath.of("/foo/./bar/../baz").normalize())
                .isEqualTo(AsyncPath.of("/foo/baz"));
    }

    // AnyIO: test_absolute, test_cwd, test_home, test_expanduser (pure in Java: no checkpoint,
    // so they work outside a runtime)
    @Test
    void absoluteCwdHomeAndExpandUserArePure() {
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(AsyncPath.cwd().toPath()).isEqualTo(cwd);
        assertThat(AsyncPath.of("foo").absolute().toPath()).isEqualTo(cwd.resolve("foo"));
        Path home = Path.of(System.getProperty("user.home"));
        assertThat(AsyncPath.home().toPath()).isEqualTo(home);
        assertThat(AsyncPath.of("~").expandUser().toPath()).isEqualTo(home);
        assertThat(AsyncPath.of("~/x/y").expandUser().toPath()).isEqualTo(home.resolve("x/y"));
        assertThat(AsyncPath.of("/a/~").expandUser()).isEqualTo(AsyncPath.of("/a/~"));
        assertThat(AsyncPath.of("~other/x").expandUser()).isEqualTo(AsyncPath.of("~other/x"));
    }

    @Test
    void fileSystemOperationsOutsideARuntimeThrowNoRuntimeError() {
        assertThatThrownBy(() -> AsyncPath.of("/").exists()).isInstanceOf(NoRuntimeError.class);
        assertThatThrownBy(() -> AsyncPath.of("/").readBytes()).isInstanceOf(NoRuntimeError.class);
    }

    // ---------------------------------------------------------------- queries

    // AnyIO: test_exists, test_is_dir, test_is_file, test_is_symlink, and the three
    // *_follow_symlinks tests
    @WeftTest
    void queriesFollowLinksExceptIsSymlink() throws Exception {
        inTempDir(dir -> {
            Path file = Files.createFile(dir.resolve("file"));
            Path sub = Files.createDirectory(dir.resolve("sub"));
            Path toFile = Files.createSymbolicLink(dir.resolve("toFile"), file);
            Path toDir = Files.createSymbolicLink(dir.resolve("toDir"), sub);
            Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("none"));

            assertThat(AsyncPath.of(file).exists()).isTrue();
            assertThat(AsyncPath.of(dir.resolve("none")).exists()).isFalse();
            assertThat(AsyncPath.of(file).isFile()).isTrue();
            assertThat(AsyncPath.of(file).isDirectory()).isFalse();
            assertThat(AsyncPath.of(sub).isDirectory()).isTrue();
            assertThat(AsyncPath.of(sub).isFile()).isFalse();
            assertThat(AsyncPath.of(toFile).isFile()).isTrue();
            assertThat(AsyncPath.of(toDir).isDirectory()).isTrue();
            assertThat(AsyncPath.of(dangling).exists()).isFalse();
            assertThat(AsyncPath.of(dangling).isSymlink()).isTrue();
            assertThat(AsyncPath.of(toFile).isSymlink()).isTrue();
            assertThat(AsyncPath.of(file).isSymlink()).isFalse();
        });
    }

    // AnyIO: test_stat, test_lstat
    @WeftTest
    void statFollowsLinksAndLstatDoesNot() throws Exception {
        inTempDir(dir -> {
            Path file = Files.write(dir.resolve("file"), new byte[] {1, 2, 3});
            Path link = Files.createSymbolicLink(dir.resolve("link"), file);
            BasicFileAttributes st = AsyncPath.of(link).stat();
            assertThat(st.size()).isEqualTo(3);
            assertThat(st.isRegularFile()).isTrue();
            assertThat(st).isInstanceOf(PosixFileAttributes.class);
            assertThat(AsyncPath.of(link).lstat().isSymbolicLink()).isTrue();
            assertThatThrownBy(() -> AsyncPath.of(dir.resolve("none")).stat())
                    .isInstanceOf(NoSuchFileException.class);
        });
    }

    // AnyIO: test_owner, test_group
    @WeftTest
    void ownerAndGroupAreNames() throws Exception {
        inTempDir(dir -> {
            Path file = Files.createFile(dir.resolve("file"));
            assertThat(AsyncPath.of(file).owner()).isEqualTo(Files.getOwner(file).getName());
            assertThat(AsyncPath.of(file).group())
                    .isEqualTo(
                            Files.readAttributes(file, PosixFileAttributes.class)
                                    .group()
                                    .getName());
        });
    }

    // AnyIO: test_samefile, test_resolve, test_readlink
    @WeftTest
    void samefileResolveRealAndReadLink() throws Exception {
        inTempDir(dir -> {
            Path file = Files.createFile(dir.resolve("file"));
            Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
            assertThat(AsyncPath.of(link).samefile(AsyncPath.of(file))).isTrue();
            assertThat(AsyncPath.of(dir.resolve("sub/../link")).normalize().resolveReal())
                    .isEqualTo(AsyncPath.of(file.toRealPath()));
            assertThat(AsyncPath.of(link).readLink()).isEqualTo(AsyncPath.of("file"));
            assertThatThrownBy(() -> AsyncPath.of(dir.resolve("none")).resolveReal())
                    .isInstanceOf(NoSuchFileException.class);
        });
    }

    // ---------------------------------------------------------------- reading and writing

    // AnyIO: test_read_bytes, test_read_text, test_write_bytes, test_write_text
    @WeftTest
    void readsAndWritesBytesAndText() throws Exception {
        inTempDir(dir -> {
            AsyncPath p = AsyncPath.of(dir.resolve("testfile"));
            p.writeBytes("bibbitibobbitiboo".getBytes(StandardCharsets.US_ASCII));
            assertThat(Files.readString(p.toPath())).isEqualTo("bibbitibobbitiboo");
            assertThat(p.readBytes()).asString().isEqualTo("bibbitibobbitiboo");

            p.writeText("some text åäö");
            assertThat(Files.readString(p.toPath(), StandardCharsets.UTF_8))
                    .isEqualTo("some text åäö");
            assertThat(p.readText()).isEqualTo("some text åäö");

            p.writeText("åäö", StandardCharsets.ISO_8859_1);
            assertThat(Files.size(p.toPath())).isEqualTo(3);
            assertThat(p.readText(StandardCharsets.ISO_8859_1)).isEqualTo("åäö");
            assertThatThrownBy(p::readText).isInstanceOf(MalformedInputException.class);

            p.writeBytes(new byte[0]); // truncates
            assertThat(p.readBytes()).isEmpty();
        });
    }

    // The JDK's own exception, as is (its message does not name the path, unlike Python's).
    @WeftTest
    void aDirectoryReadAsAFileIsTheJdksIOException() throws Exception {
        inTempDir(dir ->
                assertThatThrownBy(() -> AsyncPath.of(dir).readBytes())
                        .isExactlyInstanceOf(java.io.IOException.class)
                        .hasMessageContaining("Is a directory"));
    }

    // ---------------------------------------------------------------- creating and removing

    // AnyIO: test_mkdir
    @WeftTest
    void mkdirWithParentsAndExistOk() throws Exception {
        inTempDir(dir -> {
            AsyncPath a = AsyncPath.of(dir.resolve("a"));
            a.mkdir();
            assertThat(a.toPath()).isDirectory();
            assertThatThrownBy(a::mkdir).isInstanceOf(FileAlreadyExistsException.class);
            a.mkdir(false, true);

            AsyncPath deep = AsyncPath.of(dir.resolve("b/c/d"));
            assertThatThrownBy(deep::mkdir).isInstanceOf(NoSuchFileException.class);
            deep.mkdir(true, false);
            assertThat(deep.toPath()).isDirectory();
            assertThatThrownBy(() -> deep.mkdir(true, false))
                    .isInstanceOf(FileAlreadyExistsException.class);
            deep.mkdir(true, true);

            AsyncPath file = AsyncPath.of(Files.createFile(dir.resolve("f")));
            assertThatThrownBy(() -> file.mkdir(true, true))
                    .isInstanceOf(FileAlreadyExistsException.class);
        });
    }

    // AnyIO: test_touch
    @WeftTest
    void touchCreatesOrUpdatesTheModificationTime() throws Exception {
        inTempDir(dir -> {
            AsyncPath p = AsyncPath.of(dir.resolve("testfile"));
            p.touch();
            assertThat(p.toPath()).isRegularFile();
            FileTime old = FileTime.fromMillis(1_000_000);
            Files.setLastModifiedTime(p.toPath(), old);
            p.touch();
            assertThat(Files.getLastModifiedTime(p.toPath())).isGreaterThan(old);
            assertThatThrownBy(() -> p.touch(false)).isInstanceOf(FileAlreadyExistsException.class);
        });
    }

    // AnyIO: test_unlink, test_unlink_missing_file, test_rmdir
    @WeftTest
    void unlinkAndRmdir() throws Exception {
        inTempDir(dir -> {
            AsyncPath file = AsyncPath.of(Files.createFile(dir.resolve("file")));
            file.unlink();
            assertThat(file.toPath()).doesNotExist();
            assertThatThrownBy(file::unlink).isInstanceOf(NoSuchFileException.class);
            file.unlink(true);

            AsyncPath sub = AsyncPath.of(Files.createDirectory(dir.resolve("sub")));
            assertThatThrownBy(sub::unlink)
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("Is a directory");
            Files.createFile(sub.toPath().resolve("x"));
            assertThatThrownBy(sub::rmdir).isInstanceOf(DirectoryNotEmptyException.class);
            Files.delete(sub.toPath().resolve("x"));
            sub.rmdir();
            assertThat(sub.toPath()).doesNotExist();
            assertThatThrownBy(sub::rmdir).isInstanceOf(NoSuchFileException.class);

            AsyncPath f2 = AsyncPath.of(Files.createFile(dir.resolve("f2")));
            assertThatThrownBy(f2::rmdir).isInstanceOf(NotDirectoryException.class);
        });
    }

    // AnyIO: test_symlink_to, test_hardlink_to
    @WeftTest
    void symlinkToAndHardlinkTo() throws Exception {
        inTempDir(dir -> {
            Path file = Files.writeString(dir.resolve("file"), "x");
            AsyncPath link = AsyncPath.of(dir.resolve("link"));
            link.symlinkTo(AsyncPath.of("file"));
            assertThat(Files.readSymbolicLink(link.toPath())).isEqualTo(Path.of("file"));
            assertThat(link.readText()).isEqualTo("x");

            AsyncPath hard = AsyncPath.of(dir.resolve("hard"));
            hard.hardlinkTo(AsyncPath.of(file));
            assertThat(Files.isSameFile(hard.toPath(), file)).isTrue();
            assertThat(Files.getAttribute(file, "unix:nlink")).isEqualTo(2);
            assertThatThrownBy(() -> hard.hardlinkTo(AsyncPath.of(file)))
                    .isInstanceOf(FileAlreadyExistsException.class);
        });
    }

    // AnyIO: test_chmod
    @WeftTest
    void chmodFromTextOctalOrSet() throws Exception {
        inTempDir(dir -> {
            AsyncPath p = AsyncPath.of(Files.createFile(dir.resolve("file")));
            p.chmod("rwxr-x---");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.toPath())))
                    .isEqualTo("rwxr-x---");
            p.chmod(0640);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.toPath())))
                    .isEqualTo("rw-r-----");
            p.chmod(EnumSet.of(PosixFilePermission.OWNER_READ));
            assertThat(Files.getPosixFilePermissions(p.toPath()))
                    .containsExactly(PosixFilePermission.OWNER_READ);
            assertThatThrownBy(() -> p.chmod("rwx")).isInstanceOf(IllegalArgumentException.class);
        });
    }

    // ---------------------------------------------------------------- moving and copying

    // AnyIO: test_rename, test_replace
    @WeftTest
    void renameRefusesAnExistingTargetAndReplaceReplacesIt() throws Exception {
        inTempDir(dir -> {
            AsyncPath a = AsyncPath.of(Files.writeString(dir.resolve("a"), "A"));
            AsyncPath b = AsyncPath.of(dir.resolve("b"));
            assertThat(a.rename(b)).isEqualTo(b);
            assertThat(a.toPath()).doesNotExist();
            assertThat(b.readText()).isEqualTo("A");

            AsyncPath c = AsyncPath.of(Files.writeString(dir.resolve("c"), "C"));
            assertThatThrownBy(() -> c.rename(b)).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(c.replace(b)).isEqualTo(b);
            assertThat(b.readText()).isEqualTo("C");
            assertThat(c.toPath()).doesNotExist();
        });
    }

    // AnyIO: test_copy, test_move
    @WeftTest
    void copyAndMoveAFile() throws Exception {
        inTempDir(dir -> {
            AsyncPath src = AsyncPath.of(Files.writeString(dir.resolve("src"), "hello"));
            AsyncPath copy = src.copy(AsyncPath.of(dir.resolve("copy")));
            assertThat(copy.readText()).isEqualTo("hello");
            assertThat(src.toPath()).exists();
            assertThatThrownBy(() -> src.copy(copy)).isInstanceOf(FileAlreadyExistsException.class);

            AsyncPath moved = src.move(AsyncPath.of(dir.resolve("moved")));
            assertThat(moved.readText()).isEqualTo("hello");
            assertThat(src.toPath()).doesNotExist();
            assertThatThrownBy(() -> moved.move(copy))
                    .isInstanceOf(FileAlreadyExistsException.class);

            assertThatThrownBy(() -> AsyncPath.of(dir).copy(AsyncPath.of(dir.resolve("d2"))))
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("use copyTree");
        });
    }

    // ---------------------------------------------------------------- cancellation and limiter

    @WeftTest
    void everyFileSystemOperationIsACheckpointAndNoPureOneIs() throws Exception {
        inTempDir(dir -> {
            AsyncPath d = AsyncPath.of(dir);
            AsyncPath f = d.resolve("f");
            AsyncPath sub = d.resolve("sub");
            AsyncPath link = d.resolve("link");
            Checkpoints.assertCheckpoints(() -> f.writeBytes(new byte[] {1}));
            Checkpoints.assertCheckpoints(() -> f.writeText("x"));
            Checkpoints.assertCheckpoints(() -> f.readBytes());
            Checkpoints.assertCheckpoints(() -> f.readText());
            Checkpoints.assertCheckpoints(() -> f.exists());
            Checkpoints.assertCheckpoints(() -> f.isFile());
            Checkpoints.assertCheckpoints(() -> f.isDirectory());
            Checkpoints.assertCheckpoints(() -> f.isSymlink());
            Checkpoints.assertCheckpoints(() -> f.stat());
            Checkpoints.assertCheckpoints(() -> f.lstat());
            Checkpoints.assertCheckpoints(() -> f.owner());
            Checkpoints.assertCheckpoints(() -> f.group());
            Checkpoints.assertCheckpoints(() -> f.samefile(f));
            Checkpoints.assertCheckpoints(() -> f.resolveReal());
            Checkpoints.assertCheckpoints(() -> f.chmod("rw-------"));
            Checkpoints.assertCheckpoints(() -> f.touch());
            Checkpoints.assertCheckpoints(() -> sub.mkdir());
            Checkpoints.assertCheckpoints(() -> link.symlinkTo(f));
            Checkpoints.assertCheckpoints(() -> link.readLink());
            Checkpoints.assertCheckpoints(() -> link.unlink());
            Checkpoints.assertCheckpoints(() -> d.resolve("hard").hardlinkTo(f));
            Checkpoints.assertCheckpoints(() -> f.copy(d.resolve("g")));
            Checkpoints.assertCheckpoints(() -> d.resolve("g").rename(d.resolve("h")));
            Checkpoints.assertCheckpoints(() -> d.resolve("h").replace(d.resolve("hard")));
            Checkpoints.assertCheckpoints(() -> d.resolve("hard").move(d.resolve("i")));
            Checkpoints.assertCheckpoints(() -> sub.copyTree(d.resolve("sub2")));
            Checkpoints.assertCheckpoints(() -> d.resolve("sub2").rmtree());
            Checkpoints.assertCheckpoints(() -> sub.rmdir());
            Checkpoints.assertCheckpoints(() -> d.iterdir().close());
            Checkpoints.assertNoCheckpoints(() -> {
                d.resolve("x").withSuffix(".y").parent().absolute().expandUser().normalize();
                d.glob("*").close(); // lazy: nothing read before the first hasNext
                d.walk().close();
                AsyncPath.home();
                AsyncPath.cwd();
            });
        });
    }

    @WeftTest
    void aCancelledTasksOperationNeverRuns() throws Exception {
        inTempDir(dir -> {
            AsyncPath p = AsyncPath.of(dir.resolve("never"));
            CancelScope scope = new CancelScope();
            scope.cancel();
            scope.run(s -> p.touch());
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(p.toPath()).doesNotExist();
        });
    }

    /**
     * An operation in flight is shielded: cancelled while {@code readBytes} waits on a FIFO's
     * writer (in its worker thread, holding the path's limiter token), the task still gets what the
     * read returned, and the cancellation at its next checkpoint.
     */
    @WeftTest
    void anOperationInFlightFinishesAndTheCancellationComesAtTheNextCheckpoint() throws Exception {
        inTempDir(dir -> {
            Path fifo = dir.resolve("fifo");
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
            assertThat(mkfifo.waitFor()).isZero();
            CapacityLimiter limiter = new CapacityLimiter(1);
            AsyncPath p = AsyncPath.of(fifo).withLimiter(limiter);
            CountDownLatch cancelled = new CountDownLatch(1);
            Thread writer =
                    Thread.ofPlatform()
                            .start(() -> {
                                try {
                                    cancelled.await();
                                    try (OutputStream out = Files.newOutputStream(fifo)) {
                                        out.write("late".getBytes(StandardCharsets.US_ASCII));
                                    }
                                } catch (Exception e) {
                                    throw new AssertionError(e);
                                }
                            });
            AtomicReference<byte[]> read = new AtomicReference<>();
            AtomicBoolean afterCheckpoint = new AtomicBoolean();
            AtomicReference<Integer> borrowedWhileBlocked = new AtomicReference<>();
            CancelScope scope = new CancelScope();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    Weft.waitAllTasksBlocked(); // the reader waits for its worker
                    borrowedWhileBlocked.set(limiter.borrowedTokens());
                    scope.cancel();
                    cancelled.countDown();
                });
                scope.run(s -> {
                    read.set(p.readBytes());
                    Weft.checkpoint();
                    afterCheckpoint.set(true);
                });
            });
            writer.join();
            assertThat(borrowedWhileBlocked.get()).isEqualTo(1);
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(read.get()).asString().isEqualTo("late");
            assertThat(afterCheckpoint).isFalse();
            assertThat(limiter.borrowedTokens()).isZero();
        });
    }

    @WeftTest
    void theCancelledExceptionIsNotWrapped() throws Exception {
        CancelScope scope = new CancelScope();
        scope.cancel();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        scope.run(s -> {
            try {
                AsyncPath.of("/").readBytes();
            } catch (Throwable t) {
                thrown.set(t);
                throw t;
            }
        });
        assertThat(thrown.get()).isInstanceOf(Cancelled.class);
    }

    @WeftTest
    void pathsSymlinkHelperLeavesLinksAlone() throws Exception {
        // Sanity check of the cleanup helper the other tests rely on: a link to a directory
        // outside the temporary directory is removed as a link.
        inTempDir(outside -> {
            inTempDir(dir -> Files.createSymbolicLink(dir.resolve("out"), outside));
            assertThat(outside).isDirectory();
            assertThat(Files.exists(outside, LinkOption.NOFOLLOW_LINKS)).isTrue();
        });
    }
}
