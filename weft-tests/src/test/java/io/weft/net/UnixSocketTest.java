package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.TaskGroup;
import io.weft.TaskHandle;
import io.weft.junit.WeftTest;
import io.weft.testing.StreamConformance;
import io.weft.testing.StreamPair;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * UNIX domain socket streams and listeners: the conformance kit, stale socket files, attributes.
 */
class UnixSocketTest {

    private static StreamPair<SocketStream, SocketStream> unixPair(Path dir) throws IOException {
        Path path = Files.createTempFile(dir, "s", ".sock");
        Files.delete(path);
        try (SocketListener listener = Net.createUnixListener(path)) {
            return TaskGroup.call(tg -> {
                TaskHandle<SocketStream> server = tg.startSoon(listener::accept);
                SocketStream client = Net.connectUnix(path);
                return new StreamPair<>(client, server.join());
            });
        } finally {
            Files.deleteIfExists(path);
        }
    }

    @WeftTest
    void unixStreamsConform() throws Exception {
        Path dir = Files.createTempDirectory("weft-unix");
        try {
            StreamConformance.checkByteStream(() -> unixPair(dir), null);
        } finally {
            Files.delete(dir);
        }
    }

    // AnyIO: test_sockets.py::TestUNIXListener::test_listening_bad_socket_file / stale file
    @WeftTest
    void aStaleSocketFileIsReplacedButAnotherFileIsNot() throws Exception {
        Path dir = Files.createTempDirectory("weft-unix");
        Path path = dir.resolve("server.sock");
        try {
            Net.createUnixListener(path).close(); // leaves its socket file behind
            assertThat(path).exists();
            try (SocketListener again = Net.createUnixListener(path)) {
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        try (SocketStream s = again.accept()) {
                            s.send("hi".getBytes(StandardCharsets.UTF_8));
                        }
                    });
                    try (SocketStream c = Net.connectUnix(path)) {
                        assertThat(new String(c.receive(), StandardCharsets.UTF_8)).isEqualTo("hi");
                        assertThat(c.extra(SocketAttribute.FAMILY))
                                .isEqualTo(StandardProtocolFamily.UNIX);
                        assertThat(c.extra(SocketAttribute.REMOTE_ADDRESS))
                                .isEqualTo(UnixDomainSocketAddress.of(path));
                        assertThat(c.extra(SocketAttribute.LOCAL_PORT, -1)).isEqualTo(-1);
                    }
                });
            }
            Files.delete(path);
            Files.writeString(path, "not a socket");
            assertThatThrownBy(() -> Net.createUnixListener(path))
                    .isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("not a socket");
            assertThat(Files.readString(path)).isEqualTo("not a socket");
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    @WeftTest
    void connectingToAPathNobodyListensOnFails() throws Exception {
        Path dir = Files.createTempDirectory("weft-unix");
        try {
            assertThatThrownBy(() -> Net.connectUnix(dir.resolve("nobody.sock")))
                    .isInstanceOf(IOException.class);
        } finally {
            Files.delete(dir);
        }
    }
}
