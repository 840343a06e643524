package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BusyResourceError;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Net.waitReadable / waitWritable / notifyClosing on a user's own non-blocking channel. Ports of
 * AnyIO's {@code tests/test_sockets.py::test_wait_socket[readable, writable][socket]} (on a pipe
 * and on a connected TCP socket). Not ported: the {@code fd} parameter (Java waits on a channel,
 * not a raw descriptor) and {@code test_deprecated_wait_socket} ({@code wait_socket_readable} /
 * {@code wait_socket_writable} are AnyIO's deprecated names; Weft never had them).
 */
class ReadinessTest {

    private static Pipe pipe() throws Exception {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        return p;
    }

    /**
     * A task waits for {@code source} to be readable and reads one byte, which this task writes to
     * {@code sink} once that task waits.
     */
    private static void readInATaskWhatIsWrittenOnceItWaits(
            Pipe.SourceChannel source, Pipe.SinkChannel sink, int b) {
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Net.waitReadable(source);
                ByteBuffer got = ByteBuffer.allocate(4);
                assertThat(source.read(got)).isEqualTo(1);
                assertThat(got.get(0)).isEqualTo((byte) b);
            });
            Weft.waitAllTasksBlocked();
            sink.write(ByteBuffer.wrap(new byte[] {(byte) b}));
        });
    }

    /** A wait for {@code source} to be readable, cancelled once every task waits; its scope. */
    private static CancelScope cancelledReadWait(Pipe.SourceChannel source) {
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                Weft.waitAllTasksBlocked();
                scope.cancel();
            });
            scope.run(s -> Net.waitReadable(source));
        });
        return scope;
    }

    // AnyIO: test_sockets.py::test_wait_readable / test_wait_writable
    @WeftTest
    void aWaitEndsWhenTheChannelIsReady() throws Exception {
        Pipe p = pipe();
        try (var source = p.source();
                var sink = p.sink()) {
            Net.waitWritable(sink); // an empty pipe has room
            readInATaskWhatIsWrittenOnceItWaits(source, sink, 42);
        }
    }

    @WeftTest
    void aCancelledWaitLeavesTheChannelAsItWas() throws Exception {
        Pipe p = pipe();
        try (var source = p.source();
                var sink = p.sink()) {
            assertThat(cancelledReadWait(source).cancelledCaught()).isTrue();
            assertThat(source.isOpen()).isTrue();
            sink.write(ByteBuffer.wrap(new byte[] {7}));
            Net.waitReadable(source);
            ByteBuffer b = ByteBuffer.allocate(4);
            assertThat(source.read(b)).isEqualTo(1);
            assertThat(b.get(0)).isEqualTo((byte) 7);
        }
    }

    @WeftTest
    void aWaitOnAChannelClosedWithoutNotifyClosingFailsInsteadOfHanging() throws Exception {
        // No key can ever report a closed channel ready: the poller must fail the wait itself
        // (this is where a listener closed just before its accept waited used to hang).
        Pipe p = pipe();
        p.sink().close();
        p.source().close();
        assertThatThrownBy(() -> Net.waitReadable(p.source()))
                .isInstanceOf(ClosedResourceError.class);
        assertThatThrownBy(() -> Net.waitWritable(p.sink()))
                .isInstanceOf(ClosedResourceError.class);
    }

    // AnyIO: a second waiter on the same fd raises BusyResourceError
    @WeftTest
    void aSecondWaiterInTheSameDirectionIsBusy() throws Exception {
        Pipe p = pipe();
        try (var source = p.source();
                var sink = p.sink()) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> Net.waitReadable(source));
                Weft.waitAllTasksBlocked();
                assertThatThrownBy(() -> Net.waitReadable(source))
                        .isInstanceOf(BusyResourceError.class)
                        .hasMessageContaining("readable");
                sink.write(ByteBuffer.wrap(new byte[] {1}));
            });
        }
    }

    // AnyIO: test_sockets.py::test_interrupted_by_close (notify_closing wakes the waiters)
    @WeftTest
    void notifyClosingWakesTheWaitersAndFailsLaterWaits() throws Exception {
        Pipe p = pipe();
        try (var source = p.source();
                var sink = p.sink()) {
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        assertThatThrownBy(() -> Net.waitReadable(source))
                                .isInstanceOf(ClosedResourceError.class));
                Weft.waitAllTasksBlocked();
                Net.notifyClosing(source);
            });
            assertThatThrownBy(() -> Net.waitReadable(source))
                    .isInstanceOf(ClosedResourceError.class);
            assertThat(source.isOpen()).as("notifyClosing does not close").isTrue();
            Net.waitWritable(sink); // other channels are unaffected
        }
    }

    /**
     * A readiness that arrives while nobody waits is dropped, and the next wait still hears of the
     * next one (a poller that arms a channel for one report per wait, as epoll's one-shot mode
     * does, must arm it again for the next wait).
     */
    @WeftTest
    void aReadinessReportedToNobodyDoesNotDeafenTheNextWait() throws Exception {
        Pipe p = pipe();
        try (var source = p.source();
                var sink = p.sink()) {
            cancelledReadWait(source);
            sink.write(ByteBuffer.wrap(new byte[] {1})); // reported while nobody waits
            Net.waitReadable(source); // the data is still there: level-triggered
            assertThat(source.read(ByteBuffer.allocate(4))).isEqualTo(1);
            readInATaskWhatIsWrittenOnceItWaits(source, sink, 2);
        }
    }

    /**
     * A task waiting to read and another waiting to write the same socket are woken each by its own
     * readiness: the reader when data comes, whether or not the writer still waits (loopback may
     * find room for the writer early, so their order is not checked), the writer once the peer has
     * drained what was sent.
     */
    @WeftTest
    void aReaderAndAWriterOfOneSocketAreWokenIndependently() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel conn = server.accept()) {
                client.configureBlocking(false);
                conn.configureBlocking(false);
                ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                long written = 0;
                for (int n; (n = client.write(chunk.clear())) > 0; ) {
                    written += n; // until the send buffers are full and the client cannot write
                }
                boolean[] wrote = new boolean[1];
                long toDrain = written;
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        Net.waitWritable(client);
                        wrote[0] = true;
                    });
                    tg.startSoon(() -> {
                        Net.waitReadable(client);
                        assertThat(client.read(ByteBuffer.allocate(4))).isEqualTo(1);
                    });
                    Weft.waitAllTasksBlocked();
                    conn.write(ByteBuffer.wrap(new byte[] {9}));
                    ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
                    for (long left = toDrain; left > 0; ) {
                        int n = conn.read(sink.clear());
                        if (n == 0) {
                            Net.waitReadable(conn);
                        }
                        left -= n;
                    }
                });
                assertThat(wrote[0]).isTrue();
            }
        }
    }

    /**
     * A channel closed without {@code notifyClosing} gives its descriptor number back to the OS,
     * which hands it to the next channel opened: a wait on that new channel is watched afresh and
     * ends when it is ready.
     */
    @WeftTest
    void aNewChannelOnAReusedDescriptorIsWatchedAfresh() throws Exception {
        Pipe old = pipe();
        cancelledReadWait(old.source());
        old.source().close();
        old.sink().close();
        Pipe p = pipe(); // the lowest free numbers: most likely the old pipe's
        try (var source = p.source();
                var sink = p.sink()) {
            readInATaskWhatIsWrittenOnceItWaits(source, sink, 3);
        }
    }

    // AnyIO: test_sockets.py::test_wait_socket[readable-socket, writable-socket]
    @WeftTest
    void aConnectedSocketOfOnesOwnBecomesReadableAndWritable() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                client.write(ByteBuffer.wrap("Hello, world".getBytes(StandardCharsets.UTF_8)));
            } // closed: the data is there to read
            try (SocketChannel conn = server.accept()) {
                conn.configureBlocking(false);
                Net.waitWritable(conn);
                Net.waitReadable(conn);
                ByteBuffer got = ByteBuffer.allocate(1024);
                int n = conn.read(got);
                assertThat(new String(got.array(), 0, n, StandardCharsets.UTF_8))
                        .isEqualTo("Hello, world");
            }
        }
    }
}
