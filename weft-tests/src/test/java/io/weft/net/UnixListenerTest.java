package io.weft.net;

import static io.weft.net.NetTesting.b;
import static io.weft.net.NetTesting.inTempDir;
import static io.weft.net.NetTesting.reversed;
import static io.weft.net.NetTesting.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.TaskGroup;
import io.weft.junit.WeftTest;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * UNIX listeners: stale socket files, the socket file's mode, the backlog. Ports of AnyIO's {@code
 * tests/test_sockets.py::TestUNIXListener}:
 *
 * <ul>
 *   <li>{@code test_extra_attributes}, {@code test_accept[path]}, {@code test_socket_options},
 *       {@code test_send_after_eof}, {@code test_bind_twice} (and a file that is not a socket is
 *       not removed)
 * </ul>
 *
 * Not ported: the {@code abstract} and {@code str} parameters, {@code test_listening_bytes_path}
 * and {@code test_listening_invalid_ascii}, for the reasons {@link UnixSocketTest} gives.
 */
class UnixListenerTest {

    // AnyIO: TestUNIXListener::test_extra_attributes
    @WeftTest
    void aListenerHasItsPathAndNoPortsOrPeer() throws Exception {
        NetTesting.withUnixListener((path, listener) -> {
            ServerSocketChannel raw =
                    (ServerSocketChannel) listener.extra(SocketAttribute.RAW_SOCKET);
            assertThat(listener.extra(SocketAttribute.FAMILY))
                    .isEqualTo(StandardProtocolFamily.UNIX);
            assertThat(listener.extra(SocketAttribute.LOCAL_ADDRESS))
                    .isEqualTo(raw.getLocalAddress())
                    .isEqualTo(UnixDomainSocketAddress.of(path));
            NetTesting.assertLacks(
                    listener,
                    SocketAttribute.LOCAL_PORT,
                    SocketAttribute.REMOTE_ADDRESS,
                    SocketAttribute.REMOTE_PORT);
            assertThatThrownBy(listener::localAddress)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a UNIX listener has no IP address");
        });
    }

    // AnyIO: TestUNIXListener::test_accept[path] and test_socket_options
    @WeftTest
    void aListenerAcceptsAndTheStreamIsSetUp() throws Exception {
        NetTesting.withUnixListener((path, listener) -> {
            ServerSocketChannel raw =
                    (ServerSocketChannel) listener.extra(SocketAttribute.RAW_SOCKET);
            raw.setOption(StandardSocketOptions.SO_RCVBUF, 80000);
            assertThat(raw.getOption(StandardSocketOptions.SO_RCVBUF)).isIn(80000, 160000);
            try (SocketStream client = Net.connectUnix(path);
                    SocketStream stream = listener.accept()) {
                assertThat(((SocketChannel) stream.extra(SocketAttribute.RAW_SOCKET)).isBlocking())
                        .isFalse();
                assertThat(stream.extra(SocketAttribute.FAMILY))
                        .isEqualTo(StandardProtocolFamily.UNIX);
                client.send(b("blah"));
                stream.send(reversed(stream.receive()));
                assertThat(s(client.receive(100))).isEqualTo("halb");
            }
        });
    }

    // AnyIO: TestUNIXListener::test_send_after_eof
    @WeftTest
    void aHandlerCanSendAfterTheClientsEof() throws Exception {
        NetTesting.withUnixListener((path, listener) ->
                TaskGroup.run(tg -> {
                    tg.startSoon(() ->
                            listener.serve(stream -> {
                                try (stream) {
                                    stream.send(b("Hello\n"));
                                }
                            }));
                    try (SocketStream client = Net.connectUnix(path)) {
                        client.sendEof();
                        assertThat(s(client.receive(10))).isEqualTo("Hello\n");
                    }
                    tg.cancel();
                }));
    }

    // AnyIO: TestUNIXListener::test_bind_twice (the stale socket file is removed first)
    @WeftTest
    void aStaleSocketFileIsReplacedButAnotherFileIsNot() throws Exception {
        inTempDir(dir -> {
            Path path = dir.resolve("server.sock");
            Net.createUnixListener(path).close(); // leaves its socket file behind
            assertThat(path).exists();
            try (SocketListener again = Net.createUnixListener(path);
                    SocketStream c = Net.connectUnix(path);
                    SocketStream s = again.accept()) {
                s.send(b("hi"));
                assertThat(s(c.receive())).isEqualTo("hi");
            }
            Files.delete(path);
            Files.writeString(path, "not a socket");
            assertThatThrownBy(() -> Net.createUnixListener(path))
                    .isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("not a socket");
            assertThat(Files.readString(path)).isEqualTo("not a socket");
        });
    }

    @WeftTest
    void theModeBecomesTheSocketFilesPermissions() throws Exception {
        inTempDir(dir -> {
            for (String mode : new String[] {"rw-------", "rw-rw-rw-", "rwx------"}) {
                Path path = dir.resolve("socket");
                Set<PosixFilePermission> perms = PosixFilePermissions.fromString(mode);
                try (SocketListener listener = Net.createUnixListener(path, perms, 16);
                        SocketStream c = Net.connectUnix(path);
                        SocketStream s = listener.accept()) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                            .isEqualTo(mode);
                    s.send(b("ok")); // and the listener works
                    assertThat(s(c.receive())).isEqualTo("ok");
                }
            }
            Path plain = dir.resolve("plain");
            Net.createUnixListener(plain, null, 16).close(); // null: as the OS and umask made it
            assertThat(Files.getPosixFilePermissions(plain)).isNotEmpty();
        });
    }

    @WeftTest
    void aBacklogBelowOneIsRejectedBeforeAnythingIsMade() throws Exception {
        inTempDir(dir -> {
            Path path = dir.resolve("socket");
            assertThatThrownBy(() -> Net.createUnixListener(path, null, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the backlog must be at least 1, not 0");
            assertThat(path).doesNotExist();
            Net.createUnixListener(path, null, Integer.MAX_VALUE).close(); // cut to 65,536
            assertThat(path).exists();
        });
    }
}
