package io.weft.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.sync.CapacityLimiter;
import io.weft.thread.ToThread;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AsyncFile} under cancellation: an operation in flight is shielded (it completes, its
 * result is kept, the handle stays open and the position is where it left it, and the cancellation
 * meets the task at its next checkpoint); a task already cancelled does nothing; a close is always
 * done; closing wakes a read blocked in a FIFO. AnyIO's test_fileio.py has no cancellation tests:
 * these are Weft's own.
 */
class AsyncFileCancellationTest {
    @TempDir Path dir;

    /** A channel whose next read, once armed, waits in its worker until released. */
    static final class GatedChannel implements SeekableByteChannel {
        final FileChannel inner;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean armed;
        volatile boolean interrupted;

        GatedChannel(FileChannel inner) {
            this.inner = inner;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (armed) {
                armed = false;
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true; // never: no interrupt reaches a file operation
                    Thread.currentThread().interrupt();
                }
            }
            return inner.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return inner.write(src);
        }

        @Override
        public long position() throws IOException {
            return inner.position();
        }

        @Override
        public SeekableByteChannel position(long p) throws IOException {
            inner.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return inner.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            inner.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    private Path dataFile() throws IOException {
        return Files.write(dir.resolve("testdata"), AsyncFileTest.testData());
    }

    @WeftTest
    void aReadCancelledMidWayCompletesAndLeavesTheHandleUsable() throws IOException {
        var gated = new GatedChannel(FileChannel.open(dataFile(), StandardOpenOption.READ));
        var limiter = new CapacityLimiter(1);
        AtomicReference<byte[]> got = new AtomicReference<>();
        AtomicBoolean passedCheckpoint = new AtomicBoolean();
        CancelScope scope = new CancelScope();
        try (AsyncFile f = AsyncFile.wrap(gated, limiter)) {
            gated.armed = true;
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        scope.run(s -> {
                            got.set(f.read(1500));
                            Weft.checkpoint(); // the cancellation arrives here, after the read
                            passedCheckpoint.set(true);
                        }));
                ToThread.runSync(() -> gated.entered.await()); // the read is in its worker
                assertThat(limiter.borrowedTokens()).isEqualTo(1);
                scope.cancel();
                Weft.waitAllTasksBlocked(); // the reader still waits for its worker
                assertThat(got.get()).isNull();
                gated.release.countDown();
            });
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(passedCheckpoint).isFalse();
            assertThat(got.get()).isEqualTo(Arrays.copyOf(AsyncFileTest.testData(), 1500));
            assertThat(gated.interrupted).isFalse();
            assertThat(f.channel().isOpen()).isTrue();
            assertThat(f.tell()).isEqualTo(1500);
            assertThat(f.read(1)).containsExactly(1); // the byte at 1500
        }
    }

    @WeftTest
    void aShieldedLineReadInACancelledScopeKeepsTheTextPosition() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "first\nsecond\nthird\n");
        AtomicReference<String> got = new AtomicReference<>();
        try (AsyncFile f = AsyncFile.open(p, "r")) {
            CancelScope scope = new CancelScope();
            scope.run(s -> {
                s.cancel(); // cancelled from inside: the read below is a checkpoint
                CancelScope.shielded().run(() -> got.set(f.readLine()));
                f.readLine(); // not run: Cancelled
                got.set("unreachable");
            });
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(got.get()).isEqualTo("first\n");
            assertThat(f.tell()).isEqualTo(6);
            assertThat(f.readLine()).isEqualTo("second\n");
        }
    }

    @WeftTest
    void aTaskAlreadyCancelledReadsNothing() throws IOException {
        try (AsyncFile f = AsyncFile.open(dataFile(), "rb")) {
            CancelScope scope = new CancelScope();
            scope.cancel();
            AtomicBoolean returned = new AtomicBoolean();
            scope.run(s -> {
                f.read(100);
                returned.set(true);
            });
            assertThat(returned).isFalse();
            assertThat(f.tell()).isZero();
            // The same after a read: every read is a checkpoint.
            assertThat(f.read(10)).hasSize(10);
            CancelScope again = new CancelScope();
            again.cancel();
            again.run(s -> {
                f.read(100);
                returned.set(true);
            });
            assertThat(returned).isFalse();
            assertThat(f.tell()).isEqualTo(10);
            assertThat(f.read(1)).containsExactly(0);
        }
    }

    // A regular file's operations run in the calling task: with an interrupt pending, a plain
    // FileChannel read would close the channel (ClosedByInterruptException). The interrupt is held
    // back while the operation runs, and is still pending after it.
    @WeftTest
    void aPendingInterruptNeitherClosesNorFailsARegularFile() throws IOException {
        Path p = dataFile();
        try (AsyncFile f = AsyncFile.open(p, "r+b")) {
            Thread.currentThread().interrupt();
            try {
                assertThat(f.read(10)).isEqualTo(Arrays.copyOf(AsyncFileTest.testData(), 10));
                f.write(new byte[] {7});
                assertThat(f.tell()).isEqualTo(11);
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(f.channel().isOpen()).isTrue();
            assertThat(f.seek(10)).isEqualTo(10);
            assertThat(f.read(1)).containsExactly(7);
        }
    }

    // The limiter bounds a regular file's operations although they run in the task: a read waits
    // for a token (a cancellable wait that reads nothing), and holds it only while it runs.
    @WeftTest
    void aRegularFileReadWaitsForItsLimiterToken() throws IOException {
        var limiter = new CapacityLimiter(1);
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (AsyncFile f =
                AsyncFile.open(dataFile(), "rb", FileOptions.defaults().limiter(limiter))) {
            limiter.totalTokens(0); // the open is done: no token for the read
            CancelScope waiting = new CancelScope();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> waiting.run(s -> got.set(f.read(100))));
                Weft.waitAllTasksBlocked();
                assertThat(limiter.statistics().tasksWaiting()).isEqualTo(1);
                waiting.cancel();
            });
            assertThat(waiting.cancelledCaught()).isTrue();
            assertThat(got.get()).isNull();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> got.set(f.read(100)));
                Weft.waitAllTasksBlocked();
                assertThat(got.get()).isNull();
                limiter.totalTokens(1);
            });
            assertThat(got.get()).isEqualTo(Arrays.copyOf(AsyncFileTest.testData(), 100));
            assertThat(limiter.borrowedTokens()).isZero();
            assertThat(f.tell()).isEqualTo(100);
        }
    }

    // Cancellations that land at random moments, on the threaded backends also while a read runs,
    // never close the file and never lose a completed read: the position is always the sum of the
    // reads that returned.
    @WeftTest
    void cancellationsAtRandomMomentsNeverCloseOrMoveARegularFile() throws IOException {
        byte[] data = new byte[1 << 20];
        new Random(16).nextBytes(data);
        Path p = Files.write(dir.resolve("big"), data);
        Random random = new Random(1234);
        try (AsyncFile f = AsyncFile.open(p, "rb")) {
            long[] position = {0};
            for (int round = 0; round < 300; round++) {
                CancelScope scope = new CancelScope();
                int yields = random.nextInt(8);
                TaskGroup.run(tg -> {
                    tg.startSoon(() ->
                            scope.run(s -> {
                                ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                                for (; ; ) {
                                    int n = f.readInto(buf.clear());
                                    if (n < 0) {
                                        f.seek(0);
                                        position[0] = 0;
                                        continue;
                                    }
                                    int at = (int) position[0];
                                    assertThat(Arrays.equals(buf.array(), 0, n, data, at, at + n))
                                            .isTrue();
                                    position[0] += n;
                                }
                            }));
                    for (int i = 0; i < yields; i++) {
                        Weft.checkpoint();
                    }
                    scope.cancel();
                });
                assertThat(scope.cancelledCaught()).isTrue();
                assertThat(f.channel().isOpen()).isTrue();
                assertThat(f.tell()).isEqualTo(position[0]);
            }
        }
    }

    @WeftTest
    void aCloseInACancelledScopeStillClosesTheFile() throws IOException {
        AsyncFile f = AsyncFile.open(dataFile(), "rb");
        CancelScope scope = new CancelScope();
        scope.cancel();
        AtomicBoolean afterClose = new AtomicBoolean();
        scope.run(s -> {
            f.close();
            afterClose.set(true); // the close itself does not throw Cancelled
            Weft.checkpoint();
        });
        assertThat(afterClose).isTrue();
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(f.channel().isOpen()).isFalse();
        assertThatThrownBy(() -> f.read(1)).isInstanceOf(ClosedResourceError.class);
    }

    // Opening a FIFO blocks until both ends are open, and the reader then blocks in the JDK until
    // data arrives or the channel is closed: closing from another task wakes it.
    @WeftTest
    void closingWakesAReadBlockedInAFifo() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        AtomicReference<AsyncFile> reader = new AtomicReference<>();
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        try (AsyncFile writer =
                TaskGroup.call(tg -> {
                    tg.startSoon(() -> reader.set(AsyncFile.open(fifo, "rb")));
                    return AsyncFile.open(fifo, "wb");
                })) {
            AsyncFile r = reader.get();
            writer.write(new byte[] {42});
            assertThat(r.read(1)).containsExactly(42);
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    try {
                        r.read(1);
                    } catch (Throwable e) {
                        readFailure.set(e);
                    }
                });
                Weft.waitAllTasksBlocked(); // the reader waits for its worker, blocked in read
                r.close();
            });
        }
        assertThat(readFailure.get()).isInstanceOf(ClosedResourceError.class);
    }
}
