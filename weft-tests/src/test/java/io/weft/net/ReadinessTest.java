package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BusyResourceError;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;

/** Net.waitReadable / waitWritable / notifyClosing on a user's own non-blocking channel. */
class ReadinessTest {

    private static Pipe pipe() throws Exception {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        return p;
    }

    // AnyIO: test_sockets.py::test_wait_readable / test_wait_writable
    @WeftTest
    void aWaitEndsWhenTheChannelIsReady() throws Exception {
        Pipe p = pipe();
        try (var source = p.source();
                var sink = p.sink()) {
            Net.waitWritable(sink); // an empty pipe has room
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    Net.waitReadable(source);
                    ByteBuffer b = ByteBuffer.allocate(4);
                    assertThat(source.read(b)).isEqualTo(1);
                });
                Weft.waitAllTasksBlocked();
                sink.write(ByteBuffer.wrap(new byte[] {42}));
            });
        }
    }

    @WeftTest
    void aCancelledWaitLeavesTheChannelAsItWas() throws Exception {
        Pipe p = pipe();
        try (var source = p.source();
                var sink = p.sink()) {
            CancelScope scope = new CancelScope();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    Weft.waitAllTasksBlocked();
                    scope.cancel();
                });
                scope.run(s -> Net.waitReadable(source));
            });
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(source.isOpen()).isTrue();
            sink.write(ByteBuffer.wrap(new byte[] {7}));
            Net.waitReadable(source);
            ByteBuffer b = ByteBuffer.allocate(4);
            assertThat(source.read(b)).isEqualTo(1);
            assertThat(b.get(0)).isEqualTo((byte) 7);
        }
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
}
