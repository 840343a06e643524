package io.weft.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporary files: {@link TemporaryFile}, {@link NamedTemporaryFile}, {@link
 * SpooledTemporaryFile}, {@link TemporaryDirectory} and {@link Tempfiles}, on every backend.
 *
 * <p>Ported from AnyIO's {@code tests/test_tempfile.py}: TestTemporaryFile.test_temporary_file,
 * TestNamedTemporaryFile.test_named_temporary_file and test_exception_handling (use after close is
 * {@link ClosedResourceError}, not ValueError), TestSpooledTemporaryFile.test_writewithout_rolled,
 * test_writelines, test_closed_state, test_exact_boundary_no_rollover, test_readinto (and
 * test_readinto1, the same in Java: there is one {@code readInto}), TestTemporaryDirectory
 * .test_context_manager, test_cleanup_method and test_exception_handling, test_mkstemp (the text
 * case; the path is an AsyncPath and the file an open AsyncFile), test_mkdtemp and test_gettempdir.
 *
 * <p>Not applicable: the {@code bytes} variants of test_mkstemp, test_mkdtemp and test_gettempdirb
 * (Java paths are not bytes); the {@code patch.object(stf, "rollover")} spying of the rollover
 * tests is replaced by asking {@link SpooledTemporaryFile#rolledOver()}.
 *
 * <p>Weft's own: a close in a cancelled scope still removes; 1,000 temporary files and directories
 * cancelled at seeded random points leave nothing behind; bad input.
 */
class TempfilesTest {
    @TempDir Path dir;

    private TempfileOptions inDir() {
        return TempfileOptions.defaults().dir(dir);
    }

    private List<Path> leftIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    /**
     * How many of this process's file descriptors are open on files in {@code d} (Linux's {@code
     * /proc/self/fd}; an unlinked file shows as its old path and " (deleted)").
     */
    private static long openFilesIn(Path d) throws IOException {
        String prefix = d.toRealPath() + "/";
        long n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(prefix)) {
                        n++;
                    }
                } catch (IOException e) {
                    // the descriptor closed while listing (the listing's own among them)
                }
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ TemporaryFile

    // AnyIO: TestTemporaryFile.test_temporary_file
    @WeftTest
    void aTemporaryFileIsWrittenAndReadBackAndHasNoName() throws IOException {
        byte[] data = "temporary file data".getBytes(StandardCharsets.UTF_8);
        AsyncFile af;
        byte[] result;
        try (AsyncFile f = TemporaryFile.create(inDir())) {
            af = f;
            assertThat(leftIn(dir)).isEmpty(); // the name is gone at once
            assertThat(openFilesIn(dir)).isEqualTo(1); // held by the open channel only
            f.write(data);
            f.seek(0);
            result = f.read();
        }
        assertThat(result).isEqualTo(data);
        assertThat(af.isClosed()).isTrue();
        assertThat(af.mode()).isEqualTo("w+b");
        assertThat(openFilesIn(dir)).isZero();
        assertThatThrownBy(af::read).isInstanceOf(ClosedResourceError.class);
    }

    @WeftTest
    void aTextTemporaryFileUsesItsFileOptions() throws IOException {
        var opts = inDir().mode("w+").fileOptions(FileOptions.defaults().newline("\r\n"));
        try (AsyncFile f = TemporaryFile.create(opts)) {
            assertThat(f.isText()).isTrue();
            f.write("a\nb\n");
            f.flush();
            ByteBuffer written = ByteBuffer.allocate(32);
            f.channel().position(0).read(written); // the bytes on disk, untranslated
            assertThat(new String(written.array(), 0, written.position(), StandardCharsets.UTF_8))
                    .isEqualTo("a\r\nb\r\n");
        }
    }

    // ------------------------------------------------------------------ NamedTemporaryFile

    // AnyIO: TestNamedTemporaryFile.test_named_temporary_file
    @WeftTest
    void aNamedTemporaryFileExistsUntilClosed() throws IOException {
        byte[] data = "named temporary file data".getBytes(StandardCharsets.UTF_8);
        Path filename;
        try (NamedTemporaryFile t = NamedTemporaryFile.create(true, inDir())) {
            filename = t.path().toPath();
            assertThat(filename).exists();
            assertThat(filename.getParent()).isEqualTo(dir);
            t.file().write(data);
            t.file().seek(0);
            assertThat(t.file().read()).isEqualTo(data);
            assertThat(Files.readAllBytes(filename)).isEqualTo(data);
        }
        assertThat(filename).doesNotExist();
    }

    // AnyIO: TestNamedTemporaryFile.test_exception_handling
    @WeftTest
    void aNamedTemporaryFileCannotBeUsedAfterClose() throws IOException {
        NamedTemporaryFile t;
        try (NamedTemporaryFile n = NamedTemporaryFile.create(true, inDir())) {
            t = n;
        }
        assertThat(t.path().toPath()).doesNotExist();
        assertThat(t.isClosed()).isTrue();
        assertThatThrownBy(() -> t.file().write(new byte[] {1}))
                .isInstanceOf(ClosedResourceError.class);
        t.close(); // idempotent
    }

    @WeftTest
    void aNamedTemporaryFileNotDeletedStaysAndTakesPrefixAndSuffix() throws IOException {
        Path p;
        try (NamedTemporaryFile t =
                NamedTemporaryFile.create(false, inDir().prefix("pre_").suffix(".dat"))) {
            p = t.path().toPath();
            assertThat(t.deletesOnClose()).isFalse();
            t.file().write(new byte[] {7});
        }
        assertThat(p.getFileName().toString()).startsWith("pre_").endsWith(".dat");
        assertThat(Files.readAllBytes(p)).containsExactly(7);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                .isEqualTo("rw-------");
    }

    // ------------------------------------------------------------------ SpooledTemporaryFile

    // AnyIO: TestSpooledTemporaryFile.test_writewithout_rolled
    @WeftTest
    void aSpooledFileRollsOverWhenAWriteGoesPastMaxSize() throws IOException {
        try (SpooledTemporaryFile s = SpooledTemporaryFile.create(10, inDir())) {
            s.file().write("12345".getBytes(StandardCharsets.UTF_8));
            assertThat(s.rolledOver()).isFalse();
            s.file().write("67890X".getBytes(StandardCharsets.UTF_8));
            assertThat(s.rolledOver()).isTrue();
            assertThat(leftIn(dir)).isEmpty(); // the disk file has no name
            s.file().seek(0);
            assertThat(new String(s.file().read(), StandardCharsets.UTF_8))
                    .isEqualTo("1234567890X");
        }
    }

    // AnyIO: TestSpooledTemporaryFile.test_writelines
    @WeftTest
    void aSpooledTextFileRollsOverInWriteLines() throws IOException {
        try (SpooledTemporaryFile s = SpooledTemporaryFile.create(20, inDir().mode("w+"))) {
            s.file().writeLines(List.of("hello", "world"));
            assertThat(s.rolledOver()).isFalse();
            s.file().seek(0);
            assertThat(s.file().readText()).isEqualTo("helloworld");
            s.file().writeLines(List.of("1234567890123456"));
            assertThat(s.rolledOver()).isTrue();
            s.file().seek(0);
            assertThat(s.file().readText()).isEqualTo("helloworld1234567890123456");
        }
    }

    // AnyIO: TestSpooledTemporaryFile.test_closed_state
    @WeftTest
    void aSpooledFileIsClosedAfterItsBlock() throws IOException {
        SpooledTemporaryFile s;
        try (SpooledTemporaryFile t = SpooledTemporaryFile.create(10)) {
            s = t;
            assertThat(s.isClosed()).isFalse();
        }
        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(() -> s.file().read()).isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(s::rollover).isInstanceOf(ClosedResourceError.class);
    }

    // AnyIO: TestSpooledTemporaryFile.test_exact_boundary_no_rollover
    @WeftTest
    void writingExactlyMaxSizeDoesNotRollOver() throws IOException {
        try (SpooledTemporaryFile s = SpooledTemporaryFile.create(10, inDir())) {
            s.file().write("0123456789".getBytes(StandardCharsets.UTF_8));
            assertThat(s.rolledOver()).isFalse();
            s.file().write("x".getBytes(StandardCharsets.UTF_8));
            assertThat(s.rolledOver()).isTrue();
        }
    }

    // AnyIO: TestSpooledTemporaryFile.test_readinto, test_readinto1
    @WeftTest
    void aSpooledFileReadsIntoABuffer() throws IOException {
        try (SpooledTemporaryFile s = SpooledTemporaryFile.create(1024, inDir())) {
            s.file().write("hello world".getBytes(StandardCharsets.UTF_8));
            s.file().seek(0);
            ByteBuffer buf = ByteBuffer.allocate(5);
            assertThat(s.file().readInto(buf)).isEqualTo(5);
            assertThat(new String(buf.array(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @WeftTest
    void anExplicitRolloverKeepsTheBytesAndThePosition() throws IOException {
        try (SpooledTemporaryFile s = SpooledTemporaryFile.create(1024, inDir())) {
            s.file().write("hello world".getBytes(StandardCharsets.UTF_8));
            s.file().seek(6);
            s.rollover();
            assertThat(s.rolledOver()).isTrue();
            assertThat(s.file().tell()).isEqualTo(6);
            assertThat(new String(s.file().read(), StandardCharsets.UTF_8)).isEqualTo("world");
            s.file().truncate(5);
            s.file().seek(0);
            assertThat(new String(s.file().read(), StandardCharsets.UTF_8)).isEqualTo("hello");
            s.rollover(); // nothing the second time
            assertThat(leftIn(dir)).isEmpty();
        }
    }

    @WeftTest
    void aSpooledFileInMemorySeeksTruncatesAndFillsGapsWithZeros() throws IOException {
        try (SpooledTemporaryFile s = SpooledTemporaryFile.create(1024)) {
            AsyncFile f = s.file();
            f.write(new byte[] {1, 2, 3, 4});
            f.truncate(2);
            f.seek(4);
            f.write(new byte[] {9});
            f.seek(0);
            assertThat(f.read()).containsExactly(1, 2, 0, 0, 9);
            assertThat(s.rolledOver()).isFalse();
        }
    }

    // ------------------------------------------------------------------ TemporaryDirectory

    // AnyIO: TestTemporaryDirectory.test_context_manager, test_exception_handling
    @WeftTest
    void aTemporaryDirectoryIsGoneWithItsContentsAfterItsBlock() throws IOException {
        AsyncPath td;
        try (TemporaryDirectory t = TemporaryDirectory.create("pre_", "_suf", dir)) {
            td = t.path();
            assertThat(td.isDirectory()).isTrue();
            assertThat(td.fileName().toString()).startsWith("pre_").endsWith("_suf");
            td.resolve("test.txt").writeText("temp dir test");
            td.resolve("sub").mkdir();
            td.resolve("sub/deeper.txt").writeText("x");
            assertThat(td.resolve("test.txt").exists()).isTrue();
        }
        assertThat(td.exists()).isFalse();
        assertThatThrownBy(() -> td.resolve("nonexistent.txt").writeText("should fail"))
                .isInstanceOf(NoSuchFileException.class);
    }

    // AnyIO: TestTemporaryDirectory.test_cleanup_method
    @WeftTest
    void cleanupRemovesTheDirectoryAndIsIdempotent() throws IOException {
        TemporaryDirectory t = TemporaryDirectory.create(null, null, dir);
        t.path().resolve("file.txt").writeText("cleanup test");
        t.cleanup();
        assertThat(t.path().toPath()).doesNotExist();
        assertThat(t.isCleanedUp()).isTrue();
        t.cleanup();
        t.close();
    }

    @WeftTest
    void aSymlinkOutOfATemporaryDirectoryIsRemovedNotFollowed() throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        try (TemporaryDirectory t = TemporaryDirectory.create(null, null, dir)) {
            Files.createSymbolicLink(t.path().toPath().resolve("link"), outside);
        }
        assertThat(outside.resolve("keep.txt")).hasContent("keep");
        assertThat(leftIn(dir)).containsExactly(outside);
    }

    // ------------------------------------------------------------------ functions

    // AnyIO: test_mkstemp (text)
    @WeftTest
    void mkstempMakesAFileThatStaysAfterClose() throws IOException {
        Path p;
        try (NamedTemporaryFile t =
                Tempfiles.mkstemp(inDir().mode("w").prefix("mkstemp_").suffix(".txt"))) {
            p = t.path().toPath();
            assertThat(p.getFileName().toString()).startsWith("mkstemp_").endsWith(".txt");
            t.file().write("mkstemp");
        }
        assertThat(p).hasContent("mkstemp");
    }

    // AnyIO: test_mkdtemp
    @WeftTest
    void mkdtempMakesADirectoryThatStays() throws IOException {
        AsyncPath d = Tempfiles.mkdtemp("mkdtemp_", null, dir);
        assertThat(d.isDirectory()).isTrue();
        assertThat(d.fileName().toString()).startsWith("mkdtemp_");
        assertThat(d.parent().toPath()).isEqualTo(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.toPath())))
                .isEqualTo("rwx------");
    }

    // AnyIO: test_gettempdir
    @WeftTest
    void gettempdirIsTheJdksTemporaryDirectory() throws IOException {
        AsyncPath t = Tempfiles.gettempdir();
        assertThat(t.toPath()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(t.isDirectory()).isTrue();
    }

    // ------------------------------------------------------------------ cancellation

    @WeftTest
    void aCloseInACancelledScopeStillRemovesEverything() throws IOException {
        CancelScope scope = new CancelScope();
        scope.run(s -> {
            NamedTemporaryFile n = NamedTemporaryFile.create(true, inDir());
            SpooledTemporaryFile sp = SpooledTemporaryFile.create(0, inDir());
            sp.file().write(new byte[] {1});
            TemporaryDirectory d = TemporaryDirectory.create(null, null, dir);
            d.path().resolve("f").writeText("x");
            s.cancel();
            n.close();
            sp.close();
            d.close();
            assertThat(leftIn(dir)).isEmpty();
            Weft.checkpoint(); // the cancellation is delivered here
            throw new AssertionError("not cancelled");
        });
        assertThat(scope.cancelledCaught()).isTrue();
    }

    @WeftTest
    void aTaskCancelledBeforeCreatingMakesNothing() throws IOException {
        List<io.weft.CheckedRunnable<IOException>> makers =
                List.of(
                        () -> TemporaryFile.create(inDir()),
                        () -> NamedTemporaryFile.create(true, inDir()),
                        () -> TemporaryDirectory.create(null, null, dir),
                        () -> Tempfiles.mkstemp(inDir()),
                        () -> Tempfiles.mkdtemp(null, null, dir));
        for (var maker : makers) {
            CancelScope scope = new CancelScope();
            scope.cancel();
            scope.run(s -> {
                maker.run();
                throw new AssertionError("made one");
            });
            assertThat(scope.cancelledCaught()).isTrue();
        }
        assertThat(leftIn(dir)).isEmpty();
    }

    /**
     * Issue 16: 1,000 temporary files and directories, each cancelled at a seeded random point
     * (from a canceller task once its owner reached a random number of operations, or, for the
     * owners that block instead, once every task is blocked), leave nothing in {@code dir}.
     */
    @WeftTest
    void aThousandCancelledAtRandomPointsLeaveNothingBehind() throws IOException {
        Random random = new Random(16);
        int n = 1000;
        List<CancelScope> scopes = new java.util.ArrayList<>();
        List<Event> events = new java.util.ArrayList<>();
        TaskGroup.run(tg -> {
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(4);
                int cancelAfter = random.nextInt(12);
                boolean blockAt = random.nextInt(4) == 0; // block at cancelAfter instead
                long maxSize = random.nextInt(64);
                CancelScope scope = new CancelScope();
                scopes.add(scope);
                Event reached = new Event();
                events.add(reached);
                if (!blockAt) {
                    tg.startSoon(() -> {
                        reached.await();
                        scope.cancel();
                    });
                }
                tg.startSoon(
                        () -> scope.run(s -> churn(kind, maxSize, cancelAfter, blockAt, reached)));
            }
            Weft.waitAllTasksBlocked();
            // The owners that block instead are cancelled now; so is any owner still waiting for
            // its worker, and its canceller, whose event it had not reached, is let go.
            scopes.forEach(CancelScope::cancel);
            events.forEach(Event::set);
        });
        assertThat(leftIn(dir)).isEmpty();
        assertThat(openFilesIn(dir)).isZero(); // every file closed, the unlinked ones too
        // every task works for ever, so each one ended by its cancellation
        assertThat(scopes).allSatisfy(sc -> assertThat(sc.cancelledCaught()).isTrue());
    }

    /** Makes one of the four kinds and works on it for ever; an operation is a step. */
    private void churn(int kind, long maxSize, int cancelAfter, boolean blockAt, Event reached)
            throws IOException {
        int[] steps = {0};
        Runnable step =
                () -> {
                    if (steps[0]++ == cancelAfter) {
                        if (blockAt) {
                            new Event().await(); // until its scope is cancelled
                        }
                        reached.set();
                    }
                };
        step.run();
        byte[] chunk = new byte[16];
        switch (kind) {
            case 0 -> {
                try (AsyncFile f = TemporaryFile.create(inDir())) {
                    for (step.run(); ; step.run()) {
                        f.write(chunk);
                        f.seek(0);
                    }
                }
            }
            case 1 -> {
                try (NamedTemporaryFile t = NamedTemporaryFile.create(true, inDir())) {
                    for (step.run(); ; step.run()) {
                        t.file().write(chunk);
                    }
                }
            }
            case 2 -> {
                try (SpooledTemporaryFile t = SpooledTemporaryFile.create(maxSize, inDir())) {
                    for (step.run(); ; step.run()) {
                        t.file().write(chunk);
                    }
                }
            }
            default -> {
                try (TemporaryDirectory t = TemporaryDirectory.create(null, null, dir)) {
                    for (int i = 0; ; i++) {
                        step.run();
                        t.path().resolve("f" + i).writeText("x");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ bad input

    @WeftTest
    void badInputIsRefusedBeforeAnythingIsMade() {
        assertThatThrownBy(() -> SpooledTemporaryFile.create(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSize must be 0 or more, not -1");
        assertThatThrownBy(() -> NamedTemporaryFile.create(true, inDir().mode("q")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q");
        assertThatThrownBy(() -> TemporaryFile.create(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("options is null: pass TempfileOptions.defaults()");
        assertThatThrownBy(() ->
                        NamedTemporaryFile.create(
                                true, TempfileOptions.defaults().dir(dir.resolve("no"))))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> TemporaryDirectory.create(null, null, dir.resolve("no")))
                .isInstanceOf(NoSuchFileException.class);
    }
}
