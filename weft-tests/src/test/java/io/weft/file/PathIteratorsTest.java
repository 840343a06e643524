package io.weft.file;

import static io.weft.file.PathTesting.inTempDir;
import static io.weft.file.PathTesting.openHandlesOf;
import static io.weft.file.PathTesting.populate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.internal.file.BatchSource;
import io.weft.junit.WeftTest;
import io.weft.sync.CapacityLimiter;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * AsyncPath's lazy iterators: iterdir, glob, rglob and walk, their handles, closing and
 * cancellation, on every backend.
 *
 * <p>Ported from AnyIO's {@code tests/test_fileio.py}, class {@code TestPath}: test_iterdir,
 * test_glob, test_rglob (each also checking that yielded paths keep the limiter), test_walk;
 * test_glob_recurse_symlinks and test_rglob_recurse_symlinks in their default form ({@code **} does
 * not descend through {@code subdir/symlink}).
 *
 * <p>Not applicable: test_glob_case_sensitive and test_rglob_case_sensitive (no {@code
 * case_sensitive} option: matching is case-sensitive, as pathlib's default on POSIX), the {@code
 * recurse_symlinks=True} variants (no such option).
 *
 * <p>Added: batches beyond the first step, pathlib's pattern syntax where it differs from the JDK's
 * glob, pruning a walk, a closed iterator releasing its directory handle (counted in {@code
 * /proc/self/fd}), use after close, a cancelled caller's step, a step abandoned in flight.
 */
class PathIteratorsTest {

