package io.weft.net;

import static io.weft.net.NetTesting.b;
import static io.weft.net.NetTesting.inTempDir;
import static io.weft.net.NetTesting.reversed;
import static io.weft.net.NetTesting.s;
import static io.weft.net.NetTesting.unixPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BusyResourceError;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.testing.StreamConformance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * UNIX domain socket streams: the conformance kit and the ports of AnyIO's {@code
 * tests/test_sockets.py::TestUNIXStream} ({@link UnixListenerTest} has {@code TestUNIXListener}):
 *
 * <ul>
 *   <li>{@code test_extra_attributes}, {@code test_send_receive[path]}, {@code
 *       test_receive_large_buffer}, {@code test_send_large_buffer}, {@code test_send_eof}, {@code
 *       test_iterate}, {@code test_concurrent_send}, {@code test_concurrent_receive}, {@code
 *       test_close_during_receive}, {@code test_receive_after_close}, {@code
 *       test_send_after_close}, {@code test_cannot_connect}
 * </ul>
 *
 * Not ported, and why:
 *
 * <ul>
 *   <li>{@code test_receive_fds}, {@code test_receive_fds_bad_args}, {@code test_send_fds}, {@code
 *       test_send_fds_bad_args}: NIO cannot pass file descriptors (SCM_RIGHTS) over a UNIX socket,
 *       so Weft has no {@code send_fds} / {@code receive_fds} (see docs/networking.md).
 *   <li>The {@code abstract} parameter of every test: the JDK's {@code UnixDomainSocketAddress}
 *       does not support Linux's abstract namespace.
 *   <li>The {@code str} parameter, {@code test_connecting_using_bytes}, {@code
 *       test_connecting_with_non_utf8}: a path is a {@code java.nio.file.Path}, not a string or
 *       bytes, and the JDK cannot name a file whose name is not valid in the platform encoding.
 * </ul>
 */
class UnixSocketTest {

    @WeftTest
    void unixStreamsConform() throws Exception {
        inTempDir(dir -> {
            int[] n = {0};
            StreamConformance.checkByteStream(
                    () -> unixPair(dir.resolve("s" + n[0]++ + ".sock")), null);
        });
    }

    // AnyIO: TestUNIXStream::test_extra_attributes
    @WeftTest
    void theAttributesNameThePathAndNoPorts() throws Exception {
        inTempDir(dir -> {
            Path path = dir.resolve("socket");
            var p = unixPair(path);
            try (var client = p.first();
                    var server = p.second()) {
                SocketChannel raw = (SocketChannel) client.extra(SocketAttribute.RAW_SOCKET);
                assertThat(client.extra(SocketAttribute.FAMILY))
                        .isEqualTo(StandardProtocolFamily.UNIX);
                assertThat(client.extra(SocketAttribute.LOCAL_ADDRESS))
                        .isEqualTo(raw.getLocalAddress());
                assertThat(client.extra(SocketAttribute.REMOTE_ADDRESS))
                        .isEqualTo(UnixDomainSocketAddress.of(path));
                assertThat(server.extra(SocketAttribute.LOCAL_ADDRESS))
                        .isEqualTo(UnixDomainSocketAddress.of(path));
                NetTesting.assertLacks(
                        client, SocketAttribute.LOCAL_PORT, SocketAttribute.REMOTE_PORT);
            }
        });
    }

    // AnyIO: TestUNIXStream::test_send_receive[path]
    @WeftTest
    void whatIsSentIsReceived() throws Exception {
        NetTesting.withUnixPair((client, server) -> {
            client.send(b("blah"));
            server.send(reversed(server.receive(100)));
            assertThat(s(client.receive())).isEqualTo("halb");
        });
    }

    /** 1 MiB, half 0xff and half 0: more than the kernel buffers hold. */
    private static byte[] largeBuffer() {
        byte[] buffer = new byte[1 << 20];
        Arrays.fill(buffer, 0, buffer.length / 2, (byte) 0xff);
        return buffer;
    }

    // AnyIO: TestUNIXStream::test_receive_large_buffer and test_send_large_buffer
    @WeftTest
    void aBufferLargerThanTheKernelsArrivesWholeEitherWay() throws Exception {
        byte[] buffer = largeBuffer();
        inTempDir(dir -> {
            for (boolean clientSends : new boolean[] {false, true}) {
                NetTesting.withPair(
                        unixPair(dir.resolve("socket")),
                        (client, server) -> {
                            SocketStream sender = clientSends ? client : server;
                            SocketStream receiver = clientSends ? server : client;
                            ByteArrayOutputStream got = new ByteArrayOutputStream();
                            TaskGroup.run(tg -> {
                                tg.startSoon(() -> {
                                    sender.send(buffer);
                                    sender.close();
                                });
                                for (byte[] chunk : receiver) { // until the sender's close
                                    got.writeBytes(chunk);
                                }
                            });
                            assertThat(got.toByteArray()).isEqualTo(buffer);
                        });
            }
        });
    }

    // AnyIO: TestUNIXStream::test_send_eof
    @WeftTest
    void sendEofLetsThePeerReadToTheEndAndReply() throws Exception {
        NetTesting.withUnixPair((client, server) ->
                TaskGroup.run(tg -> NetTesting.assertEofAnsweredReversed(tg, client, server)));
    }

    // AnyIO: TestUNIXStream::test_iterate
    @WeftTest
    void iteratingYieldsChunksUntilTheEnd() throws Exception {
        NetTesting.withUnixPair((client, server) ->
                assertThat(NetTesting.iterateTwoSends(client, server)).containsExactly("bl", "ah"));
    }

    // AnyIO: TestUNIXStream::test_concurrent_send and test_concurrent_receive
    @WeftTest
    void aSecondSenderOrReceiverIsBusy() throws Exception {
        NetTesting.withUnixPair((client, server) ->
                TaskGroup.run(tg -> {
                    NetTesting.startFillingSendBuffers(tg, client);
                    tg.startSoon(() -> client.receive());
                    Weft.waitAllTasksBlocked();
                    assertThatThrownBy(() -> client.send(b("foo")))
                            .isInstanceOf(BusyResourceError.class)
                            .hasMessageContaining("already writing to");
                    assertThatThrownBy(() -> client.receive())
                            .isInstanceOf(BusyResourceError.class)
                            .hasMessageContaining("already reading from");
                    tg.cancel();
                }));
    }

    // AnyIO: TestUNIXStream::test_close_during_receive, test_receive_after_close,
    // test_send_after_close
    @WeftTest
    void closingWakesAReceiveAndEndsTheStream() throws Exception {
        NetTesting.withUnixPair((client, server) -> {
            TaskGroup.run(tg -> {
                tg.startSoon(() ->
                        assertThatThrownBy(() -> client.receive())
                                .isInstanceOf(ClosedResourceError.class));
                Weft.waitAllTasksBlocked();
                client.close();
            });
            assertThatThrownBy(() -> client.receive()).isInstanceOf(ClosedResourceError.class);
            assertThatThrownBy(() -> client.send(b("foo"))).isInstanceOf(ClosedResourceError.class);
            assertThatThrownBy(() -> server.receive()).isInstanceOf(EndOfStream.class);
        });
    }

    // AnyIO: TestUNIXStream::test_cannot_connect (FileNotFoundError in Python)
    @WeftTest
    void connectingToAPathNobodyListensOnFails() throws Exception {
        inTempDir(dir ->
                assertThatThrownBy(() -> Net.connectUnix(dir.resolve("nobody.sock")))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("No such file"));
    }
}