    private static List<String> relative(Path root, PathIterator<AsyncPath> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            for (AsyncPath p : it) {
                out.add(root.relativize(p.toPath()).toString());
            }
        }
        return out.stream().sorted().toList();
    }

    // AnyIO: test_iterdir
    @WeftTest
    void iterdirYieldsEveryEntryWithTheLimiter() throws Exception {
        inTempDir(dir -> {
            populate(dir);
            CapacityLimiter limiter = new CapacityLimiter(2);
            List<String> names = new ArrayList<>();
            try (PathIterator<AsyncPath> it = AsyncPath.of(dir).withLimiter(limiter).iterdir()) {
                for (AsyncPath p : it) {
                    assertThat(p.limiter()).isSameAs(limiter);
                    names.add(p.name());
                }
            }
            assertThat(names)
                    .containsExactlyInAnyOrder("sibdir", "subdir", "testfile", "testfile2");
        });
    }

    @WeftTest
    void iterdirReadsALargeDirectoryInSeveralBatches() throws Exception {
        inTempDir(dir -> {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 1000; i++) { // 128 + 256 + 512 + 104: four steps
                Files.createFile(dir.resolve("f" + i));
                expected.add("f" + i);
            }
            Set<String> seen = new HashSet<>();
            try (PathIterator<AsyncPath> it = AsyncPath.of(dir).iterdir()) {
                for (AsyncPath p : it) {
                    assertThat(seen.add(p.name())).isTrue();
                }
                assertThat(it.hasNext()).isFalse(); // still answers after the end
            }
            assertThat(seen).isEqualTo(expected);
        });
    }

    @WeftTest
    void iterdirOfAMissingDirectoryOrAFileThrowsTheJdksException() throws Exception {
        inTempDir(dir -> {
            Path file = Files.createFile(dir.resolve("file"));
            assertThatThrownBy(() -> AsyncPath.of(dir.resolve("none")).iterdir())
                    .isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> AsyncPath.of(file).iterdir())
                    .isInstanceOf(NotDirectoryException.class);
            assertThat(openHandlesOf(dir)).isZero();
        });
    }

    // AnyIO: test_glob, test_glob_recurse_symlinks (default: ** does not follow subdir/symlink)
    @WeftTest
    void globRecursiveMatchesBelowWithoutFollowingLinks() throws Exception {
        inTempDir(dir -> {
            populate(dir);
            CapacityLimiter limiter = new CapacityLimiter(2);
            AsyncPath root = AsyncPath.of(dir).withLimiter(limiter);
            try (PathIterator<AsyncPath> it = root.glob("**/*.txt")) {
                assertThat(it.next().limiter()).isSameAs(limiter);
            }
            assertThat(relative(dir, root.glob("**/*.txt")))
                    .containsExactly(
                            "sibdir/dummyfile1.txt",
                            "sibdir/dummyfile2.txt",
                            "subdir/dummyfile1.txt",
                            "subdir/dummyfile2.txt");
        });
    }

    // AnyIO: test_rglob, test_rglob_recurse_symlinks (default)
    @WeftTest
    void rglobMatchesAtAnyDepth() throws Exception {
        inTempDir(dir -> {
            populate(dir);
            Files.createFile(dir.resolve("top.txt"));
            assertThat(relative(dir, AsyncPath.of(dir).rglob("*.txt")))
                    .containsExactly(
                            "sibdir/dummyfile1.txt",
                            "sibdir/dummyfile2.txt",
                            "subdir/dummyfile1.txt",
                            "subdir/dummyfile2.txt",
                            "top.txt"); // ** matches zero directories, unlike the JDK's glob
        });
    }

    @WeftTest
    void globFollowsLinksInNonRecursiveSegments() throws Exception {
        inTempDir(dir -> {
            populate(dir);
            assertThat(relative(dir, AsyncPath.of(dir).glob("subdir/symlink/*")))
                    .containsExactly(
                            "subdir/symlink/dummyfile1.txt", "subdir/symlink/dummyfile2.txt");
            assertThat(relative(dir, AsyncPath.of(dir).glob("*/symlink")))
                    .containsExactly("subdir/symlink");
        });
    }

    @WeftTest
    void globUsesPathlibsSyntax() throws Exception {
        inTempDir(dir -> {
            for (String n : List.of("a.txt", "b.txt", ".hidden.txt", "{a,b}.txt", "c.md", "[x]")) {
                Files.createFile(dir.resolve(n));
            }
            Files.createDirectory(dir.resolve("d.txt"));
            AsyncPath root = AsyncPath.of(dir);
            // * matches hidden files (pathlib, unlike a shell)
            assertThat(relative(dir, root.glob("*.txt")))
                    .containsExactly(".hidden.txt", "a.txt", "b.txt", "d.txt", "{a,b}.txt");
            // braces are literal (the JDK's glob would read them as alternatives)
            assertThat(relative(dir, root.glob("{a,b}.txt"))).containsExactly("{a,b}.txt");
            assertThat(relative(dir, root.glob("[ab].txt"))).containsExactly("a.txt", "b.txt");
            assertThat(relative(dir, root.glob("[!ab.{]*.txt"))).containsExactly("d.txt");
            assertThat(relative(dir, root.glob("?.md"))).containsExactly("c.md");
            assertThat(relative(dir, root.glob("[[]x]"))).containsExactly("[x]");
            // a trailing separator matches directories only
            assertThat(relative(dir, root.glob("*.txt/"))).containsExactly("d.txt");
            // a literal name matches if it exists
            assertThat(relative(dir, root.glob("c.md"))).containsExactly("c.md");
            assertThat(relative(dir, root.glob("none"))).isEmpty();
        });
    }

    @WeftTest
    void aTrailingRecursiveSegmentMatchesFilesAndDirectoriesAsPython313() throws Exception {
        inTempDir(dir -> {
            Files.createDirectories(dir.resolve("a/b"));
            Files.createFile(dir.resolve("a/f"));
            assertThat(relative(dir, AsyncPath.of(dir).glob("**")))
                    .containsExactly("", "a", "a/b", "a/f");
            assertThat(relative(dir, AsyncPath.of(dir).glob("**/")))
                    .containsExactly("", "a", "a/b");
        });
    }

    @WeftTest
    void globOfAMissingDirectoryYieldsNothing() throws Exception {
        inTempDir(dir ->
                assertThat(relative(dir, AsyncPath.of(dir.resolve("none")).glob("*"))).isEmpty());
    }

    @WeftTest
    void badPatternsAreRefusedBeforeAnythingIsRead() {
        AsyncPath root = AsyncPath.of("/");
        assertThatThrownBy(() -> root.glob(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unacceptable pattern");
        assertThatThrownBy(() -> root.glob("/etc/*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Non-relative patterns are unsupported");
    }

    // AnyIO: test_walk
    @WeftTest
    void walkIsTopDown() throws Exception {
        inTempDir(dir -> {
            Files.createDirectory(dir.resolve("subdir"));
            Files.createFile(dir.resolve("subdir/file1"));
            Files.createFile(dir.resolve("subdir/file2"));
            CapacityLimiter limiter = new CapacityLimiter(2);
            AsyncPath root = AsyncPath.of(dir).withLimiter(limiter);
            try (PathIterator<WalkEntry> it = root.walk()) {
                WalkEntry first = it.next();
                assertThat(first.dir()).isEqualTo(root);
                assertThat(first.dir().limiter()).isSameAs(limiter);
                assertThat(first.dirNames()).containsExactly("subdir");
                assertThat(first.fileNames()).isEmpty();
                WalkEntry second = it.next();
                assertThat(second.dir()).isEqualTo(root.resolve("subdir"));
                assertThat(second.dirNames()).isEmpty();
                assertThat(second.fileNames()).containsExactlyInAnyOrder("file1", "file2");
                assertThat(it.hasNext()).isFalse();
            }
        });
    }

    @WeftTest
    void walkIsPrunedByRemovingDirNamesAndDoesNotFollowLinks() throws Exception {
        inTempDir(dir -> {
            populate(dir);
            Files.createDirectories(dir.resolve("sibdir/deep/deeper"));
            List<String> walked = new ArrayList<>();
            try (PathIterator<WalkEntry> it = AsyncPath.of(dir).walk()) {
                for (WalkEntry e : it) {
                    walked.add(dir.relativize(e.dir().toPath()).toString());
                    if (e.dir().name().equals("subdir")) {
                        assertThat(e.fileNames()).contains("symlink"); // a link is not a dir
                    }
                    e.dirNames().remove("deep");
                }
            }
            assertThat(walked).containsExactlyInAnyOrder("", "sibdir", "subdir");
            assertThat(walked.getFirst()).isEmpty(); // top down
        });
    }

    /**
     * A step in flight when the caller is cancelled is abandoned (AnyIO's abandon_on_cancel):
     * {@code hasNext} throws {@code Cancelled} while the worker is still blocked in the step, the
     * iterator is closed at once, and the source is released by the worker when its step ends,
     * never under it.
     */
    @WeftTest
    void aStepInFlightIsAbandonedAndTheWorkerReleasesTheSourceWhenItEnds() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicBoolean stepRunning = new AtomicBoolean();
        AtomicReference<Thread> closer = new AtomicReference<>();
        AtomicBoolean closedDuringStep = new AtomicBoolean();
        BatchSource<Path> blocking =
                new BatchSource<>() {
                    @Override
                    public List<Path> next(int max) throws InterruptedIOException {
                        stepRunning.set(true);
                        entered.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            throw new InterruptedIOException();
                        }
                        stepRunning.set(false);
                        return List.of(Path.of("late"));
                    }

                    @Override
                    public void close() {
                        closedDuringStep.set(stepRunning.get());
                        closer.set(Thread.currentThread());
                        closed.countDown();
                    }
                };
        PathIterator<AsyncPath> it =
                new PathIterator<>(blocking, AsyncPath::of, ToThreadOptions.defaults(), false);
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                // Not waitAllTasksBlocked: the caller also blocks before its worker starts.
                ToThread.runSync(() -> entered.await());
                scope.cancel();
            });
            scope.run(s -> it.hasNext());
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(closed.getCount()).isEqualTo(1); // the worker still has the source
        assertThatThrownBy(it::hasNext).isInstanceOf(ClosedResourceError.class);
        release.countDown();
        ToThread.runSync(() -> closed.await());
        assertThat(closedDuringStep).isFalse();
        assertThat(closer.get()).isNotSameAs(Thread.currentThread());
    }

    /** A batched source of numbered paths whose steps after the first can be held. */
    static final class GatedSource implements BatchSource<Path> {
        final AtomicInteger steps = new AtomicInteger();
        final CountDownLatch secondEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicBoolean stepRunning = new AtomicBoolean();
        final AtomicBoolean closedDuringStep = new AtomicBoolean();
        final AtomicReference<Thread> closer = new AtomicReference<>();
        Runnable onFirstStep = () -> {};

        @Override
        public List<Path> next(int max) throws InterruptedIOException {
            int step = steps.incrementAndGet();
            stepRunning.set(true);
            try {
                if (step == 1) {
                    onFirstStep.run();
                } else {
                    secondEntered.countDown();
                    release.await();
                }
                List<Path> out = new ArrayList<>();
                for (int i = 0; i < (step == 1 ? max : 3); i++) { // the second batch is the last
                    out.add(Path.of("step" + step + "-" + i));
                }
                return out;
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            } finally {
                stepRunning.set(false);
            }
        }

        @Override
        public void close() {
            closedDuringStep.set(stepRunning.get());
            closer.set(Thread.currentThread());
            closed.countDown();
        }
    }

    /**
     * A batched iterator reads its next batch in a worker while the caller uses the current one:
     * the second step starts without any call of hasNext, and its batch is what hasNext returns.
     */
    @WeftTest
    void theNextBatchIsReadAheadWhileTheCallerUsesTheCurrentOne() throws Exception {
        var source = new GatedSource();
        try (PathIterator<AsyncPath> it =
                new PathIterator<>(source, AsyncPath::of, ToThreadOptions.defaults(), true)
                        .openNow()) {
            ToThread.runSync(() -> source.secondEntered.await()); // started by the first batch
            for (int i = 0; i < 128; i++) {
                assertThat(it.next().toString()).isEqualTo("step1-" + i);
            }
            source.release.countDown();
            List<String> rest = new ArrayList<>();
            it.forEachRemaining(p -> rest.add(p.toString()));
            assertThat(rest).containsExactly("step2-0", "step2-1", "step2-2");
            assertThat(source.steps).hasValue(2); // a short batch is the last: no third step
        }
        assertThat(source.closed.getCount()).isZero();
    }

    /**
     * Closing an iterator while its next batch is read ahead leaves the source to that step's
     * worker, which closes it when the step ends, never under it; the batch is dropped.
     */
    @WeftTest
    void closingWhileTheNextBatchIsReadAheadLeavesTheSourceToTheWorker() throws Exception {
        var source = new GatedSource();
        PathIterator<AsyncPath> it =
                new PathIterator<>(source, AsyncPath::of, ToThreadOptions.defaults(), true)
                        .openNow();
        ToThread.runSync(() -> source.secondEntered.await());
        it.close();
        assertThat(source.closed.getCount()).isEqualTo(1); // the worker still has the source
        assertThatThrownBy(it::hasNext).isInstanceOf(ClosedResourceError.class);
        source.release.countDown();
        ToThread.runSync(() -> source.closed.await());
        assertThat(source.closedDuringStep).isFalse();
        assertThat(source.closer.get()).isNotSameAs(Thread.currentThread());
    }

    /**
     * With no limiter token free when a batch arrives, nothing is read ahead: the next step runs
     * when the caller needs it, waiting for a token then.
     */
    @WeftTest
    void withNoTokenFreeTheNextBatchIsFetchedWhenNeeded() throws Exception {
        var limiter = new CapacityLimiter(1);
        var source = new GatedSource();
        source.onFirstStep = () -> limiter.totalTokens(0); // once the first step returns its token
        source.release.countDown();
        try (PathIterator<AsyncPath> it =
                new PathIterator<>(
                                source,
                                AsyncPath::of,
                                ToThreadOptions.defaults().limiter(limiter),
                                true)
                        .openNow()) {
            for (int i = 0; i < 128; i++) {
                it.next();
            }
            assertThat(source.steps).hasValue(1);
            TaskGroup.run(tg -> {
                tg.startSoon(() -> it.hasNext());
                Weft.waitAllTasksBlocked(); // waits for a token
                assertThat(limiter.statistics().tasksWaiting()).isEqualTo(1);
                limiter.totalTokens(1);
            });
            assertThat(it.next().toString()).isEqualTo("step2-0");
            assertThat(source.steps).hasValue(2);
        }
    }

    // ---------------------------------------------------------------- handles and closing

    @WeftTest
    void closingIterdirEarlyReleasesTheDirectoryHandle() throws Exception {
        inTempDir(dir -> {
            for (int i = 0; i < 200; i++) {
                Files.createFile(dir.resolve("f" + i));
            }
            assertThat(openHandlesOf(dir)).isZero();
            var limiter = new CapacityLimiter(1);
            PathIterator<AsyncPath> it = AsyncPath.of(dir).withLimiter(limiter).iterdir();
            it.next();
            assertThat(openHandlesOf(dir)).isPositive(); // held between steps (two on Linux: a dup)
            it.close();
            // The second batch may still be read ahead: its worker releases the handle when the
            // step ends, and then gives the limiter's one token back.
            limiter.acquire().close();
            assertThat(openHandlesOf(dir)).isZero();
            it.close(); // idempotent
        });
    }

    @WeftTest
    void iteratingToTheEndReleasesTheHandleBeforeClose() throws Exception {
        inTempDir(dir -> {
            Files.createFile(dir.resolve("f"));
            try (PathIterator<AsyncPath> it = AsyncPath.of(dir).iterdir()) {
                while (it.hasNext()) {
                    it.next();
                }
                assertThat(openHandlesOf(dir)).isZero();
            }
        });
    }

    @WeftTest
    void globAndWalkHoldNoHandleBetweenSteps() throws Exception {
        inTempDir(dir -> {
            populate(dir);
            try (PathIterator<AsyncPath> g = AsyncPath.of(dir).rglob("*");
                    PathIterator<WalkEntry> w = AsyncPath.of(dir).walk()) {
                g.next();
                w.next();
                assertThat(openHandlesOf(dir)).isZero();
                assertThat(openHandlesOf(dir.resolve("subdir"))).isZero();
            }
        });
    }

    @WeftTest
    void usingAClosedIteratorIsAClosedResourceError() throws Exception {
        inTempDir(dir -> {
            populate(dir);
            List<PathIterator<?>> all =
                    List.of(
                            AsyncPath.of(dir).iterdir(),
                            AsyncPath.of(dir).glob("*"),
                            AsyncPath.of(dir).walk());
            for (PathIterator<?> it : all) {
                it.close();
                assertThatThrownBy(it::hasNext).isInstanceOf(ClosedResourceError.class);
                assertThatThrownBy(it::next).isInstanceOf(ClosedResourceError.class);
                assertThatThrownBy(it::iterator).isInstanceOf(ClosedResourceError.class);
            }
        });
    }

    @WeftTest
    void anIteratorIsIterableOnce() throws Exception {
        inTempDir(dir -> {
            try (PathIterator<AsyncPath> it = AsyncPath.of(dir).glob("*")) {
                it.iterator();
                assertThatThrownBy(it::iterator)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("used once");
            }
        });
    }

    @WeftTest
    void aCancelledStepThrowsCancelledAndClosesTheIterator() throws Exception {
        inTempDir(dir -> {
            for (int i = 0; i < 300; i++) {
                Files.createFile(dir.resolve("f" + i));
            }
            var limiter = new CapacityLimiter(1);
            try (PathIterator<AsyncPath> it = AsyncPath.of(dir).withLimiter(limiter).iterdir()) {
                int n = 0;
                while (n < 128) { // the first batch, fetched by iterdir itself: no checkpoint
                    it.next();
                    n++;
                }
                CancelScope scope = new CancelScope();
                scope.cancel();
                // The second step is a checkpoint, also when its batch was read ahead already.
                scope.run(s -> it.hasNext());
                assertThat(scope.cancelledCaught()).isTrue();
                limiter.acquire().close(); // the step reading ahead has ended
                assertThat(openHandlesOf(dir)).isZero();
                assertThatThrownBy(it::hasNext).isInstanceOf(ClosedResourceError.class);
            }
        });
    }
}
